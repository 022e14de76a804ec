// Files in and out of the page: a Kolo export dropped onto the canvas opens the import
// preview, a file Kolo cannot open gets a message and changes nothing, the picker offers the
// kinds Kolo reads, and a download keeps its bytes. Drops go through Chromium's own
// drag-and-drop pipeline (tests/e2e/harness.mjs: dropFiles), clicks are real clicks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ROOT, assert, dragAway, click, decodePng, diffPixels, dropFiles, launch, openApp, state, waitState,
  withApp,
} from './harness.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-e2e-drop-'));

// A made-up network of two partners, as a Kolo export.
function koloExport(file) {
  const doc = {
    format: 'kolo', version: 2, saved_at: '2026-11-23T09:00:00',
    document: {
      next_id: 3,
      partners: [
        { id: 1, name: 'Ліцей «Обрій» (вигаданий)', kind: 'school_kindergarten', stage: 'met' },
        { id: 2, name: 'Фонд «Тепло» (вигаданий)', kind: 'ngo_charity', stage: 'active' },
      ],
    },
  };
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

// The first bytes of a PNG picture and some more: not a kind of file Kolo reads.
function picture(file) {
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    Buffer.from('IHDR'), Buffer.alloc(64, 7)]));
  return file;
}

export const tests = [
  {
    name: 'a Kolo export dropped onto the page opens the import preview; the drop hint shows while it hovers',
    run: ({ url }) => withApp({}, url, async (page) => {
      const file = koloExport(path.join(tmp, 'kolo-export.json'));
      const before = decodePng(await page.screenshot());
      await dropFiles(page, [file], { drop: false });
      await waitState(page, (s) => s.file_hover);
      const hovering = decodePng(await page.screenshot());
      const changed = diffPixels(before, hovering);
      assert(changed > 20000, `the page looks the same while a file hovers over it (${changed} pixels differ)`);
      await dropFiles(page, [file]);
      await waitState(page, (s) => s.import && s.import.readable && !s.file_hover);
      const s = await state(page);
      assert(s.import.file === 'kolo-export.json', `the preview names ${s.import.file}`);
      assert(s.counts.partners === 0, 'the drop changed the document before the user chose');
      await click(page, 'import.merge');
      await waitState(page, (st) => !st.import && st.counts.partners === 2);
    }),
  },
  {
    name: 'a dropped file Kolo cannot open gets a message naming it, in the user\'s language, and changes nothing',
    run: ({ url }) => withApp({ locale: 'uk-UA' }, url, async (page) => {
      await click(page, 'demo.load');
      await waitState(page, (s) => s.counts.partners >= 40);
      const before = await state(page);
      for (const file of [picture(path.join(tmp, 'фото.png')), path.join(tmp, 'нотатки.txt')]) {
        if (file.endsWith('.txt')) fs.writeFileSync(file, 'Зателефонувати до школи в понеділок');
        await dropFiles(page, [file]);
        await waitState(page, (s) => s.error !== '');
        const s = await state(page);
        const name = path.basename(file);
        assert(s.error.includes(`«${name}»`) && s.error.includes('файл Кола (.json)') && s.error.includes('Нічого не змінено'),
          `message: ${s.error}`);
        assert(!s.import, 'an import preview opened for a file Kolo cannot read');
        assert(s.revision === before.revision && s.counts.partners === before.counts.partners, `${name} changed the document`);
        await click(page, 'error.ok');
        await waitState(page, (st) => st.error === '');
      }
    }),
  },
  {
    name: 'dragging a file over the page and away leaves everything as it was',
    run: ({ url }) => withApp({}, url, async (page) => {
      const file = koloExport(path.join(tmp, 'not-dropped.json'));
      await dropFiles(page, [file], { drop: false });
      await waitState(page, (s) => s.file_hover);
      await dragAway(page);
      await waitState(page, (s) => !s.file_hover);
      const s = await state(page);
      assert(!s.import && s.error === '' && s.revision === 0, `state after the drag went away: ${JSON.stringify(s)}`);
    }),
  },
  {
    name: 'the import picker offers the kinds of file Kolo opens',
    run: ({ url }) => withApp({}, url, async (page) => {
      await click(page, 'nav.settings');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, 'data.import')]);
      const accept = await chooser.element().evaluate((input) => input.accept);
      const kinds = accept.split(',');
      assert(kinds.includes('.json') && kinds.includes('application/json'), `accept="${accept}"`);
      // What is picked goes the same way as a drop.
      await chooser.setFiles(koloExport(path.join(tmp, 'picked.json')));
      await waitState(page, (s) => s.import && s.import.readable && s.import.file === 'picked.json');
    }),
  },
  {
    name: 'a download keeps every byte and its MIME type (the page\'s download bridge, on its own)',
    run: async () => {
      // The bridge function the app calls (shell/kolo_bridge.js), loaded into a blank page
      // with a stand-in for the wasm memory: no feature downloads binary bytes yet, and a
      // bridge that decoded them as text would mangle them.
      const { context } = await launch({});
      try {
        const page = context.pages()[0] || await context.newPage();
        await page.setContent('<!doctype html><title>bridge</title><body></body>');
        const bridge = fs.readFileSync(path.join(ROOT, 'shell', 'kolo_bridge.js'), 'utf8');
        const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256));
        const [download, mime] = await Promise.all([
          page.waitForEvent('download'),
          page.evaluate(({ source, data }) => {
            const lib = {};
            window.LibraryManager = { library: lib };
            window.mergeInto = (target, functions) => Object.assign(target, functions);
            (0, eval)(source);  // eslint-disable-line no-eval
            // Emscripten links a library's `$name` helpers as globals named `name`.
            for (const key of Object.keys(lib)) if (key.startsWith('$')) window[key.slice(1)] = lib[key];
            const heap = new Uint8Array(4096);
            const put = (at, text) => { const b = new TextEncoder().encode(text); heap.set(b, at); heap[at + b.length] = 0; };
            put(8, 'знімок.png');
            put(64, 'image/png');
            heap.set(data, 1024);
            window.HEAPU8 = heap;
            window.UTF8ToString = (p) => { let e = p; while (heap[e]) e++; return new TextDecoder().decode(heap.subarray(p, e)); };
            let type = null;
            const create = URL.createObjectURL;
            URL.createObjectURL = (blob) => { type = blob.type; return create(blob); };
            lib.kolo_js_download(8, 64, 1024, data.length);
            return type;
          }, { source: bridge, data: [...bytes] }),
        ]);
        const file = path.join(tmp, 'downloaded.png');
        await download.saveAs(file);
        assert(download.suggestedFilename() === 'знімок.png', `file name ${download.suggestedFilename()}`);
        assert(mime === 'image/png', `MIME type ${mime}`);
        const got = fs.readFileSync(file);
        assert(got.equals(bytes), `the download differs: ${got.length} bytes, first ${[...got.subarray(0, 8)]}`);
      } finally {
        await context.close();
      }
    },
  },
];
