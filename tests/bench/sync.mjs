// Team sync's figures on the loopback address, printed next to their budgets (never pass/fail):
// one edit from "saved" on one device to shown on the other (a small network, median of 5), and
// the first sync of a 10,000-partner network: pushed by the device that has it, pulled by a new
// one. pouchdb-server --in-memory is the server (tests/e2e/couch.mjs).
// Usage (tests/run.py --bench does this): node tests/bench/sync.mjs <10k-partner Kolo file>
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const E2E = path.join(HERE, '..', 'e2e');
const { addPartner, click, launch, openApp, startServer, state, waitState } = await import(path.join(E2E, 'harness.mjs'));
const { connect, startCouch, synced, until } = await import(path.join(E2E, 'couch.mjs'));

const bigFile = process.argv[2];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (what, value, budget) => console.log(`[browser] sync: ${what}: ${value} (budget ${budget})`);

// Watches, inside the page, for the partner count to reach `n`: resolves with Date.now() then
// (the machine's clock, shared by both browsers), polled every 10 ms.
function watchCount(page, n) {
  return page.evaluate((want) => new Promise((resolve) => {
    const timer = setInterval(() => {
      const s = window.kolo.state();
      if (s.counts && s.counts.partners >= want) { clearInterval(timer); resolve(Date.now()); }
    }, 10);
  }), n);
}
// Date.now() when the device showed its last change as saved.
function watchSaved(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const timer = setInterval(() => {
      const s = window.kolo.state();
      if (s.save === 'saved' && s.saved_revision === s.revision) { clearInterval(timer); resolve(Date.now()); }
    }, 10);
  }));
}

async function oneEdit(a, b, names) {
  const times = [];
  for (const name of names) {
    const before = (await state(a)).counts.partners;
    await a.evaluate(() => { window.koloSyncTrace = []; });
    await b.evaluate(() => { window.koloSyncTrace = []; });
    const shown = watchCount(a, before + 1);
    await addPartner(b, name);
    const saved = await watchSaved(b);
    const at = await shown;
    times.push(at - saved);
    if (process.env.KOLO_SYNC_TRACE) {
      const steps = [...(await b.evaluate(() => window.koloSyncTrace)).map(([t, w]) => [t, `B ${w}`]),
                     ...(await a.evaluate(() => window.koloSyncTrace)).map(([t, w]) => [t, `A ${w}`])].sort((x, y) => x[0] - y[0]);
      console.log(`  saved at 0, shown at ${at - saved}: ` + steps.map(([t, w]) => `${w} ${t - saved}`).join(', '));
    }
  }
  return times;
}

const server = await startServer();
const couch = await startCouch();
const contexts = [];
try {
  // One edit, small network.
  for (let i = 0; i < 2; i++) contexts.push((await launch({})).context);
  const db = `${couch.base}/kolo-small`;
  const a = await openApp(contexts[0], server.url);
  await addPartner(a, 'Школа');
  await connect(a, db, 'bench pass');
  await synced(a);
  const b = await openApp(contexts[1], server.url);
  await connect(b, db, 'bench pass');
  await until(b, 'the second device', (s) => s.sync.state === 'synced' && s.counts.partners === 1);
  const small = await oneEdit(a, b, ['А1', 'А2', 'А3', 'А4', 'А5']);
  line('one edit, saved on one device -> shown on the other (small network, median of 5)',
    `${median(small)} ms, max ${Math.max(...small)} ms`, '1 s');
  for (const c of contexts.splice(0)) await c.close();

  if (bigFile) {
    for (let i = 0; i < 2; i++) contexts.push((await launch({})).context);
    const big = `${couch.base}/kolo-10k`;
    const p = await openApp(contexts[0], server.url);
    await click(p, 'nav.settings');
    const [chooser] = await Promise.all([p.waitForEvent('filechooser'), click(p, 'data.import')]);
    await chooser.setFiles(bigFile);
    await waitState(p, (s) => s.import && s.import.readable, null, 120000);
    await click(p, 'import.replace');
    await waitState(p, (s) => !s.import && s.save === 'saved' && s.saved_revision === s.revision, null, 300000);
    const total = (await state(p)).counts.partners;
    let t0 = Date.now();
    await connect(p, big, 'bench pass');
    const pushed = await until(p, 'the first push', (s) => s.sync.state === 'synced' && s.sync.pending === 0, 1800000);
    const pushMs = Date.now() - t0;
    const docs = (await (await fetch(`${big}`)).json()).doc_count;
    line(`first sync of ${total} partners, pushed by the device that has them (${docs} documents)`,
      `${(pushMs / 1000).toFixed(1)} s, ${pushed.sync.pushed} pushed`, 'none set');
    const q = await openApp(contexts[1], server.url);
    t0 = Date.now();
    await connect(q, big, 'bench pass');
    await until(q, 'the first pull', (s) => s.sync.state === 'synced' && s.counts.partners === total, 1800000);
    line(`first sync of ${total} partners, pulled by a new device`, `${((Date.now() - t0) / 1000).toFixed(1)} s`, 'none set');
    const large = await oneEdit(p, q, ['Б1', 'Б2', 'Б3']);
    line(`one edit at ${total} partners, saved on one device -> shown on the other (median of 3)`,
      `${median(large)} ms, max ${Math.max(...large)} ms`, '1 s');
  }
} finally {
  for (const c of contexts) await c.close().catch(() => {});
  await couch.stop();
  await server.close();
}
