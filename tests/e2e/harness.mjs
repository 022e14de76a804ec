// What every e2e test stands on: a static server for web/, headless Debian Chromium through
// playwright-core, and helpers that act only through real mouse and keyboard events at the
// rectangles the app reports (window.kolo.items(), see tests/README.md).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const WEB = path.join(ROOT, 'web');
export const ARTIFACTS = path.join(HERE, 'artifacts');

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.png': 'image/png', '.css': 'text/css',
};

// Serves web/ on an ephemeral loopback port.
export function startServer(dir = WEB) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    if (file.endsWith(path.sep)) file = path.join(file, 'index.html');
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    // close() ends the connections the browser keeps open too: the server is gone at once
    // (the offline tests turn the network off by closing it).
    resolve({ url: `http://127.0.0.1:${server.address().port}/`,
              close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }) });
  }));
}

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--use-gl=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu',
  '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

// A browser with its own fresh (or given) profile folder, so IndexedDB can outlive a restart.
// `timezoneId` (an IANA name such as 'Europe/Kyiv') sets the page's time zone; without it the
// page has the machine's.
export async function launch({ profile, dpr = 1, width = 1280, height = 800, locale = 'en-US', timezoneId } = {}) {
  const dir = profile || fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.KOLO_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width, height },
    deviceScaleFactor: dpr,
    locale,
    ...(timezoneId ? { timezoneId } : {}),
  });
  return { context, profile: dir };
}

// Opens the app (in the browser's first tab, or a new tab with {newTab: true}), collects
// console errors and page errors, and waits for window.kolo.ready.
export async function openApp(context, url, { newTab = false } = {}) {
  const page = (!newTab && context.pages()[0]) || await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => window.kolo && window.kolo.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.kolo.ready);
  page.koloPointer = null;
  return page;
}

// Runs `body(page, context)` on the app in a fresh browser, then checks the page logged no
// error; the browser is closed whatever happens.
export async function withApp(options, url, body) {
  const { context } = await launch(options);
  try {
    const page = await openApp(context, url);
    await body(page, context);
    assert(page.errors.length === 0, `errors on the page:\n${page.errors.join('\n')}`);
  } finally {
    await context.close();
  }
}

export const state = (page) => page.evaluate(() => window.kolo.state());
export const items = (page) => page.evaluate(() => window.kolo.items());

// Waits until the app has drawn `n` more frames (it draws only when something changed, and
// a few frames after each input).
export async function frames(page, n = 2) {
  const start = (await state(page)).frame;
  await page.waitForFunction((f) => window.kolo.state().frame >= f, start + n, { timeout: 10000 });
}

// Runs `action` (a real input) and waits until the app has drawn a frame after it. The frame
// counter is read before acting, so a frame the input caused is never missed.
export async function act(page, action) {
  const mark = (await state(page)).frame;
  await action();
  await page.waitForFunction((f) => window.kolo.state().frame > f, mark, { timeout: 10000 });
}

// Reloads and waits for the app; the pointer is unknown to a fresh page until it moves.
export async function reloadApp(page) {
  await page.reload();
  await page.waitForFunction(() => window.kolo && window.kolo.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.kolo.ready);
  page.koloPointer = null;
}

// The widget with stable id `id` in the last frame; waits for it to appear.
export async function item(page, id, { timeout = 10000 } = {}) {
  const handle = await page.waitForFunction((wanted) => window.kolo.items().find((i) => i.id === wanted) || null,
    id, { timeout }).catch(() => null);
  if (!handle) {
    const ids = (await items(page)).map((i) => i.id).filter(Boolean).join(', ');
    throw new Error(`no widget "${id}" on screen; drawn: ${ids}`);
  }
  return handle.jsonValue();
}

// Input goes to the tab in front, as for a person, who switches tabs before typing.
async function toFront(page) {
  const context = page.context();
  if (context.koloFront === page) return;
  await page.bringToFront();
  context.koloFront = page;
}

// A real click at the centre of widget `id`: move, press, release, each seen by a frame.
export async function click(page, id) {
  await toFront(page);
  const it = await item(page, id);
  const x = it.x + it.w / 2;
  const y = it.y + it.h / 2;
  // Moving to where the pointer already is sends no event, so no frame would follow.
  if (!page.koloPointer || page.koloPointer.x !== x || page.koloPointer.y !== y) {
    await act(page, () => page.mouse.move(x, y));
    page.koloPointer = { x, y };
  }
  await act(page, () => page.mouse.down());
  await act(page, () => page.mouse.up());
  return it;
}

// Drags files from outside the browser onto the page and drops them at (x, y), through
// Chromium's own drag-and-drop pipeline (DevTools Input.dispatchDragEvent, as the OS would
// deliver a drag from a file manager), not a synthetic DOM event. `files` are absolute paths.
// With {drop: false} the drag stays over the page (to see the drop hint); finish it with
// dropFiles again or take it away with dragAway.
export async function dropFiles(page, files, { x = 640, y = 400, drop = true } = {}) {
  await toFront(page);
  const cdp = page.koloDragSession || await page.context().newCDPSession(page);
  page.koloDragSession = cdp;
  const data = { items: [], files, dragOperationsMask: 1 };  // 1: copy
  if (!page.koloDragging) {
    await cdp.send('Input.dispatchDragEvent', { type: 'dragEnter', x, y, data });
    page.koloDragging = true;
  }
  await cdp.send('Input.dispatchDragEvent', { type: 'dragOver', x, y, data });
  if (!drop) return;
  await cdp.send('Input.dispatchDragEvent', { type: 'drop', x, y, data });
  page.koloDragging = false;
}

// The user drags the files back out of the window and lets go there.
export async function dragAway(page) {
  if (!page.koloDragging) return;
  const data = { items: [], dragOperationsMask: 1 };
  await page.koloDragSession.send('Input.dispatchDragEvent', { type: 'dragOver', x: -40, y: -40, data });
  await page.koloDragSession.send('Input.dispatchDragEvent', { type: 'dragCancel', x: -40, y: -40, data });
  page.koloDragging = false;
}

export async function waitState(page, predicateSource, arg, timeout = 10000) {
  return page.waitForFunction(`(${predicateSource})(window.kolo.state(), ${JSON.stringify(arg)})`, null, { timeout });
}

// Scrolls the view with the mouse wheel (a real one, over the middle of the page) until widget
// `id` is entirely visible, for what lies below the fold of a long view such as Settings.
export async function reveal(page, id, { steps = 40 } = {}) {
  await toFront(page);
  for (let i = 0; i < steps; i++) {
    const found = (await items(page)).find((it) => it.id === id && !it.clipped);
    if (found) return found;
    const { width, height } = page.viewportSize();
    const x = Math.round(width / 2), y = Math.round(height * 0.6);
    if (!page.koloPointer || page.koloPointer.x !== x || page.koloPointer.y !== y) {
      await act(page, () => page.mouse.move(x, y));
      page.koloPointer = { x, y };
    }
    await act(page, () => page.mouse.wheel(0, 120));
  }
  throw new Error(`widget "${id}" did not come into view by scrolling`);
}

// A new partner named `name`, through the directory's "Add" and the editor, as a user would.
export async function addPartner(page, name) {
  await click(page, 'nav.partners');
  await click(page, 'partners.add');
  await click(page, 'partner.name');
  await typeCyrillic(page, name);
  await click(page, 'partner.save');
  await waitState(page, (s) => !s.editor_open).catch(async () => {
    throw new Error(`the editor did not close after saving "${name}": ${JSON.stringify(await state(page))}`);
  });
}

// ---- pixels ------------------------------------------------------------------------------

// Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are).
export function decodePng(buf) {
  let pos = 8;
  let width = 0, height = 0, channels = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('unsupported PNG (bit depth or interlace)');
      channels = { 2: 3, 6: 4 }[data[9]];
      if (!channels) throw new Error(`unsupported PNG colour type ${data[9]}`);
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      let v = line[i];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = v & 255;
    }
    for (let x = 0; x < width; x++) {
      for (let ch = 0; ch < 3; ch++) out[(y * width + x) * 4 + ch] = line[x * channels + ch];
      out[(y * width + x) * 4 + 3] = channels === 4 ? line[x * channels + 3] : 255;
    }
    prev = line;
  }
  return { width, height, data: out };
}

export function luminance(img, x, y) {
  const i = (y * img.width + x) * 4;
  return 0.299 * img.data[i] + 0.587 * img.data[i + 1] + 0.114 * img.data[i + 2];
}

export function distinctColours(img) {
  const seen = new Set();
  for (let i = 0; i < img.data.length; i += 4) seen.add((img.data[i] << 16) | (img.data[i + 1] << 8) | img.data[i + 2]);
  return seen.size;
}

// How many pixels differ between two images of the same size.
export function diffPixels(a, b) {
  if (a.width !== b.width || a.height !== b.height) return Infinity;
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]) > 30) n++;
  }
  return n;
}

// Mean absolute horizontal luminance step across the image: text drawn crisply has steep
// edges; the same text stretched from a smaller backing store is smoothed and scores lower.
export function sharpness(img) {
  let sum = 0, n = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 1; x < img.width; x++) {
      const d = Math.abs(luminance(img, x, y) - luminance(img, x - 1, y));
      if (d > 4) { sum += d; n++; }
    }
  }
  return n ? sum / n : 0;
}

// Bilinear upscale by 2: what a browser does to a canvas whose backing store is too small.
export function upscale2(img) {
  const w = img.width * 2, h = img.height * 2;
  const out = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
      const sy = Math.min(img.height - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
      const x0 = Math.floor(sx), y0 = Math.floor(sy), x1 = Math.min(x0 + 1, img.width - 1), y1 = Math.min(y0 + 1, img.height - 1);
      const fx = sx - x0, fy = sy - y0;
      for (let ch = 0; ch < 4; ch++) {
        const p = (xx, yy) => img.data[(yy * img.width + xx) * 4 + ch];
        out[(y * w + x) * 4 + ch] = Math.round(p(x0, y0) * (1 - fx) * (1 - fy) + p(x1, y0) * fx * (1 - fy) +
          p(x0, y1) * (1 - fx) * fy + p(x1, y1) * fx * fy);
      }
    }
  }
  return { width: w, height: h, data: out };
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// ---- typing on a Cyrillic keyboard ------------------------------------------------------
// Playwright's keyboard knows only the US layout (it would "insert" other characters without
// any key event, which no real keyboard does). A user in Kyiv types on ЙЦУКЕН: each letter is a
// keydown of a physical key (code) carrying the Cyrillic character. That is what we send,
// through the same DevTools input channel Playwright uses.
const YTSUKEN = {
  'й': 'KeyQ', 'ц': 'KeyW', 'у': 'KeyE', 'к': 'KeyR', 'е': 'KeyT', 'н': 'KeyY', 'г': 'KeyU', 'ш': 'KeyI',
  'щ': 'KeyO', 'з': 'KeyP', 'х': 'BracketLeft', 'ї': 'BracketRight', 'ъ': 'BracketRight', 'ф': 'KeyA',
  'і': 'KeyS', 'ы': 'KeyS', 'в': 'KeyD', 'а': 'KeyF', 'п': 'KeyG', 'р': 'KeyH', 'о': 'KeyJ', 'л': 'KeyK',
  'д': 'KeyL', 'ж': 'Semicolon', 'є': 'Quote', 'э': 'Quote', 'я': 'KeyZ', 'ч': 'KeyX', 'с': 'KeyC',
  'м': 'KeyV', 'и': 'KeyB', 'т': 'KeyN', 'ь': 'KeyM', 'б': 'Comma', 'ю': 'Period', 'ґ': 'Backslash', 'ё': 'Backquote',
};
const VK = { Digit3: 51, Semicolon: 186, Comma: 188, Period: 190, Backquote: 192, BracketLeft: 219, Backslash: 220, BracketRight: 221, Quote: 222 };

// Shifted symbols of the Ukrainian layout's digit row.
const SHIFTED = { '№': 'Digit3' };

export async function typeCyrillic(page, text) {
  await toFront(page);
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const ch of text) {
      const lower = ch.toLowerCase();
      const code = YTSUKEN[lower] || SHIFTED[ch];
      if (!code) {
        // Digits, spaces, Latin letters and punctuation: the same keys on both layouts.
        if (ch.charCodeAt(0) > 126) throw new Error(`typeCyrillic: no key for "${ch}" on a Ukrainian keyboard (paste it)`);
        await act(page, () => page.keyboard.type(ch));
        continue;
      }
      const shift = ch !== lower || !!SHIFTED[ch];
      const vk = VK[code] || code.charCodeAt(3);
      // A person's keystrokes are frames apart.
      await act(page, async () => {
        if (shift) await page.keyboard.down('Shift');
        await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, code, text: ch, unmodifiedText: lower,
          windowsVirtualKeyCode: vk, modifiers: shift ? 8 : 0 });
        await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch, code, windowsVirtualKeyCode: vk, modifiers: shift ? 8 : 0 });
        if (shift) await page.keyboard.up('Shift');
      });
    }
  } finally {
    await cdp.detach();
  }
}
