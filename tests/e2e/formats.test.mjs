// Open formats in a real browser, through real mouse, keyboard and drag-and-drop only: the
// contact persons of the partners a list shows go to a phone's address book as one vCard 4.0
// file, which an independent parser (Debian's python3-vobject, tests/vcard/check_vcard.py)
// reads back; an official HSDS example dropped onto the page becomes a partner with its
// service (and its CSV tables dropped together update it rather than add it twice); the
// partners go out as CSV, which Python's csv module reads back (tests/csv/read_csv.py).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, assert, click, dropFiles, items, reloadApp, reveal, state, typeCyrillic, waitState, withApp } from './harness.mjs';

const demo = JSON.parse(fs.readFileSync(path.join(ROOT, 'assets', 'demo', 'demo-uk.json'), 'utf8')).document;
const named = (p) => (p.contacts || []).filter((c) => (c.name || '').trim()).length;

async function download(page, id, dir) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), click(page, id)]);
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

function check(file, expect) {
  const json = file.replace(/\.vcf$/, '.expect.json');
  fs.writeFileSync(json, JSON.stringify(expect));
  try {
    return execFileSync('/usr/bin/python3', [path.join(ROOT, 'tests', 'vcard', 'check_vcard.py'), file, json], { encoding: 'utf8' });
  } catch (e) {
    throw new Error(`check_vcard.py: ${e.stdout || ''}${e.stderr || ''}`);
  }
}

const HSDS = path.join(ROOT, '..', 'shared', 'peer', 'hsds-3.0', 'examples');

export const tests = [
  {
    name: 'a spreadsheet of partners dropped onto the page: columns picked with the mouse, the bad row skipped when agreed, remembered after a reload',
    run: ({ url }) => withApp({ locale: 'uk-UA' }, url, async (page) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-sheet-'));
      const sheet = path.join(dir, 'мої партнери.csv');
      // As Excel saves it in a Ukrainian locale: a byte-order mark, semicolons, CRLF, a quoted
      // line break; "Заклад" is no word Kolo knows for the name.
      fs.writeFileSync(sheet, '\ufeffЗаклад;Вид;Телефон;Примітки\r\n' +
        'Ліцей №7 (вигаданий);Школа / садочок;+380 44 111 22 33;"збори;\r\nдвічі на рік"\r\n' +
        'Центр «Вигаданий»;ГО / благодійна організація;;\r\n' +
        'Без виду;космічний корабель;;\r\n');
      const before = (await state(page)).counts.partners;
      await dropFiles(page, [sheet]);
      await waitState(page, (s) => s.partner_csv);
      let s = await state(page);
      assert(s.partner_csv.map.name === null && s.partner_csv.map.kind === 'Вид', JSON.stringify(s.partner_csv.map));
      assert(s.partner_csv.bad.length === 3, 'without a name column every row is bad: ' + JSON.stringify(s.partner_csv.bad));
      // The name: picked from the combo with the mouse.
      await click(page, 'csv.map.name');
      await click(page, 'csv.map.name.0');
      await waitState(page, (s) => s.partner_csv.map.name === 'Заклад' && s.partner_csv.added === 2 && s.partner_csv.bad.length === 1);
      s = await state(page);
      assert(s.partner_csv.bad[0].row === 4 && s.partner_csv.bad[0].field === 'field.kind', JSON.stringify(s.partner_csv.bad));
      await click(page, 'csv.import');  // waits for the user's word about the bad row
      assert((await state(page)).counts.partners === before, 'nothing imported before the bad row is agreed to');
      await click(page, 'csv.skip_bad');
      await click(page, 'csv.import');
      await waitState(page, (s, n) => !s.partner_csv && s.counts.partners === n + 2, before);
      await waitState(page, (s) => s.save === 'saved');

      // After a reload, the same spreadsheet: the columns are remembered, nothing is added twice.
      await reloadApp(page);
      await dropFiles(page, [sheet]);
      await waitState(page, (s) => s.partner_csv);
      s = await state(page);
      assert(s.partner_csv.map.name === 'Заклад', 'remembered: ' + JSON.stringify(s.partner_csv.map));
      assert(s.partner_csv.added === 0 && s.partner_csv.unchanged === 2, JSON.stringify(s.partner_csv));
      await click(page, 'csv.cancel');
      await waitState(page, (s) => !s.partner_csv);
      // One undo took the import back before the reload? Here: undo is per session; the
      // import is one step in this session's history only if made here, so check counts.
      assert((await state(page)).counts.partners === before + 2, 'the import was saved');
    }),
  },
  {
    name: 'an official HSDS example dropped onto the page becomes a partner with its service; its CSV tables update it; partners go out as CSV',
    run: ({ url }) => withApp({}, url, async (page) => {
      if (!fs.existsSync(HSDS)) {
        console.log(`  skipped: ${HSDS} is absent (the peer material is not checked out)`);
        return;
      }
      const before = (await state(page)).counts;
      await dropFiles(page, [path.join(HSDS, 'organization_full.json')]);
      await waitState(page, (s) => s.import && s.import.readable);
      let s = await state(page);
      assert(s.import.merge_only, 'an HSDS file is merged, never replaces the network');
      assert(s.import.merge.partners.added === 1 && s.import.merge.services.added === 1, JSON.stringify(s.import.merge));
      assert(s.import.report.some((r) => r.key === 'hsds.not_kept' && r.args[0] === 'Funding'),
        'the report says what is not kept: ' + JSON.stringify(s.import.report));
      await click(page, 'import.merge');
      await waitState(page, (s, n) => !s.import && s.counts.services === n + 1, before.services);

      // Its service, seen where the user looks for it: the partner list, searched.
      await click(page, 'nav.partners');
      await click(page, 'partners.search');
      await page.keyboard.type('Example Organization');
      await waitState(page, (s) => s.partners_shown === 1);
      const row = (await items(page)).find((it) => it.id.startsWith('partners.row.'));
      assert(row, 'the imported partner is listed');
      await click(page, row.id);
      await click(page, 'partner.tab.services');
      await waitState(page, (s) => JSON.stringify(s.partner_services || '').includes('Community Counselling'));
      await click(page, 'partner.cancel');
      await waitState(page, (s) => !s.editor_open);

      // The same directory as its CSV tables, all dropped at once: updates, adds nothing.
      const tables = fs.readdirSync(path.join(HSDS, 'csv')).map((f) => path.join(HSDS, 'csv', f));
      await dropFiles(page, tables);
      await waitState(page, (s) => s.import && s.import.readable, null, 20000);
      s = await state(page);
      assert(!s.import.merge.partners || s.import.merge.partners.added === 0, JSON.stringify(s.import.merge));
      assert(!s.import.merge.services || s.import.merge.services.added === 0, JSON.stringify(s.import.merge));
      await click(page, 'import.merge');
      await waitState(page, (s, n) => !s.import && s.counts.partners === n + 1, before.partners);

      // Partners out as CSV, read back by Python's csv module as a spreadsheet would.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-csv-'));
      await click(page, 'nav.settings');
      await reveal(page, 'data.csv.partners');
      const file = await download(page, 'data.csv.partners', dir);
      assert(/^kolo-partners-\d{4}-\d{2}-\d{2}\.csv$/.test(path.basename(file)), path.basename(file));
      const rows = JSON.parse(execFileSync('/usr/bin/python3', [path.join(ROOT, 'tests', 'csv', 'read_csv.py'), file], { encoding: 'utf8' }));
      const org = rows.find((r) => r[1] === 'Example Organization Inc.');
      assert(org, 'the imported partner is in the table: ' + JSON.stringify(rows.slice(0, 3)));
      assert(org.includes('http://example.com') && org.includes('Ann Persona (Reception Manager, Reception), +44 1234 234567, email@example.com'),
        JSON.stringify(org));
    }),
  },
  {
    name: 'the contact persons of the partners listed go to a phone as one vCard file, all or as searched',
    run: ({ url }) => withApp({ locale: 'uk-UA' }, url, async (page) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-vcard-'));
      await click(page, 'demo.load');
      await waitState(page, (s) => s.counts.partners >= 40);
      await click(page, 'nav.partners');
      const all = await download(page, 'partners.vcard', dir);
      assert(/^kolo-contacts-\d{4}-\d{2}-\d{2}\.vcf$/.test(path.basename(all)), `file name ${path.basename(all)}`);
      const total = demo.partners.reduce((n, p) => n + named(p), 0);
      assert(total > 10, `the example network has ${total} named contact persons`);
      check(all, { count: total });

      // Searched: only the partners the list shows.
      const lyceum = demo.partners.find((p) => p.name.includes('Обрій'));
      await click(page, 'partners.search');
      await typeCyrillic(page, 'Обрій');
      await waitState(page, (s) => s.partners_shown === 1);
      const one = await download(page, 'partners.vcard', dir);
      const c = lyceum.contacts.find((x) => (x.name || '').trim());
      const out = check(one, { count: named(lyceum), cards: { [`kolo-contact-${lyceum.id}-${c.id}`]: { FN: c.name, ORG: lyceum.name } } });
      assert(out.includes(`ok: ${named(lyceum)} cards`), out);
    }),
  },
];
