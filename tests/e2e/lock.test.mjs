// The passphrase lock for this device's data (issue 17, item 4; shell/kolo_lock.js,
// src/ui/app_lock.cpp), in a real browser through real mouse and keyboard: turned on in
// Settings, every record is kept in IndexedDB only encrypted (no marker placed in a partner or
// a client case is left in clear) and another open tab goes to the lock screen; "Lock now"
// closes the data; a wrong passphrase opens nothing and changes nothing; the right one opens
// it all, and what is saved then is sealed too; changing the passphrase leaves the old one
// useless; removing the lock leaves every record in clear and Kolo opening without a question.
import {
  act, addPartner, assert, click, item, launch, openApp, reveal, state, typeCyrillic, waitState,
} from './harness.mjs';

const PARTNER = 'QZL44';
const MARKER = 'QZL55';  // a client case's alias
const FIRST = 'lockpas1';
const SECOND = 'lockpas2';
const TALLER = { width: 1280, height: 2400 };  // all of Settings without scrolling

const saved = (page) => waitState(page, (s) => s.save === 'saved' && s.saved_revision === s.revision, null, 15000);

async function type(page, id, text) {
  await click(page, id);
  await typeCyrillic(page, text);
}

// Every record and meta entry as stored, and whether any stored byte holds `markers` in clear.
async function stored(page, markers) {
  return page.evaluate((ms) => new Promise((resolve, reject) => {
    const open = indexedDB.open('kolo');
    open.onsuccess = () => {
      const tx = open.result.transaction(['records', 'meta']);
      const records = tx.objectStore('records').getAll();
      const meta = tx.objectStore('meta').getAll();
      tx.oncomplete = () => {
        open.result.close();
        const latin = (b) => new TextDecoder('latin1').decode(b);
        const clear = records.result.some((r) => ms.some((m) => (typeof r.text === 'string' && r.text.includes(m)) ||
          (r.sealed && latin(r.sealed.ct).includes(m))));
        resolve({
          count: records.result.length,
          sealed: records.result.filter((r) => r.sealed && r.sealed.ct instanceof ArrayBuffer && typeof r.text !== 'string').length,
          plain: records.result.filter((r) => typeof r.text === 'string' && !r.sealed).length,
          revs: records.result.map((r) => `${r.k}@${r.rev}`).join(','),
          lock: meta.result.some((m) => m.k === 'lock'),
          clear,
        });
      };
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  }), markers);
}

// Waits for `page` to start again (window.__koloBefore gone) and be ready.
async function restarted(page, timeout = 30000) {
  const until = Date.now() + timeout;
  for (;;) {
    const fresh = await page.evaluate(() => !window.__koloBefore && !!window.kolo && !!window.kolo.ready).catch(() => false);
    if (fresh) break;
    if (Date.now() > until) throw new Error('the page did not start again');
    await page.waitForTimeout(100);
  }
  await page.evaluate(() => window.kolo.ready);
  page.koloPointer = null;
}

// A real click on `id` after which the page starts again (no frame follows the release).
async function clickAway(page, id) {
  const it = await item(page, id);
  await act(page, () => page.mouse.move(it.x + it.w / 2, it.y + it.h / 2));
  await act(page, () => page.mouse.down());
  await page.mouse.up();
}

async function reloadPage(page) {
  await page.evaluate(() => { window.__koloBefore = true; });
  await page.reload();
  await restarted(page);
}

async function unlock(page, passphrase) {
  await type(page, 'lockscreen.passphrase', passphrase);
  await click(page, 'lockscreen.open');
}

async function settings(page, id) {
  await click(page, 'nav.settings');
  await waitState(page, (s) => s.view === 'settings');
  await reveal(page, id);
}

export const tests = [
  {
    name: 'the lock keeps every record encrypted, opens only with its passphrase, changes it, and comes off',
    timeout: 300000,
    run: async ({ url }) => {
      const { context } = await launch(TALLER);
      try {
        const page = await openApp(context, url);
        await addPartner(page, PARTNER);
        await click(page, 'nav.clients');
        await click(page, 'clients.new');
        await type(page, 'case.alias', MARKER);
        await click(page, 'case.save');
        await waitState(page, (s) => s.counts.cases === 1 && !s.case_dirty);
        await saved(page);
        const other = await openApp(context, url, { newTab: true });
        await waitState(other, (s) => s.counts.partners === 1 && s.counts.cases === 1);
        let db = await stored(page, [PARTNER, MARKER]);
        assert(db.plain === db.count && db.clear && !db.lock, `before the lock: ${JSON.stringify(db)}`);

        // On: a passphrase typed twice.
        await settings(page, 'lock.passphrase');
        assert((await state(page)).lock.on === false, 'the lock is on before it was turned on');
        await type(page, 'lock.passphrase', FIRST);
        await type(page, 'lock.passphrase_again', FIRST);
        await other.evaluate(() => { window.__koloBefore = true; });
        await click(page, 'lock.on');
        await waitState(page, (s) => s.lock.on && !s.lock.busy && s.lock.done === 'lock.turned_on', null, 60000);
        db = await stored(page, [PARTNER, MARKER]);
        assert(db.count >= 2 && db.sealed === db.count && !db.clear && db.lock, `after the lock: ${JSON.stringify(db)}`);
        // The other tab starts again, on the lock screen, showing nothing.
        await restarted(other);
        let o = await state(other);
        assert(o.lock.screen && o.counts.partners === 0 && o.counts.cases === 0, `the other tab: ${JSON.stringify({ lock: o.lock, counts: o.counts })}`);
        await other.close();

        // Lock now: the page starts again, locked.
        await page.evaluate(() => { window.__koloBefore = true; });
        await clickAway(page, 'lock.now');
        await restarted(page);
        let s = await state(page);
        assert(s.lock.screen && s.counts.partners === 0, `after "Lock now": ${JSON.stringify({ lock: s.lock, counts: s.counts })}`);

        // A wrong passphrase: nothing opens, nothing changes.
        const before = (await stored(page, [])).revs;
        await unlock(page, 'nope');
        await waitState(page, (st) => st.lock.wrong && !st.lock.in_flight, null, 30000);
        s = await state(page);
        assert(s.lock.screen && s.lock.attempts === 1 && s.counts.partners === 0, `after a wrong passphrase: ${JSON.stringify(s.lock)}`);
        assert((await stored(page, [])).revs === before, 'a wrong passphrase changed what is stored');

        // The right one opens everything; a partner saved now is sealed too.
        await unlock(page, FIRST);
        await waitState(page, (st) => !st.lock.screen && st.counts.partners === 1 && st.counts.cases === 1, null, 30000);
        await addPartner(page, 'QZL66');
        await saved(page);
        db = await stored(page, ['QZL66', PARTNER, MARKER]);
        assert(db.sealed === db.count && !db.clear, `a save under the lock: ${JSON.stringify(db)}`);

        // A change refused for a wrong current passphrase, then made.
        await settings(page, 'lock.current');
        await type(page, 'lock.current', 'nope');
        await type(page, 'lock.passphrase', SECOND);
        await type(page, 'lock.passphrase_again', SECOND);
        await click(page, 'lock.change');
        await waitState(page, (st) => st.lock.wrong_current && !st.lock.busy, null, 30000);
        await type(page, 'lock.current', FIRST);
        await click(page, 'lock.change');
        await waitState(page, (st) => !st.lock.busy && st.lock.done === 'lock.changed', null, 30000);
        await reloadPage(page);
        await unlock(page, FIRST);
        await waitState(page, (st) => st.lock.wrong && !st.lock.in_flight, null, 30000);
        await unlock(page, SECOND);
        await waitState(page, (st) => !st.lock.screen && st.counts.partners === 2, null, 30000);

        // Off: every record in clear again, and no question at the next start.
        await settings(page, 'lock.current');
        await type(page, 'lock.current', SECOND);
        await click(page, 'lock.off');
        await waitState(page, (st) => !st.lock.on && !st.lock.busy && st.lock.done === 'lock.turned_off', null, 60000);
        db = await stored(page, [PARTNER]);
        assert(db.plain === db.count && db.sealed === 0 && !db.lock && db.clear, `after the lock came off: ${JSON.stringify(db)}`);
        await reloadPage(page);
        s = await state(page);
        assert(!s.lock.screen && s.counts.partners === 2 && s.counts.cases === 1, `after a restart: ${JSON.stringify({ lock: s.lock, counts: s.counts })}`);
        assert(page.errors.length === 0, `errors on the page:\n${page.errors.join('\n')}`);
      } finally {
        await context.close().catch(() => {});
      }
    },
  },
];
