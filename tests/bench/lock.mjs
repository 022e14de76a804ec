// The passphrase lock's figures at 10,000 partners, printed next to their budgets (never
// pass/fail): turning it on (every record sealed), a start with the data locked (from the
// passphrase to the data shown) against the same start without the lock, and one save under the
// lock. Real clicks and keys, as in tests/e2e/lock.test.mjs.
// Usage (tests/run.py --bench does this): node tests/bench/lock.mjs <10k-partner Kolo file>
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const E2E = path.join(HERE, '..', 'e2e');
const { addPartner, click, launch, openApp, reveal, startServer, state, typeCyrillic, waitState } =
  await import(path.join(E2E, 'harness.mjs'));

const bigFile = process.argv[2];
const line = (what, value, budget) => console.log(`[browser] lock: ${what}: ${value} (budget ${budget})`);
const PASS = 'benchpas';
const saved = (page, timeout = 300000) => waitState(page, (s) => s.save === 'saved' && s.saved_revision === s.revision, null, timeout);

// Reloads and resolves with the ms from the reload to `ready(state)` (polled in the page).
async function timedStart(page, ready) {
  const t0 = Date.now();
  await page.reload();
  await page.waitForFunction(() => window.kolo && window.kolo.ready, null, { timeout: 300000 });
  await page.waitForFunction(`(${ready})(window.kolo.state())`, null, { timeout: 300000, polling: 20 });
  page.koloPointer = null;
  return Date.now() - t0;
}

if (!bigFile) {
  console.log('usage: node tests/bench/lock.mjs <10k-partner Kolo file>');
  process.exit(2);
}
const server = await startServer();
const { context } = await launch({ height: 2400 });
try {
  const p = await openApp(context, server.url);
  await click(p, 'nav.settings');
  const [chooser] = await Promise.all([p.waitForEvent('filechooser'), click(p, 'data.import')]);
  await chooser.setFiles(bigFile);
  await waitState(p, (s) => s.import && s.import.readable, null, 120000);
  await click(p, 'import.replace');
  await waitState(p, (s) => !s.import, null, 300000);
  await saved(p);
  const total = (await state(p)).counts.partners;
  const plain = await timedStart(p, (s) => s.save === 'saved' && s.counts.partners > 0);

  await click(p, 'nav.settings');
  await reveal(p, 'lock.passphrase');
  for (const id of ['lock.passphrase', 'lock.passphrase_again']) {
    await click(p, id);
    await typeCyrillic(p, PASS);
  }
  let t0 = Date.now();
  await click(p, 'lock.on');
  await waitState(p, (s) => s.lock.done === 'lock.turned_on' && !s.lock.busy, null, 1800000);
  line(`turning the lock on at ${total} partners (every record sealed)`, `${((Date.now() - t0) / 1000).toFixed(1)} s`, 'none set');

  await timedStart(p, (s) => s.lock.screen);
  await click(p, 'lockscreen.passphrase');
  await typeCyrillic(p, PASS);
  t0 = Date.now();
  await click(p, 'lockscreen.open');
  await p.waitForFunction(() => window.kolo.state().counts.partners > 0 && !window.kolo.state().lock.screen, null, { timeout: 300000, polling: 20 });
  line(`a start with the data locked, from the passphrase to ${total} partners shown`,
    `${((Date.now() - t0) / 1000).toFixed(1)} s (the same start without the lock, from the reload: ${(plain / 1000).toFixed(1)} s)`, 'none set');

  await addPartner(p, 'Ш1');
  await saved(p, 60000);
  const w = await p.evaluate(() => window.kolo.state().last_write);
  line('one save under the lock (the write in the browser, sealing included)', `${w ? Math.round(w.ms) : '?'} ms`, 'none set');
} finally {
  await context.close().catch(() => {});
  await server.close();
}
