// Offline everywhere, in real browsers, through real mouse and keyboard only:
//  - served and installable: after the first visit the service worker keeps the app, and with
//    the server gone and the network off a reload starts it with the data;
//  - a new build replaces the cached one: an open tab is told and reloads into it, the old
//    build's cache is deleted, and the new one works offline;
//  - the offline copy (one .html) from file://, no server, no network: starts with the data it
//    carries, keeps changes in its own IndexedDB across a browser restart, and is under 4 MB;
//  - the same copy where the browser gives a page from a file no storage (refused, or never
//    answering): the single-file way, where saving downloads an updated copy that opens with
//    the change;
//  - a copy of the page saved the way the browser's "Save page as" (complete) saves it opens
//    from file:// and keeps its data.
// The network is turned off by closing the server that served the app (and the browser's own
// offline switch); storage is refused by changing the browser's environment before the page
// loads, as in data.test.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  ROOT, WEB, addPartner, assert, click, item, launch, openApp, reloadApp, reveal, startServer, state, waitState,
} from './harness.mjs';

const saved = (page) => waitState(page, (s) => s.save === 'saved' && s.saved_revision === s.revision, null, 15000);

// A copy of the built site in a folder of its own, served on its own port, so that a test can
// make a new build of it or take the server away without touching the other tests.
async function serveCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-site-'));
  fs.cpSync(WEB, dir, { recursive: true });
  const server = await startServer(dir);
  return { dir, ...server };
}

// What the service worker keeps, once it has taken over this tab and says offline use is ready.
async function offlineReady(page) {
  await waitState(page, (s) => s.offline && s.offline.ready, null, 60000);
  return page.evaluate(async () => {
    const names = await caches.keys();
    const kept = [];
    for (const n of names) kept.push(...(await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search));
    return { names, kept, controlled: !!navigator.serviceWorker.controller };
  });
}

async function download(page, id, file, timeout = 60000) {
  await reveal(page, id);
  const [d] = await Promise.all([page.waitForEvent('download', { timeout }), click(page, id)]);
  await d.saveAs(file);
  return file;
}

// Storage refused the way a browser refuses it to a page from a file: opening throws (an
// opaque origin), or never answers.
function refuseStorage(context, how) {
  return context.addInitScript((mode) => {
    const refusing = {
      open() {
        if (mode === 'throws') throw new DOMException('The operation is insecure.', 'SecurityError');
        return {};  // a request whose events never come
      },
    };
    Object.defineProperty(window, 'indexedDB', { get: () => refusing, configurable: true });
  }, how);
}

// "Save page as…, Webpage, Complete" as Chromium does it: the document as it is now, serialized,
// and each savable resource (third_party/blink/renderer/core/frame/savable_resources.cc: the src
// of img, script (of any type), frame, iframe and input type=image, the href of a stylesheet
// link, body/table background, object data) saved into NAME_files/ with the link rewritten to
// point there. A headless browser has no menu to click, so the test does what the menu does.
async function savePageAs(page, dir, name) {
  const { html, resources } = await page.evaluate((folder) => {
    const copy = document.documentElement.cloneNode(true);
    const resources = [];
    const attribute = (el) => {
      const tag = el.tagName.toLowerCase();
      if (['img', 'script', 'frame', 'iframe'].includes(tag)) return 'src';
      if (tag === 'input' && el.getAttribute('type') === 'image') return 'src';
      if (tag === 'link') return /stylesheet/i.test(el.getAttribute('rel') || '') || /text\/css/i.test(el.getAttribute('type') || '') ? 'href' : null;
      if (['body', 'table', 'tr', 'td'].includes(tag)) return 'background';
      if (tag === 'object') return 'data';
      return null;
    };
    for (const el of copy.querySelectorAll('*')) {
      const attr = attribute(el);
      const value = attr && el.getAttribute(attr);
      if (!value || /^javascript:/i.test(value)) continue;
      const url = new URL(value, document.baseURI);
      if (!/^(https?|file):$/.test(url.protocol)) continue;
      const file = url.pathname.split('/').pop() || 'index.html';
      resources.push({ url: url.href, file });
      el.setAttribute(attr, `${folder}/${file}`);
    }
    const mark = `<!-- saved from url=(${String(location.href.length).padStart(4, '0')})${location.href} -->\n`;
    return { html: '<!DOCTYPE html>\n' + mark + copy.outerHTML, resources };
  }, `${name}_files`);
  fs.mkdirSync(path.join(dir, `${name}_files`), { recursive: true });
  for (const r of resources) {
    const res = await fetch(r.url);
    assert(res.ok, `${r.url}: HTTP ${res.status}`);
    fs.writeFileSync(path.join(dir, `${name}_files`, r.file), Buffer.from(await res.arrayBuffer()));
  }
  const file = path.join(dir, `${name}.html`);
  fs.writeFileSync(file, html);
  return { file, resources: resources.map((r) => r.file) };
}

async function loadExample(page) {
  await click(page, 'nav.settings');
  await click(page, 'demo.load');
  await waitState(page, (s) => s.counts.partners >= 40);
  await saved(page);
  return (await state(page)).counts;
}

function noErrors(page, except = null) {
  const errors = except ? page.errors.filter((e) => !except.test(e)) : page.errors;
  assert(errors.length === 0, `errors on the page:\n${errors.join('\n')}`);
}

export const tests = [
  {
    name: 'installable; after the first visit a reload with the server gone and the network off starts the app with its data',
    run: async () => {
      const site = await serveCopy();
      const { context } = await launch();
      try {
        const page = await openApp(context, site.url);
        // Installable as the browser judges it: a manifest with icons, a service worker.
        const manifest = await page.evaluate(async () => {
          const link = document.querySelector('link[rel=manifest]');
          return link ? (await fetch(link.href)).json() : null;
        });
        assert(manifest && manifest.display === 'standalone' && manifest.start_url, `manifest ${JSON.stringify(manifest)}`);
        for (const size of ['192x192', '512x512']) {
          const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png');
          assert(icon, `no ${size} PNG icon in the manifest`);
          const bytes = Buffer.from(await (await fetch(new URL(icon.src, site.url))).arrayBuffer());
          assert(bytes.subarray(1, 4).toString() === 'PNG' && bytes.readUInt32BE(16) === Number(size.split('x')[0]),
            `${icon.src} is not a ${size} PNG`);
        }
        const counts = await loadExample(page);
        const kept = await offlineReady(page);
        const build = (await state(page)).build;
        assert(kept.controlled && JSON.stringify(kept.names) === JSON.stringify([`kolo-${build}`]), `caches ${JSON.stringify(kept)}`);
        for (const f of ['/', `/kolo.wasm?v=${build}`, `/kolo.js?v=${build}`, `/app.js?v=${build}`])
          assert(kept.kept.includes(f), `${f} is not kept offline: ${JSON.stringify(kept.kept)}`);
        const cdp = await context.newCDPSession(page);
        const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
        assert(installabilityErrors.length === 0, `not installable: ${JSON.stringify(installabilityErrors)}`);

        await site.close();
        await context.setOffline(true);
        await reloadApp(page);
        const s = await state(page);
        assert(s.build === build && s.counts.partners === counts.partners && s.counts.cases === counts.cases,
          `offline reload: build ${s.build}, counts ${JSON.stringify(s.counts)} (were ${JSON.stringify(counts)})`);
        // Still working: a change is saved with the network off, and is there after a reload.
        await addPartner(page, 'Offline school');
        await saved(page);
        await reloadApp(page);
        assert((await state(page)).counts.partners === counts.partners + 1, 'the partner added offline is gone after a reload');
        noErrors(page);
      } finally {
        await context.close();
        await site.close();
      }
    },
  },
  {
    name: 'a new build replaces the cached one: the open tab is told, reloads into it with its data, and the old cache is gone',
    run: async () => {
      const site = await serveCopy();
      const { context } = await launch();
      try {
        const old = await openApp(context, site.url);
        const counts = await loadExample(old);
        await offlineReady(old);
        const oldBuild = (await state(old)).build;

        // A new build of the app, made by the build's own last step (any change to a file of
        // the app is a new build).
        fs.appendFileSync(path.join(site.dir, 'app.js'), '\n// a later build\n');
        execFileSync('python3', [path.join(ROOT, 'shell', 'stamp_site.py'), site.dir, path.join(ROOT, 'shell', 'site')]);
        const newBuild = /window\.koloBuild = '([0-9a-f]+)'/.exec(fs.readFileSync(path.join(site.dir, 'index.html'), 'utf8'))[1];
        assert(newBuild !== oldBuild, 'the second build has the same build id');

        // Another visit (a second tab) meets the new build at once: no cache to clear.
        const fresh = await openApp(context, site.url, { newTab: true });
        assert((await state(fresh)).build === newBuild, `the new tab runs ${(await state(fresh)).build}, not ${newBuild}`);
        await offlineReady(fresh);  // once the new build's worker has taken over...
        assert((await state(fresh)).offline.update === '', 'the tab running the new build is told of a new version');
        await fresh.close();

        // The tab left open is told, and reloads into the new version on the user's click.
        await waitState(old, (s, b) => s.offline.update === b, newBuild, 60000);
        const reload = await item(old, 'offline.reload');
        await old.bringToFront();
        await Promise.all([
          old.waitForEvent('load', { timeout: 30000 }),
          old.mouse.click(reload.x + reload.w / 2, reload.y + reload.h / 2),
        ]);
        await old.waitForFunction(() => window.kolo && window.kolo.ready, null, { timeout: 30000 });
        await old.evaluate(() => window.kolo.ready);
        old.koloPointer = null;
        let s = await state(old);
        assert(s.build === newBuild && s.counts.partners === counts.partners && !s.offline.update,
          `after the reload: build ${s.build}, update "${s.offline.update}", counts ${JSON.stringify(s.counts)}`);
        const kept = await offlineReady(old);
        await old.waitForFunction((b) => caches.keys().then((n) => n.length === 1 && n[0] === `kolo-${b}`), newBuild, { timeout: 30000 });

        // And the new build is the one kept for use offline.
        await site.close();
        await context.setOffline(true);
        await reloadApp(old);
        s = await state(old);
        assert(s.build === newBuild && s.counts.partners === counts.partners, `offline: build ${s.build} ${JSON.stringify(kept.names)}`);
        noErrors(old);
      } finally {
        await context.close();
        await site.close();
      }
    },
  },
  {
    name: 'the offline copy opens from file:// with no server and no network, starts with its data, and keeps changes across a browser restart',
    run: async ({ url }) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-copy-'));
      let counts;
      let file;
      {
        const { context } = await launch();
        try {
          const page = await openApp(context, url);
          counts = await loadExample(page);
          await click(page, 'nav.settings');
          const made = await state(page);
          assert(made.offline.page === 'served', `page kind ${made.offline.page}`);
          file = await download(page, 'offline.copy', path.join(dir, 'kolo-offline.html'));
          noErrors(page);
        } finally {
          await context.close();
        }
      }
      const html = fs.readFileSync(file, 'utf8');
      const size = fs.statSync(file).size;
      const data = (/<script type="application\/json" id="kolo-data">([^<]*)<\/script>/.exec(html) || [])[1] || '';
      assert(data.length > 1000, 'the copy carries no data');
      assert(size < 4e6, `the copy with the example network is ${size} bytes: over 4 MB`);
      assert(!/<script[^>]* src=/.test(html) && /<script id="kolo-fetch">window\.koloBuild = '[0-9a-f]+';<\/script>/.test(html) &&
        !/<link rel="manifest"/.test(html), 'the copy still loads files from beside it');

      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-profile-'));
      const times = [];
      for (let run = 0; run < 2; run++) {
        const { context } = await launch({ profile });
        try {
          await context.setOffline(true);
          const page = await openApp(context, 'file://' + file);
          times.push(await page.evaluate(() => window.kolo.readyAt));
          await saved(page);  // the first start writes the data the copy carries into its storage
          const s = await state(page);
          assert(s.offline.page === 'copy' && !s.offline.single_file, `offline: ${JSON.stringify(s.offline)} save ${s.save}`);
          if (run === 0) {
            assert(s.counts.partners === counts.partners && s.counts.cases === counts.cases, `carried ${JSON.stringify(s.counts)}`);
            assert(s.offline.file_notice && s.notices.length === 1, `first start: notice ${s.offline.file_notice}, ${JSON.stringify(s.notices)}`);
            await click(page, 'offline.dismiss');
            await addPartner(page, 'Train station school');
            await saved(page);
          } else {
            // After a browser restart: the change is kept, and the carried data was not read again.
            assert(s.counts.partners === counts.partners + 1, `after a restart: ${JSON.stringify(s.counts)}`);
            assert(!s.offline.file_notice && s.notices.length === 0, `told again: ${JSON.stringify(s.notices)}`);
            // A board page made from the copy, with no server: the board, never the data the
            // copy carries (its clients' aliases above all).
            await click(page, 'nav.share');
            await click(page, 'share.partner');
            await click(page, 'share_partner.71');
            await click(page, 'share.apply_rule');
            await waitState(page, (st) => st.share.board_partners >= 2);
            const board = await download(page, 'share.save_html', path.join(dir, 'board.kolo-board.html'));
            const text = fs.readFileSync(board, 'utf8');
            assert(text.includes('id="kolo-board"') && !text.includes('id="kolo-data"') && !text.includes('id="kolo-copy"'),
              'the board page made from the copy is not a board page');
            const demo = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets', 'demo', 'demo-uk.json'), 'utf8')).document;
            for (const c of demo.cases) assert(!text.includes(c.alias), `the board page holds the client alias ${c.alias}`);
          }
          noErrors(page);
        } finally {
          await context.close();
        }
      }
      // The first start in two tabs at once (a double click too many): one takes in the data
      // the copy carries, the other gets it from there, with nothing to choose.
      {
        const { context } = await launch();
        try {
          await context.setOffline(true);
          const tabs = await Promise.all([openApp(context, 'file://' + file), openApp(context, 'file://' + file, { newTab: true })]);
          for (const tab of tabs) {
            await waitState(tab, (st, n) => st.counts.partners === n && st.save === 'saved', counts.partners, 20000);
            assert((await state(tab)).conflicts === 0, 'two tabs of a new copy meet conflicts');
            noErrors(tab);
          }
        } finally {
          await context.close();
        }
      }
      console.log(`     offline copy: ${(size / 1e6).toFixed(2)} MB (${((size - data.length) / 1e6).toFixed(2)} MB without its data); ` +
        `ready from file:// in ${times.map((t) => t.toFixed(0)).join(' ms, ')} ms`);
    },
  },
  {
    name: 'where a page from a file gets no storage, the offline copy keeps its data in the file: saving downloads an updated copy that opens with the change',
    run: async ({ url }) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-single-'));
      let file;
      {
        const { context } = await launch();
        try {
          const page = await openApp(context, url);
          await addPartner(page, 'Carried clinic');
          await saved(page);
          await click(page, 'nav.settings');
          file = await download(page, 'offline.copy', path.join(dir, 'kolo-offline.html'));
        } finally {
          await context.close();
        }
      }
      let updated;
      for (const how of ['throws', 'never answers']) {
        const { context } = await launch();
        try {
          await refuseStorage(context, how);
          await context.setOffline(true);
          const started = Date.now();
          const page = await openApp(context, 'file://' + file);
          const waited = Date.now() - started;
          let s = await state(page);
          assert(s.offline.single_file && s.save === 'in_file' && s.counts.partners === 1,
            `storage ${how}: ${JSON.stringify(s.offline)} save ${s.save} partners ${s.counts.partners}`);
          assert(!s.offline.not_in_file, 'nothing changed yet, but the app says changes are not in the file');
          await item(page, 'offline.save_copy');  // the banner explains and offers to save
          if (how === 'throws') {
            await addPartner(page, 'Added on the train');
            s = await state(page);
            assert(s.offline.not_in_file && s.counts.partners === 2, `after a change: ${JSON.stringify(s.offline)}`);
            updated = await download(page, 'offline.save_copy', path.join(dir, 'kolo-offline (1).html'));
            await waitState(page, (st) => !st.offline.not_in_file);
          } else {
            console.log(`     storage that never answers: the single-file way, ready after ${waited} ms`);
            // Ctrl+S saves the way the copy saves: an updated copy, not the browser's page.
            await addPartner(page, 'Saved with Ctrl+S');
            await waitState(page, (st) => st.offline.not_in_file);
            const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.keyboard.press('Control+s')]);
            assert(d.suggestedFilename() === 'kolo-offline.html', `Ctrl+S offered ${d.suggestedFilename()}`);
            await waitState(page, (st) => !st.offline.not_in_file);
          }
          noErrors(page);
        } finally {
          await context.close();
        }
      }
      // The updated copy carries the change; the same copy (its id kept) in a browser that
      // gives it no storage either.
      const before = /id="kolo-copy">([^<]*)</.exec(fs.readFileSync(file, 'utf8'))[1];
      const after = /id="kolo-copy">([^<]*)</.exec(fs.readFileSync(updated, 'utf8'))[1];
      assert(JSON.parse(before).copy === JSON.parse(after).copy && JSON.parse(after).saved_at, `copy ids ${before} / ${after}`);
      {
        const { context } = await launch();
        try {
          await refuseStorage(context, 'throws');
          await context.setOffline(true);
          const page = await openApp(context, 'file://' + updated);
          const s = await state(page);
          assert(s.offline.single_file && s.counts.partners === 2, `the updated copy: ${JSON.stringify(s.counts)}`);
          noErrors(page);
        } finally {
          await context.close();
        }
      }
      // A browser that keeps data for this copy already (it opened the first file) meets the
      // updated copy: the data it carries is not dropped silently but offered for import.
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-profile-'));
      for (const [f, run] of [[file, 0], [updated, 1]]) {
        const { context } = await launch({ profile });
        try {
          await context.setOffline(true);
          const page = await openApp(context, 'file://' + f);
          if (run === 0) {
            await saved(page);
            assert((await state(page)).counts.partners === 1, 'the first copy did not take in its data');
          } else {
            const s = await state(page);
            assert(s.import && s.import.readable && s.counts.partners === 1, `offered: ${JSON.stringify(s.import)} ${JSON.stringify(s.counts)}`);
            await click(page, 'import.replace');
            await waitState(page, (st) => st.counts.partners === 2);
            await saved(page);
          }
          noErrors(page);
        } finally {
          await context.close();
        }
      }
    },
  },
  {
    name: 'storage that answers only after the second: the copy starts the single-file way, then takes the storage before anything changed',
    run: async ({ url }) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-late-'));
      let file;
      {
        const { context } = await launch();
        try {
          const page = await openApp(context, url);
          await addPartner(page, 'Kept in storage');
          await saved(page);
          await click(page, 'nav.settings');
          file = await download(page, 'offline.copy', path.join(dir, 'kolo-offline.html'));
        } finally {
          await context.close();
        }
      }
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-profile-'));
      for (const run of [0, 1]) {
        const { context } = await launch({ profile });
        try {
          // A cold browser: the database opens, but says so only after 2.5 s.
          await context.addInitScript(() => {
            const open = IDBFactory.prototype.open;
            IDBFactory.prototype.open = function (...args) {
              const request = open.apply(this, args);
              const slow = { get result() { return request.result; }, get error() { return request.error; } };
              request.onupgradeneeded = (e) => slow.onupgradeneeded && slow.onupgradeneeded(e);
              request.onsuccess = (e) => setTimeout(() => slow.onsuccess && slow.onsuccess(e), 2500);
              request.onerror = (e) => slow.onerror && slow.onerror(e);
              return slow;
            };
          });
          await context.setOffline(true);
          const page = await openApp(context, 'file://' + file);
          const ready = await page.evaluate(() => window.kolo.readyAt);
          assert(ready < 2500, `the page waited ${ready} ms for the storage instead of going on without it`);
          // Single-file for a moment (the wait is 1 s), then the storage: the carried data
          // taken in on the first start, what was added then on the second.
          await waitState(page, (s, n) => s.offline.page === 'copy' && !s.offline.single_file && s.save === 'saved' &&
            s.counts.partners === n, run + 1, 20000);
          if (run === 0) {
            await addPartner(page, 'Added after the wait');
            await saved(page);
          }
          noErrors(page);
        } finally {
          await context.close();
        }
      }
    },
  },
  {
    name: 'a page saved with the browser\'s "Save page as" (complete) opens from file:// with no network and keeps its data',
    run: async ({ url }) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-saved-'));
      let saved_;
      {
        const { context } = await launch();
        try {
          const page = await openApp(context, url);
          saved_ = await savePageAs(page, dir, 'Kolo');
        } finally {
          await context.close();
        }
      }
      assert(saved_.resources.includes('kolo.wasm.js') && saved_.resources.includes('kolo.js'),
        `saved beside the page: ${saved_.resources.join(', ')}`);
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-profile-'));
      for (let run = 0; run < 2; run++) {
        const { context } = await launch({ profile });
        try {
          await context.setOffline(true);
          // The browser reads the manifest link of the saved page as it parses it, and says it
          // cannot from a file (Chromium reports that as an error, twice); the page needs none.
          const manifestRefused = [];
          context.on('console', (m) => {
            if (m.type() === 'error' && /manifest\.webmanifest/.test(m.location().url + m.text())) manifestRefused.push(m.text());
          });
          const page = await openApp(context, 'file://' + saved_.file);
          const s = await state(page);
          assert(s.offline.page === 'file' && s.save === 'saved', `saved page: ${JSON.stringify(s.offline)} save ${s.save}`);
          if (run === 0) {
            assert(s.offline.file_notice, 'the saved page does not say where its data is kept');
            await addPartner(page, 'Saved-page partner');
            await saved(page);
          } else {
            assert(s.counts.partners === 1 && !s.offline.file_notice, `after a restart: ${JSON.stringify(s.counts)}`);
          }
          noErrors(page, new RegExp(manifestRefused.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '$^'));
        } finally {
          await context.close();
        }
      }
    },
  },
];
