// Navigation to the first drawn frame of two WebGL pages, side by side: Kolo (web/) and the
// bare Dear ImGui 1.86 demo (built by tests/bench/startup.py). The pages are loaded
// alternately, a fresh browser profile each time, and the medians are compared.
//
// "First drawn frame", the same for both: an init script, run before any page script, wraps
// the draw calls of WebGL and WebGL2 and records performance.now() (milliseconds since the
// navigation started) at the first one. A clear alone does not count: the first draw call is
// the first frame with something on it. Both pages are served from loopback with
// application/wasm, so both can compile the wasm while it streams in.
//
//   node tests/bench/first_frame.mjs --kolo web --demo build/imgui-demo/web [--runs 9] [--json]
// or import { measureFirstFrames } from it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const { launch, startServer } = await import(path.join(HERE, '..', 'e2e', 'harness.mjs'));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function recordFirstDraw() {
  const seen = { draw: null };
  window.__firstFrame = seen;
  const names = ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced', 'drawRangeElements'];
  for (const C of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    if (!C) continue;
    for (const name of names) {
      const original = C.prototype[name];
      if (typeof original !== 'function') continue;
      C.prototype[name] = function (...args) {
        if (seen.draw === null) seen.draw = performance.now();
        return original.apply(this, args);
      };
    }
  }
}

// One navigation in a fresh profile; returns {draw, ready} in ms since navigation start
// (ready: window.kolo.ready, for pages that have it).
async function once(url, { timeout = 60000 } = {}) {
  const { context, profile } = await launch();
  try {
    const page = context.pages()[0] || await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(recordFirstDraw);
    await page.goto(url);
    await page.waitForFunction(() => window.__firstFrame && window.__firstFrame.draw !== null, null, { timeout })
      .catch(() => { throw new Error(`${url}: no frame drawn within ${timeout / 1000} s ${errors.join('; ')}`); });
    const draw = await page.evaluate(() => window.__firstFrame.draw);
    let ready = null;
    if (await page.evaluate(() => !!window.kolo)) {
      await page.evaluate(() => window.kolo.ready);
      ready = await page.evaluate(() => window.kolo.readyAt);
    }
    return { draw, ready };
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

// pages: {name: folder}. Runs each `runs` times, alternating (the order flips every round so
// neither page always follows the other). Returns {name: {samples, median, ready_median}}.
export async function measureFirstFrames(pages, { runs = 9, log = () => {} } = {}) {
  const names = Object.keys(pages);
  const servers = {};
  for (const n of names) servers[n] = await startServer(path.resolve(pages[n]));
  const out = {};
  for (const n of names) out[n] = { samples: [], ready: [] };
  try {
    for (const n of names) await once(servers[n].url);  // warm the OS file cache, not counted
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? [...names].reverse() : names;
      for (const n of order) {
        const r = await once(servers[n].url);
        out[n].samples.push(r.draw);
        if (r.ready !== null) out[n].ready.push(r.ready);
        log(`${n} run ${i + 1}: first draw ${r.draw.toFixed(0)} ms${r.ready !== null ? `, ready ${r.ready.toFixed(0)} ms` : ''}`);
      }
    }
  } finally {
    for (const n of names) await servers[n].close();
  }
  for (const n of names) {
    out[n].median = median(out[n].samples);
    out[n].ready_median = out[n].ready.length ? median(out[n].ready) : null;
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const json = process.argv.includes('--json');
  const r = await measureFirstFrames({ kolo: arg('--kolo', 'web'), demo: arg('--demo', 'build/imgui-demo/web') },
    { runs: Number(arg('--runs', '9')), log: json ? () => {} : (s) => console.log(`[first-frame] ${s}`) });
  if (json) {
    console.log(JSON.stringify(r));
  } else {
    console.log(`[first-frame] Kolo ${r.kolo.median.toFixed(0)} ms, ImGui demo ${r.demo.median.toFixed(0)} ms, ` +
      `ratio ${(r.kolo.median / r.demo.median).toFixed(2)} (budget <= 1.00)`);
  }
}
