// Runs every tests/e2e/*.test.mjs against the built web/ and prints `e2e: N passed, N failed`.
// Each test file exports `tests`, a list of {name, run(ctx), timeout?}; ctx gives the server's
// url; `timeout` (ms) replaces the default for a test whose length is asked for (the soak).
// KOLO_E2E_FILTER=text runs only the tests whose name contains it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startServer, WEB } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Catches a test that hangs, never one that is slow: the longest take 70-80 s on an idle
// 2-core machine and have run past 120 s on a busy one.
const TIMEOUT_MS = 300000;

if (!fs.existsSync(path.join(WEB, 'kolo.wasm'))) {
  console.log('e2e: web/kolo.wasm is missing: build the app first (python3 serve.py --build)');
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}

const server = await startServer();
const filter = process.env.KOLO_E2E_FILTER || '';
let passed = 0, failed = 0;
const files = fs.readdirSync(HERE).filter((f) => f.endsWith('.test.mjs')).sort();
for (const file of files) {
  const { tests } = await import(pathToFileURL(path.join(HERE, file)));
  for (const t of tests) {
    const name = `${file.replace('.test.mjs', '')}: ${t.name}`;
    if (filter && !name.includes(filter)) continue;
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        t.run({ url: server.url }),
        new Promise((_, reject) => { const ms = t.timeout || TIMEOUT_MS; timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms); }),
      ]);
      passed++;
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed++;
      console.log(`FAIL ${name}\n     ${String(err && err.stack || err).split('\n').slice(0, 6).join('\n     ')}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
await server.close();
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
