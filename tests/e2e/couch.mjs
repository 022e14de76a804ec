// Team sync's test peer and the steps a user takes to connect, for tests/e2e/sync.test.mjs and
// tests/bench/sync.mjs: pouchdb-server (npm, --in-memory) on the loopback address, started and
// stopped by the caller, a TCP relay to it that can be cut and restored, and the app's state
// read across the reloads that connecting makes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { click, item, reveal } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-couch-'));

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// pouchdb-server in memory, in a folder of its own (it writes its log and config there).
export async function startCouch() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(tmp, 'couch-'));
  const bin = path.join(HERE, 'node_modules', '.bin', 'pouchdb-server');
  const proc = spawn(bin, ['--in-memory', '--port', String(port), '--host', '127.0.0.1', '--no-stdout-logs'], { cwd: dir, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(base + '/')).ok) break; } catch (e) { /* not up yet */ }
    if (i > 150) { proc.kill(); throw new Error('pouchdb-server did not start within 15 s'); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    base,
    docs: async (db) => (await (await fetch(`${base}/${db}/_all_docs?include_docs=true`)).json()).rows.map((r) => r.doc),
    stop: () => new Promise((resolve) => { proc.once('exit', resolve); proc.kill(); }),
  };
}

// A TCP relay to the server: cut() drops every connection and refuses new ones, restore()
// listens again on the same port. `cutAtChanges`: cut by itself when that many requests for
// the changes feed have gone through (the next one is cut off).
export async function startRelay(targetPort) {
  const port = await freePort();
  const sockets = new Set();
  let server = null, changes = 0;
  const relay = {
    port,
    cutAtChanges: 0,
    async cut() {
      if (!server) return;
      const s = server;
      server = null;
      const closed = new Promise((r) => s.close(r));
      for (const c of sockets) c.destroy();
      sockets.clear();
      await closed;
    },
    restore: () => new Promise((resolve) => {
      server = net.createServer((client) => {
        const up = net.connect(targetPort, '127.0.0.1');
        sockets.add(client);
        sockets.add(up);
        const drop = () => { client.destroy(); up.destroy(); sockets.delete(client); sockets.delete(up); };
        client.on('data', (chunk) => {
          if (relay.cutAtChanges && /GET [^ ]*\/_changes\?/.test(chunk.toString('latin1')) && ++changes >= relay.cutAtChanges) {
            relay.cutAtChanges = 0;
            relay.cut();
            return;
          }
          up.write(chunk);
        });
        up.on('data', (chunk) => client.write(chunk));
        client.on('error', drop); up.on('error', drop); client.on('close', drop); up.on('close', drop);
      });
      server.listen(port, '127.0.0.1', resolve);
    }),
  };
  await relay.restore();
  return relay;
}

// The app's state, across the reloads that connecting makes.
export async function sync(page) {
  for (;;) {
    try {
      return await page.evaluate(() => (window.kolo && window.kolo.ready && window.kolo.state()) || null);
    } catch (e) {
      if (!/context was destroyed|navigation/i.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
export async function until(page, what, test, timeout = 30000) {
  const end = Date.now() + timeout;
  let s = null;
  while (Date.now() < end) {
    s = await sync(page);
    if (s && s.sync && test(s)) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`waited ${timeout / 1000} s for ${what}; state: ${JSON.stringify(s && { sync: s.sync, counts: s.counts, save: s.save, error: s.error })}`);
}

// Settings -> Team sync: the address, the passphrase and (with `clients`) the client tables,
// then Connect. Typing into a field: a click on it, then the keys.
export async function fill(page, id, text) {
  await reveal(page, id);
  await click(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}
export async function connect(page, dbUrl, passphrase, { clients = false, replace = false } = {}) {
  await click(page, 'nav.settings');
  await fill(page, 'sync.url', dbUrl);
  await fill(page, 'sync.passphrase', passphrase);
  if (clients) {
    for (const t of ['cases', 'referrals']) {
      await reveal(page, `sync.table.${t}`);
      await click(page, `sync.table.${t}`);
    }
  }
  await reveal(page, 'sync.connect');
  // Connecting starts the page again: the click's last frame may never come.
  const it = await item(page, 'sync.connect');
  await page.mouse.move(it.x + it.w / 2, it.y + it.h / 2);
  await page.mouse.down();
  await page.mouse.up();
  page.koloPointer = null;
  if (replace) {
    await until(page, 'the question to replace', (s) => s.sync.state === 'needs_replace');
    const r = await reveal(page, 'sync.replace');
    await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
    await page.mouse.down();
    await page.mouse.up();
    page.koloPointer = null;
  }
}
export const synced = (page, what = 'synced') => until(page, what, (s) => s.sync.state === 'synced' && s.sync.pending === 0);

