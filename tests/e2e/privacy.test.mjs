// Privacy a psychologist can show her clients (issue 17), in a real browser through real mouse
// and keyboard: an export of data holding a client case says so and is encrypted with a
// passphrase (WebCrypto, shell/kolo_privacy.js): the file holds no plaintext of the case, and
// opens again only with the right passphrase (a wrong one says so and changes nothing; a
// damaged file is refused). "Forget this device" removes the data, the settings and the
// database, in this tab and another open one, which reload empty and write nothing back; a
// database another page holds open is reported as blocked until it lets go.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  addPartner, assert, click, dropFiles, item, items, launch, openApp, reveal, state, typeCyrillic, waitState, withApp,
} from './harness.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-e2e-privacy-'));
const MARKER = 'QZX7731';  // the case's alias: must never appear in the encrypted file
const PASSPHRASE = 'kolo-pass-1';
const TALL = { width: 1280, height: 1400 };
// All of Settings without scrolling: the wheel over its multi-line fields would scroll them
// instead of the view.
const TALLER = { width: 1280, height: 2400 };

const saved = (page) => waitState(page, (s) => s.save === 'saved' && s.saved_revision === s.revision, null, 15000);

// The accessible mirror (rebuilt ~100 ms after a frame) says `text`.
async function says(page, text) {
  await page.waitForFunction((t) => (document.getElementById('kolo-a11y') || {}).textContent.includes(t), text,
    { timeout: 10000 }).catch(async () => {
    throw new Error(`the page does not say "${text}": ${await page.evaluate(() => document.getElementById('kolo-a11y').textContent)}`);
  });
}

// Clicks field `id` and types `text` (short, ASCII: a key and a frame per character).
async function type(page, id, text) {
  await click(page, id);
  await typeCyrillic(page, text);
}

// A case with the marker as its alias, through the Clients view.
async function addCase(page) {
  await click(page, 'nav.clients');
  await click(page, 'clients.new');
  await type(page, 'case.alias', MARKER);
  await click(page, 'case.save');
  await waitState(page, (s) => s.case_open > 0 && !s.case_dirty && s.counts.cases === 1);
}

// What IndexedDB database `name` holds: {records, meta: [every meta entry]}, or null when the
// browser lists no such database.
async function database(page, name = 'kolo') {
  return page.evaluate((n) => indexedDB.databases().then((dbs) => {
    if (!dbs.some((d) => d.name === n)) return null;
    return new Promise((resolve, reject) => {
      const open = indexedDB.open(n);
      open.onsuccess = () => {
        const tx = open.result.transaction(['records', 'meta']);
        const records = tx.objectStore('records').getAll();
        const meta = tx.objectStore('meta').getAll();
        tx.oncomplete = () => { open.result.close(); resolve({ records: records.result, meta: meta.result }); };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    });
  }), name);
}

// Stands in for what the user cannot see: a mark left in the database (meta store), which only
// a database deleted and made anew would lack.
async function markDatabase(page) {
  await page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('kolo');
    open.onsuccess = () => {
      const tx = open.result.transaction('meta', 'readwrite');
      tx.objectStore('meta').put({ k: 'e2e-mark', at: Date.now() });
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

// Waits until `page` has been reloaded (the mark set before is gone) and the app is ready.
async function reloaded(page, timeout = 30000) {
  const until = Date.now() + timeout;
  for (;;) {
    const fresh = await page.evaluate(() => !window.__koloBefore && !!window.kolo && !!window.kolo.ready).catch(() => false);
    if (fresh) break;
    if (Date.now() > until) throw new Error('the page did not reload');
    await page.waitForTimeout(100);
  }
  await page.evaluate(() => window.kolo.ready);
  page.koloPointer = null;
}

// A fresh browser tall enough for Settings, the app open in it with partner `name` saved.
async function withPartner(url, name, body) {
  const { context } = await launch(TALLER);
  try {
    const page = await openApp(context, url);
    await addPartner(page, name);
    await saved(page);
    await body(page, context);
  } finally {
    await context.close().catch(() => {});
  }
}

async function forgetFromSettings(page) {
  await click(page, 'nav.settings');
  await waitState(page, (s) => s.view === 'settings');
  await reveal(page, 'privacy.forget').catch(async (e) => {
    const s = await state(page);
    throw new Error(`${e.message}; view ${s.view}, error "${s.error}", notices ${JSON.stringify(s.notices)}, conflicts ${s.conflicts}, ` +
      `items ${JSON.stringify((await items(page)).filter((i) => i.id.startsWith('privacy') || i.id.startsWith('settings.')))}`);
  });
  await click(page, 'privacy.forget');
  await item(page, 'forget.confirm');
  await click(page, 'forget.confirm');
}

export const tests = [
  {
    name: 'an export with a client case says so, is encrypted, and opens again only with its passphrase',
    timeout: 240000,
    run: async ({ url }) => {
      const file = path.join(tmp, 'export.kolo-encrypted.json');
      await withApp(TALL, url, async (page) => {
        await addCase(page);
        await saved(page);
        await click(page, 'nav.settings');
        await says(page, 'This file contains client cases and referrals');
        assert((await state(page)).privacy.client_data === true, 'the app does not know the data holds a case');
        await reveal(page, 'privacy.encrypt');
        await click(page, 'privacy.encrypt');
        await type(page, 'privacy.passphrase', PASSPHRASE);
        // The passphrase never reaches the page's own text element.
        const mirrored = await page.evaluate(() => document.getElementById('kolo-input').value);
        assert(mirrored === '*'.repeat(PASSPHRASE.length), `the page's text element holds "${mirrored}"`);
        await type(page, 'privacy.passphrase_again', PASSPHRASE);
        await waitState(page, (s) => s.privacy.passphrase_ok);
        await reveal(page, 'privacy.export');
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), click(page, 'privacy.export')]);
        assert(download.suggestedFilename().endsWith('.kolo-encrypted.json'), `file name ${download.suggestedFilename()}`);
        await download.saveAs(file);
        await waitState(page, (s) => !s.privacy.export_in_flight && s.privacy.exported.endsWith('.kolo-encrypted.json'));
        const text = fs.readFileSync(file, 'utf8');
        assert(!text.includes(MARKER) && !text.includes('"cases"') && !text.includes(PASSPHRASE), 'the encrypted file holds plaintext');
        const env = JSON.parse(text);
        assert(env.format === 'kolo-encrypted' && env.version === 1 && env.cipher === 'AES-GCM' &&
          env.kdf.name === 'PBKDF2' && env.kdf.hash === 'SHA-256' && env.kdf.iterations === 600000, `envelope: ${text.slice(0, 200)}`);
        assert(Buffer.from(env.kdf.salt, 'base64').length === 16 && Buffer.from(env.iv, 'base64').length === 12, 'salt or IV');
        assert(!Buffer.from(env.ct, 'base64').toString('latin1').includes(MARKER), 'the ciphertext holds the marker');
        assert((await state(page)).privacy.passphrase_ok === false, 'the passphrase was kept after the export');
      });

      // Another browser, empty: a damaged file is refused, a wrong passphrase changes nothing,
      // the right one leads to the usual import.
      await withApp(TALL, url, async (page) => {
        const damaged = path.join(tmp, 'damaged.kolo-encrypted.json');
        const env = JSON.parse(fs.readFileSync(file, 'utf8'));
        fs.writeFileSync(damaged, JSON.stringify({ ...env, iv: 'AAEC' }));
        await dropFiles(page, [damaged]);
        await waitState(page, (s) => s.error !== '');
        let s = await state(page);
        assert(s.error.includes('damaged.kolo-encrypted.json cannot be opened') && s.error.includes('/iv'), `message: ${s.error}`);
        assert(s.privacy.unlock === null && !s.import, 'a damaged file asked for a passphrase');
        await click(page, 'error.ok');

        await dropFiles(page, [file]);
        await waitState(page, (st) => st.privacy.unlock && st.privacy.unlock.file === 'export.kolo-encrypted.json');
        const before = await state(page);
        await type(page, 'unlock.passphrase', 'wrong-pass');
        await click(page, 'unlock.open');
        await waitState(page, (st) => st.privacy.unlock && st.privacy.unlock.wrong && !st.privacy.unlock.in_flight, null, 60000);
        await says(page, 'Wrong passphrase, nothing was imported.');
        s = await state(page);
        assert(s.revision === before.revision && s.counts.cases === 0 && !s.import, 'a wrong passphrase changed something');

        await type(page, 'unlock.passphrase', PASSPHRASE);
        await click(page, 'unlock.open');
        await waitState(page, (st) => st.import && st.import.readable && st.privacy.unlock === null, null, 60000);
        s = await state(page);
        assert(s.import.file === 'export.json', `the import names ${s.import.file}`);
        assert(s.counts.cases === 0, 'imported before the user chose');
        await click(page, 'import.merge');
        await waitState(page, (st) => !st.import && st.counts.cases === 1);
        await click(page, 'nav.clients');
        await says(page, MARKER);
      });
    },
  },
  {
    name: 'forget this device empties this tab and another, deletes the database, writes nothing back',
    timeout: 180000,
    run: ({ url }) => withPartner(url, 'Forget me', async (page, context) => {
      await click(page, 'lang.uk');  // a setting, kept in localStorage
      const other = await openApp(context, url, { newTab: true });
      await waitState(other, (s) => s.counts.partners === 1 && s.lang === 'uk');
      await markDatabase(page);
      assert(await page.evaluate(() => localStorage.getItem('kolo.settings') !== null), 'no settings were stored');
      for (const p of [page, other]) await p.evaluate(() => { window.__koloBefore = true; });

      await forgetFromSettings(page);
      await reloaded(page);
      await reloaded(other);
      for (const [which, p] of [['this tab', page], ['the other tab', other]]) {
        await saved(p);
        const s = await state(p);
        assert(s.counts.partners === 0 && s.lang === 'en', `${which} after forgetting: ${JSON.stringify({ counts: s.counts, lang: s.lang })}`);
      }
      // A moment for anything that would write back, then what the browser keeps.
      await page.waitForTimeout(1000);
      const db = await database(page);
      assert(db && db.records.length === 0, `records after forgetting: ${JSON.stringify(db && db.records)}`);
      assert(!db.meta.some((m) => m.k === 'e2e-mark'), 'the database was emptied, not deleted');
      const settings = await page.evaluate(() => localStorage.getItem('kolo.settings'));
      assert(!settings || !settings.includes('"uk"'), `settings survived: ${settings}`);
      const errors = [...page.errors, ...other.errors];
      assert(errors.length === 0, `errors on the pages:\n${errors.join('\n')}`);
    }),
  },
  {
    name: 'a database another page holds open is reported as blocked, and removed once it lets go',
    timeout: 120000,
    run: ({ url }) => withPartner(url, 'Held', async (page, context) => {
      // Stands in for another program of this site holding the database (no Kolo tab: it is
      // not told to let go): a page of the same origin that is not the app.
      const holder = await context.newPage();
      await holder.goto(new URL('favicon.svg', url).href);
      await holder.evaluate(() => new Promise((resolve) => {
        const open = indexedDB.open('kolo');
        open.onsuccess = () => { window.held = open.result; resolve(); };
      }));
      await page.evaluate(() => { window.__koloBefore = true; });
      await forgetFromSettings(page);
      await waitState(page, (s) => s.privacy.forget.error.includes('keeps the data open'), null, 20000);
      await says(page, 'Close the other Kolo tabs');
      await holder.evaluate(() => window.held.close());
      await reloaded(page);
      await saved(page);
      assert((await state(page)).counts.partners === 0, 'the data survived');
    }),
  },
];
