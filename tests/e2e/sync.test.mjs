// Team sync against a real CouchDB-compatible server: pouchdb-server (npm, --in-memory) on the
// loopback address, started and stopped here, reached through a small TCP relay that the tests
// cut and restore (the network going away and coming back). Every device is its own browser
// profile; everything the user does is real clicks and keys (Settings, "Team sync").
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, fill, startCouch, startRelay, synced, until } from './couch.mjs';
import { addPartner, assert, click, item, items, launch, openApp, reveal, state, typeCyrillic, waitState } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-e2e-sync-'));
const MARKER = 'MARKER-CLIENT-7f3a';  // put in client fields: never to be found on the server

async function withDevices(n, body) {
  const couch = await startCouch();
  const relay = await startRelay(couch.port);
  const contexts = [];
  try {
    for (let i = 0; i < n; i++) contexts.push((await launch({})).context);
    await body({ couch, relay, db: `http://127.0.0.1:${relay.port}/kolo-team`, contexts });
  } finally {
    for (const c of contexts) await c.close().catch(() => {});
    await relay.cut();
    await couch.stop();
  }
}

async function pickFile(page, buttonId, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, buttonId)]);
  await chooser.setFiles(file);
}
// A made-up network with a client case whose fields hold MARKER, imported by the user.
async function importNetwork(page, file) {
  await click(page, 'nav.settings');
  await pickFile(page, 'data.import', file);
  await waitState(page, (s) => s.import && s.import.readable).catch(async () => {
    throw new Error(`the file did not read: ${JSON.stringify((await state(page)).import)}`);
  });
  await click(page, 'import.replace');
  await waitState(page, (s) => !s.import && s.counts.partners > 0);
  await waitState(page, (s) => s.save === 'saved' && s.saved_revision === s.revision, null, 30000);
}
function networkFile(partners = 0) {
  const v5 = JSON.parse(fs.readFileSync(path.join(HERE, '..', 'fixtures', 'kolo-v5.json'), 'utf8'));
  const doc = v5.document;
  doc.cases[0].alias = `Alias ${MARKER}`;
  doc.cases[0].notes = `Notes ${MARKER}`;
  doc.cases[0].motivation = MARKER;
  for (let i = 0; i < partners; i++) {
    doc.partners.push({ ...doc.partners[1], id: 5000 + i, name: `Partner ${i}`, contacts: [] });
  }
  if (partners) doc.next_id = Math.max(doc.next_id, 5000 + partners);
  const file = path.join(tmp, `network-${partners}.json`);
  fs.writeFileSync(file, JSON.stringify(v5));
  return file;
}
const partnerNames = async (page) => {
  await click(page, 'nav.partners');
  return (await items(page)).filter((i) => i.id.startsWith('partners.row.')).map((i) => i.label).sort();
};
// The directory's names once they are `expected` (a frame drawn by a sync report may come
// between the click and the list): read again for up to 10 s.
async function namesUntil(page, expected) {
  let names = [];
  for (const end = Date.now() + 10000; Date.now() < end;) {
    names = await partnerNames(page);
    if (JSON.stringify(names) === JSON.stringify(expected)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return names;
}

// Settings: the device's data locked with `passphrase` (tests/e2e/lock.test.mjs for the rest).
async function lockData(page, passphrase) {
  await click(page, 'nav.settings');
  await reveal(page, 'lock.passphrase');
  for (const id of ['lock.passphrase', 'lock.passphrase_again']) {
    await click(page, id);
    await typeCyrillic(page, passphrase);
  }
  await reveal(page, 'lock.on');
  await click(page, 'lock.on');
  await waitState(page, (s) => s.lock.on && !s.lock.busy && s.lock.done === 'lock.turned_on', null, 60000);
  // Back up to the top of Settings (Team sync is above the lock), with the wheel.
  for (let i = 0; i < 40; i++) {
    if ((await items(page)).some((it) => it.id === 'sync.url' && !it.clipped)) return;
    await page.mouse.wheel(0, -240);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('Team sync did not come back into view');
}

export const tests = [
  {
    name: 'two devices sync a partner both ways; the server holds only ciphertext, no marker of a client field',
    timeout: 240000,
    run: ({ url }) => withDevices(2, async ({ couch, db, contexts }) => {
      const a = await openApp(contexts[0], url);
      await importNetwork(a, networkFile());
      const before = await state(a);
      await connect(a, db, 'correct horse 7', { clients: true });
      await synced(a, 'the first device to push everything');
      const b = await openApp(contexts[1], url);
      await connect(b, db, 'correct horse 7', { clients: true });
      const got = await until(b, 'the second device to have the network', (s) => s.sync.state === 'synced' && s.counts.partners === before.counts.partners);
      assert(got.counts.cases === before.counts.cases && got.counts.referrals === before.counts.referrals,
        `client tables did not arrive: ${JSON.stringify(got.counts)} vs ${JSON.stringify(before.counts)}`);
      // Both ways, one edit each; the first is timed (saved there -> shown here).
      await addPartner(b, 'Школа');
      await waitState(b, (s) => s.save === 'saved' && s.saved_revision === s.revision, null, 15000);
      const t0 = Date.now();
      await until(a, 'the edit to reach the first device', (s) => s.counts.partners === before.counts.partners + 1);
      console.log(`     [sync] one edit on loopback, saved on one device -> shown on the other: ${Date.now() - t0} ms`);
      await addPartner(a, 'Ліцей');
      await until(b, 'the edit to reach the second device', (s) => s.counts.partners === before.counts.partners + 2);
      let names = [];
      for (const end = Date.now() + 10000; Date.now() < end && !(names.includes('Школа') && names.includes('Ліцей'));)
        names = await partnerNames(b);
      assert(names.includes('Школа') && names.includes('Ліцей'), `the second device shows ${JSON.stringify(names)}`);
      // What the server holds: ids, revisions and ciphertext.
      const docs = await couch.docs('kolo-team');
      const text = JSON.stringify(docs);
      assert(!text.includes(MARKER), 'a client field is on the server in clear');
      for (const plain of ['Ліцей', 'Школа', 'Олена', 'example.org', '"name"', 'alias'])
        assert(!text.includes(plain), `"${plain}" is on the server in clear`);
      const records = docs.filter((d) => !d._id.startsWith('kolo-'));
      assert(records.length > 10 && records.every((d) => d.ct && d.iv && d.kid && Object.keys(d).length === 5),
        `a stored document holds more than ciphertext: ${JSON.stringify(records.find((d) => !d.ct || Object.keys(d).length !== 5))}`);
      assert(records.some((d) => d._id.startsWith('cases/')), 'the case did not sync although turned on');
    }),
  },
  {
    name: 'three specialists share one directory; a new passphrase encrypts everything again and the others are asked for it',
    timeout: 300000,
    run: ({ url }) => withDevices(3, async ({ couch, db, contexts }) => {
      const pages = [];
      for (const context of contexts) pages.push(await openApp(context, url));
      await addPartner(pages[0], 'Школа');
      await connect(pages[0], db, 'bureau one');
      await synced(pages[0]);
      for (const p of pages.slice(1)) {
        await connect(p, db, 'bureau one');
        await until(p, 'the directory on another specialist\'s device', (s) => s.sync.state === 'synced' && s.counts.partners === 1);
      }
      await addPartner(pages[2], 'Ліцей');
      for (const p of pages.slice(0, 2)) await until(p, 'the third specialist\'s partner', (s) => s.counts.partners === 2);
      const kid = (await couch.docs('kolo-team')).find((d) => d._id === 'kolo-keys').kid;
      // The first changes the passphrase.
      await click(pages[0], 'nav.settings');
      await fill(pages[0], 'sync.passphrase', 'bureau one');
      await fill(pages[0], 'sync.new_passphrase', 'bureau two');
      await reveal(pages[0], 'sync.change_passphrase');
      await click(pages[0], 'sync.change_passphrase');
      await until(pages[0], 'everything encrypted again', (s) => s.sync.state === 'synced', 60000);
      const docs = await couch.docs('kolo-team');
      const newKid = docs.find((d) => d._id === 'kolo-keys').kid;
      assert(newKid !== kid, 'the key did not change');
      const records = docs.filter((d) => !d._id.startsWith('kolo-'));
      assert(records.length > 0 && records.every((d) => d.kid === newKid), 'a document is still under the old key');
      // The second is asked for the new passphrase, and with it syncs again.
      await until(pages[1], 'the second device to be told', (s) => s.sync.state === 'error' && s.sync.why === 'key_changed', 60000);
      await connect(pages[1], db, 'bureau two');
      await until(pages[1], 'the second device back in sync', (s) => s.sync.state === 'synced' && s.counts.partners === 2, 60000);
      await addPartner(pages[1], 'Центр');
      await until(pages[0], 'the new partner on the first device', (s) => s.counts.partners === 3);
      const names = await namesUntil(pages[0], ['Ліцей', 'Центр', 'Школа']);
      assert(JSON.stringify(names) === JSON.stringify(['Ліцей', 'Центр', 'Школа']),
        `the first device shows ${JSON.stringify(names)}: ${JSON.stringify(await state(pages[0]))}`);
    }),
  },
  {
    name: 'a record broken on one device is set aside there, never deleted on the others, and comes back from the server',
    timeout: 180000,
    run: ({ url }) => withDevices(2, async ({ couch, db, contexts }) => {
      const a = await openApp(contexts[0], url);
      await addPartner(a, 'Школа');
      await addPartner(a, 'Ліцей');
      await waitState(a, (s) => s.save === 'saved' && s.saved_revision === s.revision, null, 15000);
      await connect(a, db, 'kept safe');
      await synced(a);
      const b = await openApp(contexts[1], url);
      await connect(b, db, 'kept safe');
      await until(b, 'both partners on the second device', (s) => s.sync.state === 'synced' && s.counts.partners === 2);
      // Something (a crash mid-write, a disk error) broke one record stored on the first device.
      const key = await a.evaluate(() => new Promise((resolve) => {
        const open = indexedDB.open('kolo');
        open.onsuccess = () => {
          const tx = open.result.transaction('records', 'readwrite');
          const store = tx.objectStore('records');
          const all = store.getAll();
          all.onsuccess = () => {
            const r = all.result.find((x) => x.k.startsWith('partners/') && x.text.includes('Ліцей'));
            store.put({ ...r, text: r.text.slice(0, 15) });
            tx.oncomplete = () => { open.result.close(); resolve(r.k); };
          };
        };
      }));
      await a.reload();
      // Set aside there, then read from the server again once sync starts: both partners are back.
      await until(a, 'the broken partner back from the server', (s) => s.sync.state === 'synced' && s.counts.partners === 2, 60000);
      const doc = (await couch.docs('kolo-team')).find((d) => d._id === key);
      assert(doc && !doc._deleted, `the server lost ${key}: ${JSON.stringify(doc)}`);
      await new Promise((r) => setTimeout(r, 2000));  // anything the first device would push has gone
      assert((await state(b)).counts.partners === 2, 'the second device lost the partner');
      assert(JSON.stringify(await namesUntil(a, ['Ліцей', 'Школа'])) === JSON.stringify(['Ліцей', 'Школа']), 'the first device did not get it back');
    }),
  },
  {
    name: 'a wrong passphrase gets a clear message and changes nothing, here or on the server',
    timeout: 180000,
    run: ({ url }) => withDevices(2, async ({ couch, db, contexts }) => {
      const a = await openApp(contexts[0], url);
      await addPartner(a, 'Школа');
      await connect(a, db, 'right one');
      await synced(a);
      const server = JSON.stringify(await couch.docs('kolo-team'));
      const b = await openApp(contexts[1], url);
      await addPartner(b, 'Ліцей');
      await waitState(b, (s) => s.save === 'saved', null, 15000);
      const digest = await b.evaluate(() => window.kolo.digest());
      await connect(b, db, 'wrong one');
      await until(b, 'the wrong passphrase to be told', (s) => s.sync.state === 'wrong_passphrase');
      // Said on screen (the accessible mirror holds the frame's text).
      await b.waitForFunction(() => (document.getElementById('kolo-a11y') || {}).textContent.includes('does not open the team'),
        null, { timeout: 10000 }).catch(() => { throw new Error('no message about the passphrase on screen'); });
      assert(await b.evaluate(() => window.kolo.digest()) === digest, 'the data here changed');
      assert(JSON.stringify(await couch.docs('kolo-team')) === server, 'the server changed');
      assert((await state(b)).counts.partners === 1, 'the partner here is gone');
      // Not connected: a reload does not sync either.
      await b.reload();
      await until(b, 'the app after a reload', (s) => s.counts.partners === 1 && s.sync.state === 'off');
    }),
  },
  {
    name: 'the same partner changed on two devices while offline is a conflict shown side by side and resolved by a choice',
    timeout: 240000,
    run: ({ url }) => withDevices(2, async ({ relay, db, contexts }) => {
      const a = await openApp(contexts[0], url);
      await addPartner(a, 'Школа');
      // The first device's data is locked (shell/kolo_lock.js): what it pushes is opened, what
      // it pulls and the version it holds in a conflict are kept sealed.
      await lockData(a, 'lockpas1');
      await connect(a, db, 'pass phrase');
      // Connecting starts the page again: locked, it asks for the passphrase first.
      await until(a, 'the lock screen after connecting', (s) => s.lock.screen);
      await click(a, 'lockscreen.passphrase');
      await typeCyrillic(a, 'lockpas1');
      await click(a, 'lockscreen.open');
      await synced(a);
      const b = await openApp(contexts[1], url);
      await connect(b, db, 'pass phrase');
      await until(b, 'the partner on the second device', (s) => s.sync.state === 'synced' && s.counts.partners === 1);
      await relay.cut();
      await until(a, 'the first device offline', (s) => s.sync.state === 'offline' || s.sync.state === 'error', 60000);
      for (const [page, name] of [[a, 'Школа А'], [b, 'Школа Б']]) {
        await click(page, 'nav.partners');
        const row = (await items(page)).find((i) => i.id.startsWith('partners.row.'));
        await click(page, row.id);
        await click(page, 'partner.name');
        await page.keyboard.press('Control+A');
        await typeCyrillic(page, name);
        await click(page, 'partner.save');
        await waitState(page, (s) => !s.editor_open && s.save === 'saved', null, 15000);
      }
      await relay.restore();
      // One device's edit reaches the server first; the other is asked.
      const asked = await Promise.race([
        until(a, 'a conflict', (s) => s.sync.conflicts_device > 0, 90000).then(() => a),
        until(b, 'a conflict', (s) => s.sync.conflicts_device > 0, 90000).then(() => b),
      ]);
      const other = asked === a ? b : a;
      const mineName = asked === a ? 'Школа А' : 'Школа Б';  // (the asking device's own)
      const theirsName = asked === a ? 'Школа Б' : 'Школа А';
      await item(asked, 'conflict.mine');
      await item(asked, 'conflict.theirs');
      // Both versions side by side (the accessible mirror holds the dialog's text).
      await asked.waitForFunction(([m, t]) => {
        const text = (document.getElementById('kolo-a11y') || {}).textContent || '';
        return text.includes(m) && text.includes(t);
      }, [mineName, theirsName], { timeout: 10000 }).catch(() => { throw new Error('the two versions are not on screen'); });
      // Theirs is kept: written here in step with the server, and nothing of mine goes out.
      await click(asked, 'conflict.theirs');
      await until(asked, 'the conflict settled', (s) => s.sync.conflicts_device === 0 && s.sync.state === 'synced');
      await until(other, 'the choice to reach the other device', (s) => s.sync.state === 'synced', 60000);
      const end = Date.now() + 30000;
      let names;
      while (Date.now() < end) {
        names = await partnerNames(asked);
        if (names.length === 1 && names[0] === theirsName) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert(JSON.stringify(names) === JSON.stringify([theirsName]), `the deciding device shows ${JSON.stringify(names)}, not the kept ${theirsName}`);
      assert(JSON.stringify(await partnerNames(other)) === JSON.stringify([theirsName]), 'the other device lost the kept version');
      assert((await state(other)).sync.conflicts_device === 0, 'the other device was asked too');
      // The locked device keeps every record sealed, and team sync's password and key too.
      const kept = await a.evaluate(() => new Promise((resolve) => {
        const open = indexedDB.open('kolo');
        open.onsuccess = () => {
          const t = open.result.transaction(['records', 'sync_meta']);
          const r = t.objectStore('records').getAll();
          const c = t.objectStore('sync_meta').get('config');
          t.oncomplete = () => {
            open.result.close();
            const config = c.result || {};
            resolve({ records: r.result.map((x) => (x.sealed && x.text === undefined ? 'sealed' : 'clear')),
                      config: { secret: !!config.secret, key: 'key' in config, password: 'password' in config } });
          };
        };
      }));
      assert(kept.records.length > 0 && kept.records.every((x) => x === 'sealed'), `the locked device keeps: ${kept.records.join(',')}`);
      assert(kept.config.secret && !kept.config.key && !kept.config.password, `its sync settings: ${JSON.stringify(kept.config)}`);
    }),
  },
  {
    name: 'a first sync cut off midway resumes from its checkpoint with nothing duplicated',
    timeout: 300000,
    run: ({ url }) => withDevices(2, async ({ couch, relay, db, contexts }) => {
      const a = await openApp(contexts[0], url);
      await importNetwork(a, networkFile(450));
      const total = (await state(a)).counts.partners;
      await connect(a, db, 'resume please');
      await synced(a);
      const pushed = (await couch.docs('kolo-team')).filter((d) => d._id.startsWith('partners/'));
      assert(pushed.length === total, `${pushed.length} partners on the server, ${total} on the device`);
      await contexts[0].close();  // only the second device's requests go through the relay now
      const b = await openApp(contexts[1], url);
      // The second request for changes is cut off: one batch of 200 is in.
      relay.cutAtChanges = 2;
      await connect(b, db, 'resume please');
      // Offline once the next request is cut off; the batch before it is shown a moment later
      // (its records are handed to the app while the next request already goes out).
      await until(b, 'the cut', (s) => s.sync.state === 'offline', 60000);
      const cut = await until(b, 'the first batch shown', (s) => s.counts.partners > 0, 10000).catch(() => state(b));
      assert(cut.counts.partners > 0 && cut.counts.partners < total, `before the cut the device had ${cut.counts.partners} of ${total}`);
      await relay.restore();
      const done = await until(b, 'the rest of the network', (s) => s.sync.state === 'synced' && s.counts.partners === total, 120000);
      assert(done.sync.pushed === 0, `the second device pushed ${done.sync.pushed} documents back`);
      const after = (await couch.docs('kolo-team')).filter((d) => d._id.startsWith('partners/'));
      assert(after.length === total && after.every((d) => d._rev.startsWith('1-')),
        `after resuming the server holds ${after.length} partners, revisions ${[...new Set(after.map((d) => d._rev.slice(0, 2)))]}`);
      const keys = await b.evaluate(() => new Promise((resolve) => {
        const open = indexedDB.open('kolo');
        open.onsuccess = () => {
          const r = open.result.transaction('records').objectStore('records').getAllKeys();
          r.onsuccess = () => { open.result.close(); resolve(r.result.filter((k) => k.startsWith('partners/')).length); };
        };
      }));
      assert(keys === total, `the second device stores ${keys} partners, not ${total}`);
    }),
  },
];
