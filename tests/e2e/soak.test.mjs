// The soak: a seeded, repeatable session of random user actions through real input (clicks,
// typing in both alphabets, undo, redo, view switches, imports, reloads, a killed tab, a
// second tab), checking after every reload that the document equals the last one shown as
// saved (window.kolo.digest()), and after a killed tab that it is that one or a newer one the
// tab showed. Short in the test suite; long by asking:
//   KOLO_SOAK_ACTIONS=3000 KOLO_SOAK_SEED=7 KOLO_E2E_FILTER=soak node tests/e2e/run.mjs
//   (or python3 tests/run.py --soak 3000)
// A failure prints the seed and the action number, and the same seed replays the same actions
// (what they pick among the widgets on screen can differ with timing). KOLO_SOAK_DEBUG=1 writes
// what storage held before and after each killed tab to /tmp/soak-before.json and -after.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, act, addPartner, assert, click, items, launch, openApp, reloadApp, state, typeCyrillic, waitState } from './harness.mjs';

const ACTIONS = Number(process.env.KOLO_SOAK_ACTIONS || 40);
const SEED = Number(process.env.KOLO_SOAK_SEED || 20261126);
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'kolo-v5.json');

// What the imports bring: a fixture, and a synthetic network from the generator
// (tests/bench/network.cpp; kolo_bench from the test build, which runs before the e2e tests)
// of 40 partners from the soak's seed. Without that build, the fixture alone.
function importFiles() {
  const bench = path.join(ROOT, 'build', 'native', 'kolo_bench');
  if (!fs.existsSync(bench)) return [FIXTURE];
  const file = path.join(os.tmpdir(), `kolo-soak-synthetic-${SEED}.json`);
  try {
    execFileSync(bench, ['--generate', `40:${SEED}:${file}`], { stdio: 'ignore' });
    return [FIXTURE, file];
  } catch (e) {
    return [FIXTURE];
  }
}

// mulberry32: a small seeded generator, so a run can be replayed from its seed.
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UK = 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюя';
const RU = 'ёыэъ';
const LATIN = 'abcdefghijklmnopqrstuvwxyz';
// Widgets a random click leaves alone: they leave the page (a file picker, a download, an
// install, a reload) or switch the whole page (a board, an offline copy).
const AVOID = /import|pick|export|download|offline|install|reload|board|share\.|print|copy|\.ics|vcard|letter\.save|csv|hsds|save_as/;

// In every tab, each animation frame: the documents shown since the last one shown as saved
// (the map's layout, for one, writes without any action of the soak's). A killed tab's
// successor must show one of them.
function trackShown() {
  window.__soakSince = [];
  const tick = () => {
    if (window.kolo && window.kolo.digest && window.kolo.ready) {
      const d = window.kolo.digest();
      const s = d ? window.kolo.state() : null;
      if (s && s.save === 'saved' && s.saved_revision === s.revision && s.conflicts === 0) window.__soakSince = [d];
      else if (d && !window.__soakSince.includes(d)) window.__soakSince.push(d);
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

// The random walk did not get where it meant to (a click that did not open the editor, a file
// the picker did not take): not a finding. Every other error, a save that never completes or
// a change that never reaches the other tab among them, fails the soak.
class Skip extends Error {}
const orSkip = (promise) => promise.catch((e) => { throw new Skip(String(e && e.message)); });

const savedNow = (s) => s.save === 'saved' && s.saved_revision === s.revision;
const waitSaved = (page) => waitState(page, (s) => s.save === 'saved' && s.saved_revision === s.revision && s.conflicts === 0, null, 20000);
const digest = (page) => page.evaluate(() => window.kolo.digest());

class Soak {
  constructor(context, url) {
    this.context = context;
    this.url = url;
    this.rng = generator(SEED);
    this.saved = null;        // the digest last shown as saved
    this.log = [];
    this.counts = {};
    this.files = importFiles();
  }
  pick(xs) { return xs[Math.floor(this.rng() * xs.length)]; }
  name() {
    const letters = this.rng() < 0.5 ? UK + RU : LATIN;
    let s = this.pick(UK).toUpperCase();
    for (let i = 0; i < 2; i++) s += this.pick(letters);
    return s;
  }
  async observe() {
    const s = await state(this.page);
    const d = await digest(this.page);
    if (savedNow(s)) this.saved = d;
    return s;
  }
  // Back to a plain view: no dialog, no editor, no popup (what a user does before going on).
  async settle() {
    for (let i = 0; i < 4; i++) {
      const s = await state(this.page);
      if (s.conflicts > 0) { await click(this.page, 'conflict.mine'); continue; }
      if (s.editor_open) { await click(this.page, 'partner.cancel').catch(() => {}); continue; }
      if (s.import) { await click(this.page, s.import.readable ? 'import.cancel' : 'import.close').catch(() => {}); continue; }
      const ids = (await items(this.page)).map((it) => it.id);
      if (ids.includes('error.ok')) { await click(this.page, 'error.ok'); continue; }
      if (ids.some((id) => id.startsWith('nav.'))) return;
      await act(this.page, () => this.page.keyboard.press('Escape')).catch(() => {});
    }
  }
  async reload() {
    await waitSaved(this.page);
    await this.observe();
    const expected = this.saved;
    await reloadApp(this.page);
    const after = await digest(this.page);
    assert(after === expected, `after a reload the document is ${after}, the last shown as saved ${expected}`);
    await this.observe();
  }
  async kill() {
    // After the tracker's next frame, so it has seen what is on screen now.
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const shown = await this.page.evaluate(() => window.__soakSince);
    const dump = async (page, file) => {
      if (!process.env.KOLO_SOAK_DEBUG) return;
      const recs = await page.evaluate(() => new Promise((resolve) => {
        const open = indexedDB.open('kolo');
        open.onsuccess = () => {
          const tx = open.result.transaction(['records', 'meta']);
          const r = tx.objectStore('records').getAll();
          const m = tx.objectStore('meta').get('doc');
          tx.oncomplete = () => { open.result.close(); resolve({ records: r.result, meta: m.result, state: window.kolo.state(), digest: window.kolo.digest() }); };
        };
      }));
      (await import('node:fs')).writeFileSync(file, JSON.stringify(recs, null, 1));
    };
    await dump(this.page, '/tmp/soak-before.json');
    const cdp = await this.context.newCDPSession(this.page);
    const crashed = this.page.waitForEvent('crash', { timeout: 10000 });
    cdp.send('Page.crash').catch(() => {});
    await crashed;
    await this.page.close().catch(() => {});
    this.page = await openApp(this.context, this.url, { newTab: true });
    const after = await digest(this.page);
    await dump(this.page, '/tmp/soak-after.json');
    assert(shown.includes(after), `after a killed tab the document is ${after}: neither the last shown as saved nor a newer one shown (${shown.join(', ')})`);
    await this.observe();
  }
  async secondTab() {
    await waitSaved(this.page);
    const other = await openApp(this.context, this.url, { newTab: true });
    await addPartner(other, this.name());
    await waitSaved(other);
    const there = await digest(other);
    await other.close();
    // This tab takes in what the other saved.
    await this.page.bringToFront();
    this.context.koloFront = this.page;
    await this.page.waitForFunction((d) => window.kolo.digest() === d, there, { timeout: 15000 });
    await this.observe();
  }
  async rename() {
    await click(this.page, 'nav.partners');
    const rows = (await items(this.page)).filter((i) => i.id.startsWith('partners.row.') && !i.clipped);
    if (!rows.length) return this.add();
    await click(this.page, this.pick(rows).id);
    await orSkip(waitState(this.page, (s) => s.editor_open));
    await click(this.page, 'partner.name');
    await act(this.page, () => this.page.keyboard.press('End'));
    await typeCyrillic(this.page, this.pick((UK + LATIN).split('')));
    await click(this.page, 'partner.save');
    // A name that became a duplicate keeps the editor open with a question: settle() cancels.
    await orSkip(waitState(this.page, (s) => !s.editor_open));
  }
  async add() { await orSkip(addPartner(this.page, this.name())); }
  async importFile() {
    await click(this.page, 'nav.settings');
    const [chooser] = await Promise.all([this.page.waitForEvent('filechooser'), click(this.page, 'data.import')]);
    await chooser.setFiles(this.pick(this.files));
    await orSkip(waitState(this.page, (s) => s.import && (s.import.readable || s.import.errors.length > 0), null, 15000));
    await click(this.page, (await state(this.page)).import.readable ? 'import.merge' : 'import.close');
    await waitState(this.page, (s) => !s.import);
  }
  async randomClick() {
    const all = (await items(this.page)).filter((i) => i.id && !i.clipped && i.w > 2 && i.h > 2 && !AVOID.test(i.id));
    if (!all.length) return;
    await click(this.page, this.pick(all).id);
  }
  async run() {
    this.page = await openApp(this.context, this.url);
    await this.observe();
    const actions = [
      [18, 'view', async () => click(this.page, `nav.${this.pick((await state(this.page)).views)}`)],
      [14, 'add', () => this.add()],
      [10, 'rename', () => this.rename()],
      [8, 'undo', () => act(this.page, () => this.page.keyboard.press('Control+Z'))],
      [5, 'redo', () => act(this.page, () => this.page.keyboard.press('Control+Shift+Z'))],
      [20, 'click', () => this.randomClick()],
      [3, 'import', () => this.importFile()],
      [7, 'reload', () => this.reload()],
      [3, 'kill', () => this.kill()],
      [3, 'second tab', () => this.secondTab()],
    ];
    const total = actions.reduce((n, a) => n + a[0], 0);
    for (let n = 0; n < ACTIONS; n++) {
      let r = this.rng() * total;
      const [, what, run] = actions.find((a) => (r -= a[0]) < 0);
      this.log.push(what);
      try {
        await run();
      } catch (err) {
        // A widget the random walk expected and did not find (a popup in the way) is not a
        // finding; the data checks are.
        if (!(err instanceof Skip) && !/no widget|did not come into view/.test(String(err && err.message))) {
          throw new Error(`soak seed ${SEED}, action ${n} (${what}; before: ${this.log.slice(-8).join(', ')}): ${err.message}`);
        }
        this.counts.skipped = (this.counts.skipped || 0) + 1;
      }
      this.counts[what] = (this.counts[what] || 0) + 1;
      await this.settle();
      await this.observe();
      const errors = this.page.errors.filter((e) => !/Failed to load resource/.test(e));
      assert(errors.length === 0, `soak seed ${SEED}, action ${n} (${what}): errors on the page:\n${errors.join('\n')}`);
    }
    await this.reload();  // and the session ends as it must: what was saved is what opens
    if (process.env.KOLO_SOAK_ACTIONS) console.log(`soak: seed ${SEED}, ${ACTIONS} actions: ${JSON.stringify(this.counts)}`);
  }
}

export const tests = [
  {
    name: `${ACTIONS} random actions through real input (seed ${SEED}): every reload shows what was shown as saved`,
    timeout: Math.max(300000, ACTIONS * 15000),
    run: async ({ url }) => {
      const { context } = await launch({ locale: 'uk-UA' });
      try {
        await context.addInitScript(trackShown);
        await new Soak(context, url).run();
      } finally {
        await context.close().catch(() => {});
      }
    },
  },
];
