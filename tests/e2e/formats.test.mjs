// Open formats in a real browser, through real mouse and keyboard only: the contact persons of
// the partners a list shows go to a phone's address book as one vCard 4.0 file, which an
// independent parser (Debian's python3-vobject, tests/vcard/check_vcard.py) reads back.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, assert, click, typeCyrillic, waitState, withApp } from './harness.mjs';

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

export const tests = [
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
