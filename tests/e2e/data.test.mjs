// The user's data in a real browser: it survives reloads and restarts, recovers from a
// corrupt snapshot, is never lost between two tabs, says so when storage is missing or full,
// refuses bad files without changing anything, and round-trips through export and import.
// Storage failures are produced by changing the browser's environment before the page loads
// (no IndexedDB, a full disk); the user's actions are always real clicks and keys.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addPartner, assert, click, item, items, launch, openApp, reloadApp, reveal, state, typeCyrillic, waitState } from './harness.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-e2e-files-'));

// "Saved" as the user sees it, for the revision the user is looking at.
const saved = (page) => waitState(page, (s) => s.save === 'saved' && s.saved_revision === s.revision, null, 15000);

async function partnerNames(page) {
  await click(page, 'nav.partners');  // the frame after the click draws the directory
  return (await items(page)).filter((i) => i.id.startsWith('partners.row.')).map((i) => i.label);
}

async function pickFile(page, buttonId, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, buttonId)]);
  await chooser.setFiles(file);
}

async function exportDocument(page, file) {
  await click(page, 'nav.settings');
  const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'data.export')]);
  await download.saveAs(file);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

// Stands in for what the user cannot do: another program (a crashed write, a newer Kolo)
// changing the stored data. `change` maps a stored value (a record, or the meta entry) to the
// value to put; `storeName` is 'records' or 'meta'.
async function rewriteStored(page, storeName, key, change) {
  await page.evaluate(([storeName, key, source]) => new Promise((resolve, reject) => {
    const changeFn = eval(`(${source})`);  // the function, rebuilt inside the page
    const open = indexedDB.open('kolo');
    open.onsuccess = () => {
      const tx = open.result.transaction(storeName, 'readwrite');
      const store = tx.objectStore(storeName);
      const get = store.get(key);
      get.onsuccess = () => { store.put(changeFn(get.result)); };
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), [storeName, key, change.toString()]);
}

// What IndexedDB holds: {records: [{k, rev, text}], meta, setAside: n}.
async function stored(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('kolo');
    open.onsuccess = () => {
      const tx = open.result.transaction(['records', 'meta', 'set_aside_records']);
      const records = tx.objectStore('records').getAll();
      const meta = tx.objectStore('meta').get('doc');
      const aside = tx.objectStore('set_aside_records').count();
      tx.oncomplete = () => { open.result.close(); resolve({ records: records.result, meta: meta.result, setAside: aside.result }); };
    };
  }));
}

async function partnerKey(page, name) {
  const s = await stored(page);
  const r = s.records.find((x) => x.k.startsWith('partners/') && JSON.parse(x.text).name === name);
  assert(r, `no stored partner named ${name}`);
  return r.k;
}

// Opens the partner named `name` from the directory and gives it a new name.
async function renamePartner(page, name, newName) {
  await click(page, 'nav.partners');
  const row = (await items(page)).find((i) => i.id.startsWith('partners.row.') && i.label === name);
  assert(row, `no row for ${name}`);
  await click(page, row.id);
  await click(page, 'partner.name');
  await page.keyboard.press('Control+A');
  await typeCyrillic(page, newName);
  await click(page, 'partner.save');
  await waitState(page, (s) => !s.editor_open);
}

async function withBrowser(options, body) {
  const { context, profile } = await launch(options);
  try {
    await body(context, profile);
  } finally {
    await context.close().catch(() => {});
  }
}

export const tests = [
  {
    name: 'a partner added by hand is there after a reload',
    run: ({ url }) => withBrowser({}, async (context) => {
      const page = await openApp(context, url);
      await addPartner(page, 'Школа №5');
      await saved(page);
      assert((await state(page)).counts.partners === 1, 'the partner was not added');
      // The app asked the browser to keep its data (navigator.storage.persist) and knows the answer.
      await waitState(page, (s) => s.persisted === 0 || s.persisted === 1);
      await reloadApp(page);
      const names = await partnerNames(page);
      assert(names.length === 1 && names[0] === 'Школа №5', `after reload: ${JSON.stringify(names)}`);
      assert(page.errors.length === 0, page.errors.join('\n'));
    }),
  },
  {
    name: 'closing the browser right after "saved" loses nothing',
    run: async ({ url }) => {
      let profileDir;
      await withBrowser({}, async (context, profile) => {
        profileDir = profile;
        const page = await openApp(context, url);
        await addPartner(page, 'Ліцей "Обрій"');
        await saved(page);
      });
      await withBrowser({ profile: profileDir }, async (context) => {
        const page = await openApp(context, url);
        const names = await partnerNames(page);
        assert(names.length === 1 && names[0] === 'Ліцей "Обрій"', `after restart: ${JSON.stringify(names)}`);
      });
    },
  },
  {
    name: 'a tab killed right after "saved" loses nothing',
    run: ({ url }) => withBrowser({}, async (context) => {
      const page = await openApp(context, url);
      await addPartner(page, 'Центр «Берегиня»'.replace(/[«»]/g, '"'));
      await saved(page);
      // The renderer process dies (out of memory, a crash, the OS killing it): no pagehide,
      // no unload handler, nothing flushed after this point.
      const cdp = await context.newCDPSession(page);
      const crashed = page.waitForEvent('crash', { timeout: 10000 });
      cdp.send('Page.crash').catch(() => {});  // answers never come from a dead page
      await crashed;
      const fresh = await openApp(context, url, { newTab: true });
      const names = await partnerNames(fresh);
      assert(names.length === 1 && names[0] === 'Центр "Берегиня"', `after the crash: ${JSON.stringify(names)}`);
    }),
  },
  {
    name: 'a corrupt record is set aside, the user is told, and everything else loads',
    run: ({ url }) => withBrowser({}, async (context) => {
      const page = await openApp(context, url);
      await addPartner(page, 'Перший');
      await saved(page);
      await addPartner(page, 'Другий');
      await saved(page);
      // Something (a crash mid-write in another browser, a disk error) broke one stored record.
      const key = await partnerKey(page, 'Другий');
      await rewriteStored(page, 'records', key, (r) => ({ ...r, text: r.text.slice(0, 15) }));
      await reloadApp(page);
      const s = await state(page);
      assert(s.notices.length === 1, `no recovery message: ${JSON.stringify(s.notices)}`);
      assert(/could not be read/.test(s.notices[0]), `message: ${s.notices[0]}`);
      await item(page, 'notice.dismiss');
      const names = await partnerNames(page);
      assert(names.length === 1 && names[0] === 'Перший', `recovered: ${JSON.stringify(names)}`);
      await waitState(page, () => true);
      const after = await stored(page);
      assert(after.setAside === 1, `${after.setAside} records set aside`);
      assert(!after.records.some((r) => r.k === key), 'the broken record is still among the records');
      await click(page, 'notice.dismiss');
      await waitState(page, (st) => st.notices.length === 0);
      // Work goes on, and the next start is clean.
      await addPartner(page, 'Третій');
      await saved(page);
      await reloadApp(page);
      assert((await state(page)).notices.length === 0, 'the message came back after a good save');
      assert((await partnerNames(page)).length === 2, 'the edit after recovery was not kept');
    }),
  },
  {
    name: 'data saved by a newer Kolo is not overwritten: the user is asked to reload',
    run: ({ url }) => withBrowser({}, async (context) => {
      const page = await openApp(context, url);
      await addPartner(page, 'Мій партнер');
      await saved(page);
      // A newer Kolo (another tab, after an update) stored the data in its own format.
      await rewriteStored(page, 'meta', 'doc', (m) => ({ ...m, version: 99 }));
      await reloadApp(page);
      const s = await state(page);
      assert(s.save === 'unavailable' && /newer/.test(s.save_reason), `state: ${s.save} ${s.save_reason}`);
      assert(s.notices.length === 1 && /newer version/.test(s.notices[0]), `notice: ${JSON.stringify(s.notices)}`);
      const before = await stored(page);
      // Working on does not write over the newer data.
      await addPartner(page, 'Ще один');
      await page.waitForTimeout(1500);
      const after = await stored(page);
      assert(after.meta.version === 99, `the newer meta was overwritten (version ${after.meta.version})`);
      assert(JSON.stringify(after.records) === JSON.stringify(before.records), 'a record was written over newer data');
    }),
  },
  {
    name: 'two tabs of one profile editing in turn lose nothing',
    run: ({ url }) => withBrowser({}, async (context) => {
      const first = await openApp(context, url);
      const second = await openApp(context, url, { newTab: true });
      assert(first !== second && context.pages().length === 2, 'the test needs two tabs');
      await addPartner(first, 'Клініка "Надія"');
      await saved(first);
      await waitState(second, (s) => s.counts.partners === 1);
      await addPartner(second, 'Центр соціальних служб');
      await saved(second);
      await waitState(first, (s) => s.counts.partners === 2);
      await addPartner(first, 'Благодійний фонд');
      await saved(first);
      await waitState(second, (s) => s.counts.partners === 3);
      for (const page of [first, second]) {
        await reloadApp(page);
        assert((await state(page)).counts.partners === 3, 'a tab lost a partner');
        assert((await state(page)).conflicts === 0, 'a tab met a conflict while the tabs took turns');
      }
    }),
  },
  {
    name: 'two tabs editing different partners at the same moment both save, without a conflict',
    run: ({ url }) => withBrowser({}, async (context) => {
      const first = await openApp(context, url);
      await addPartner(first, 'Ліцей');
      await addPartner(first, 'Клініка');
      await saved(first);
      const second = await openApp(context, url, { newTab: true });
      await waitState(second, (s) => s.counts.partners === 2);
      // Each tab edits its own partner; neither waits for the other's save.
      await renamePartner(first, 'Ліцей', 'Ліцей №1');
      await renamePartner(second, 'Клініка', 'Клініка Надія');
      await saved(first);
      await saved(second);
      for (const page of [first, second]) {
        const s = await state(page);
        assert(s.conflicts === 0 && s.save === 'saved', `a tab met a conflict: ${JSON.stringify(s)}`);
      }
      const names = (await stored(first)).records.filter((r) => r.k.startsWith('partners/')).map((r) => JSON.parse(r.text).name).sort();
      assert(JSON.stringify(names) === JSON.stringify(['Клініка Надія', 'Ліцей №1']), `stored: ${JSON.stringify(names)}`);
      await waitState(first, (s) => s.counts.partners === 2);
      await reloadApp(first);
      assert(JSON.stringify((await partnerNames(first)).sort()) === JSON.stringify(['Клініка Надія', 'Ліцей №1']), 'a reload lost an edit');
    }),
  },
  {
    name: 'the same partner edited in two tabs is a conflict shown side by side; keeping both loses nothing',
    run: ({ url }) => withBrowser({}, async (context) => {
      const first = await openApp(context, url);
      await addPartner(first, 'Школа');
      await saved(first);
      // The second tab cannot hear the first (a browser without BroadcastChannel).
      const second = await context.newPage();
      await second.addInitScript(() => { delete window.BroadcastChannel; });
      second.errors = [];
      await second.goto(url);
      await second.evaluate(() => window.kolo.ready);
      await waitState(second, (s) => s.counts.partners === 1);
      await renamePartner(first, 'Школа', 'Школа №1');
      await saved(first);
      await renamePartner(second, 'Школа', 'Школа №2');
      await waitState(second, (s) => s.conflicts === 1 && s.save === 'conflict');
      // Both versions are on screen, and nothing was overwritten meanwhile.
      await item(second, 'conflict.mine');
      await item(second, 'conflict.theirs');
      const names = (await stored(first)).records.filter((r) => r.k.startsWith('partners/')).map((r) => JSON.parse(r.text).name);
      assert(JSON.stringify(names) === JSON.stringify(['Школа №1']), `storage holds ${JSON.stringify(names)}`);
      await click(second, 'conflict.both');
      await waitState(second, (s) => s.conflicts === 0);
      await saved(second);
      await reloadApp(second);
      const kept = (await partnerNames(second)).sort();
      assert(JSON.stringify(kept) === JSON.stringify(['Школа №1', 'Школа №2']), `after keeping both: ${JSON.stringify(kept)}`);
      await reloadApp(first);
      assert((await state(first)).counts.partners === 2, 'the first tab does not see both versions');
    }),
  },
  {
    name: 'a profile saved by the previous version (whole snapshots) opens with its data, stored record by record from then on',
    run: ({ url }) => withBrowser({}, async (context) => {
      // Arrange what the previous Kolo left in this browser: database "kolo" version 1 with
      // its snapshots store holding two snapshots (the newest one readable).
      const page = context.pages()[0] || await context.newPage();
      await page.goto(new URL('favicon.svg', url).href);
      const doc = (name) => JSON.stringify({ format: 'kolo', version: 2, saved_at: '2026-10-01T10:00', document: {
        next_id: 3, partners: [{ id: 1, name, kind: 'school_kindergarten', contacts: [{ id: 2, name: 'Олена' }] }] } });
      await page.evaluate(([older, newer]) => new Promise((resolve, reject) => {
        const open = indexedDB.open('kolo', 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore('snapshots', { keyPath: 'seq' });
          open.result.createObjectStore('set_aside', { keyPath: 'seq' });
        };
        open.onsuccess = () => {
          const tx = open.result.transaction('snapshots', 'readwrite');
          tx.objectStore('snapshots').put({ seq: 7, saved_at: 'x', text: older });
          tx.objectStore('snapshots').put({ seq: 8, saved_at: 'y', text: newer });
          tx.oncomplete = () => { open.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
      }), [doc('Стара школа'), doc('Школа №3')]);
      page.errors = [];
      await page.goto(url);
      await page.evaluate(() => window.kolo.ready);
      page.koloPointer = null;
      await saved(page);
      assert(JSON.stringify(await partnerNames(page)) === JSON.stringify(['Школа №3']), 'the newest snapshot was not opened');
      const after = await stored(page);
      assert(after.records.some((r) => r.k === 'partners/1' && JSON.parse(r.text).name === 'Школа №3'), 'the data was not stored as records');
      // From now on the records are the data: an edit and a reload keep it.
      await addPartner(page, 'Нова');
      await saved(page);
      await reloadApp(page);
      assert(JSON.stringify((await partnerNames(page)).sort()) === JSON.stringify(['Нова', 'Школа №3']), 'after reload');
      assert(page.errors.length === 0, page.errors.join('\n'));
    }),
  },
  {
    name: 'without IndexedDB a banner says so, work continues in memory, and export works',
    run: async ({ url }) => withBrowser({}, async (context) => {
      await context.addInitScript(() => { Object.defineProperty(window, 'indexedDB', { get() { return undefined; } }); });
      const page = await openApp(context, url);
      await waitState(page, (s) => s.save === 'unavailable');
      await item(page, 'banner.export');
      await addPartner(page, 'Лише в пам\'яті');
      assert((await state(page)).counts.partners === 1, 'could not work in memory');
      const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'banner.export')]);
      const file = path.join(tmp, 'unavailable.json');
      await download.saveAs(file);
      const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert(exported.document.partners[0].name === 'Лише в пам\'яті', 'the export lacks the partner');
    }),
  },
  {
    name: 'a full disk shows "not saved" with the reason, keeps the edit, and offers export',
    run: async ({ url }) => withBrowser({}, async (context) => {
      await context.addInitScript(() => {
        IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
      });
      const page = await openApp(context, url);
      await addPartner(page, 'Без місця');
      await waitState(page, (s) => s.save === 'failed');
      const s = await state(page);
      assert(/QuotaExceeded/.test(s.save_reason), `reason: ${s.save_reason}`);
      assert(s.counts.partners === 1, 'the edit was dropped');
      await item(page, 'banner.export');
    }),
  },
  {
    name: 'bad files are refused with a clear message and change nothing',
    run: ({ url }) => withBrowser({}, async (context) => {
      const page = await openApp(context, url);
      await addPartner(page, 'Мій партнер');
      await saved(page);
      const before = await state(page);
      const cases = [
        ['not-json.json', 'this is not JSON {', 'err.not_json'],
        ['other.json', JSON.stringify({ hello: 'world' }), 'err.not_kolo'],
        ['newer.json', JSON.stringify({ format: 'kolo', version: 99, document: {} }), 'err.newer_version'],
        ['bad-field.json', JSON.stringify({ format: 'kolo', version: 2, document: { partners: [{ id: 1, name: 42 }], next_id: 2 } }), null],
      ];
      for (const [name, text, key] of cases) {
        const file = path.join(tmp, name);
        fs.writeFileSync(file, text);
        await click(page, 'nav.settings');
        await pickFile(page, 'data.import', file);
        await waitState(page, (s) => s.import && s.import.errors.length > 0);
        const s = await state(page);
        if (key) assert(s.import.errors[0].key === key, `${name}: ${JSON.stringify(s.import.errors[0])}`);
        else assert(s.import.errors[0].path.startsWith('/document/partners/0/'), `${name}: no pointer: ${JSON.stringify(s.import.errors[0])}`);
        await click(page, 'import.close');
        await waitState(page, (st) => !st.import);
        const after = await state(page);
        assert(after.revision === before.revision && after.counts.partners === 1, `${name} changed the document`);
      }
      // A 70 MiB file is refused by its size, without being read.
      const big = path.join(tmp, 'big.json');
      fs.writeFileSync(big, Buffer.alloc(70 * 1024 * 1024, 32));
      await pickFile(page, 'data.import', big);
      await waitState(page, (s) => s.import && s.import.errors.length > 0, null, 30000);
      assert((await state(page)).import.errors[0].key === 'err.file_too_large', 'the 70 MiB file was not refused by size');
      await click(page, 'import.close');
      assert((await state(page)).counts.partners === 1, 'the big file changed the document');
      assert(page.errors.length === 0, page.errors.join('\n'));
    }),
  },
  {
    name: 'export, then import into an empty profile, gives the same document',
    run: async ({ url }) => {
      const file = path.join(tmp, 'export.json');
      let original;
      await withBrowser({}, async (context) => {
        const page = await openApp(context, url);
        await click(page, 'demo.load');
        await waitState(page, (s) => s.counts.partners >= 40);
        await addPartner(page, 'Власний партнер');
        await saved(page);
        original = await exportDocument(page, file);
        assert(original.format === 'kolo' && original.document.partners.length >= 41, 'export is not a Kolo file of the network');
      });
      await withBrowser({}, async (context) => {
        const page = await openApp(context, url);
        await click(page, 'nav.settings');
        await pickFile(page, 'data.import', file);
        await waitState(page, (s) => s.import && s.import.readable);
        await click(page, 'import.replace');
        await waitState(page, (s) => !s.import && s.counts.partners >= 41);
        await saved(page);
        const again = await exportDocument(page, path.join(tmp, 'export-again.json'));
        assert(JSON.stringify(again.document) === JSON.stringify(original.document), 'the imported document differs from the exported one');
        // The import is one undoable step.
        await click(page, 'edit.undo');
        await waitState(page, (s) => s.counts.partners === 0);
        await page.keyboard.press('Control+Shift+Z');
        await waitState(page, (s) => s.counts.partners >= 41);
      });
    },
  },
  {
    name: 'undo and redo by button and keyboard; the example network loads and leaves again',
    run: ({ url }) => withBrowser({ locale: 'uk-UA' }, async (context) => {
      const page = await openApp(context, url);
      await click(page, 'demo.load');
      await waitState(page, (s) => s.counts.partners >= 40 && s.demo_loaded);
      const demo = (await state(page)).counts;
      await addPartner(page, 'Мій власний');
      const mine = demo.partners + 1;
      await waitState(page, (s, n) => s.counts.partners === n, mine);
      await click(page, 'edit.undo');
      await waitState(page, (s, n) => s.counts.partners === n, mine - 1);
      await click(page, 'edit.redo');
      await waitState(page, (s, n) => s.counts.partners === n, mine);
      await page.mouse.click(5, 500);  // away from any field: shortcuts belong to the app
      page.koloPointer = null;
      await page.keyboard.press('Control+Z');
      await waitState(page, (s, n) => s.counts.partners === n, mine - 1);
      await page.keyboard.press('Control+Y');
      await waitState(page, (s, n) => s.counts.partners === n, mine);
      await click(page, 'nav.settings');
      await reveal(page, 'demo.remove');
      await click(page, 'demo.remove');
      await waitState(page, (s) => s.counts.partners === 1 && s.counts.cases === 0 && !s.demo_loaded);
      const names = await partnerNames(page);
      assert(names.length === 1 && names[0] === 'Мій власний', `left after removing the example: ${JSON.stringify(names)}`);
      await saved(page);
      await reloadApp(page);
      assert((await state(page)).counts.partners === 1, 'removal was not saved');
    }),
  },
];
