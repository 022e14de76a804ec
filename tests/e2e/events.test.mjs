// Joint events in a real browser, through real mouse and keyboard only. A made-up school and
// a youth centre (written per run, with dates relative to today in Kyiv, and dropped onto the
// page), and two pupils' families the school sent in the days after the master class. The
// psychologist plans a master class for the school's teachers with the school as co-host and
// the centre as venue, downloads it as .ics (parsed by Debian's python3-icalendar through
// tests/ics/check_ics.py), marks it done with its attendance and the two referrals, and sees
// them in what events brought.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assert, click, dropFiles, ROOT, state, typeCyrillic, waitState, withApp } from './harness.mjs';

const SCHOOL = 1, CENTRE = 2;  // in the file only: importing gives records ids of the document's own
const TALL = { width: 1500, height: 1600, locale: 'uk-UA', timezoneId: 'Europe/Kyiv' };

// "YYYY-MM-DD" in Kyiv, `days` from today.
function kyivDay(days) {
  const d = new Date(Date.now() + days * 86400000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

// The instant of wall-clock time `hh:mm` on `day` in Kyiv, as "YYYY-MM-DDTHH:MM:SSZ" (the
// browser's own zone data decides the offset: +02:00 in winter, +03:00 in summer).
function kyivInstant(day, hh, mm) {
  const [y, m, d] = day.split('-').map(Number);
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', hourCycle: 'h23', year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const want = `${day}, ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`;
  for (const offset of [2, 3]) {
    const t = new Date(Date.UTC(y, m - 1, d, hh - offset, mm));
    if (fmt.format(t) === want) return t.toISOString().replace('.000Z', 'Z');
  }
  throw new Error(`no such time in Kyiv: ${want}`);
}

// The network, written for this run: the master class will be held 10 days ago, the
// referrals came 7 and 5 days ago.
function writeNetwork(dir) {
  const doc = {
    next_id: 20,
    partners: [
      { id: SCHOOL, name: 'Ліцей «Обрій»', kind: 'school_kindergarten', tags: [], contacts: [], stage: 'active' },
      { id: CENTRE, name: 'Молодіжний центр «Простір»', kind: 'ngo_charity', tags: [], contacts: [], stage: 'met' },
    ],
    cases: [
      { id: 10, alias: 'Родина Д.', needs: [], opened: kyivDay(-7) },
      { id: 12, alias: 'Учень М.', needs: [], opened: kyivDay(-5) },
    ],
    referrals: [
      { id: 11, direction: 'in', case_id: 10, partner_id: SCHOOL, status: 'accepted', history: [{ status: 'accepted', date: kyivDay(-7) }] },
      { id: 13, direction: 'in', case_id: 12, partner_id: SCHOOL, status: 'accepted', history: [{ status: 'accepted', date: kyivDay(-5) }] },
    ],
  };
  const file = path.join(dir, 'events-network.json');
  fs.writeFileSync(file, JSON.stringify({ format: 'kolo', version: 5, saved_at: `${kyivDay(0)}T08:00`, document: doc }));
  return file;
}

async function type(page, id, text) {
  await click(page, id);
  await typeCyrillic(page, text);
}

// Ctrl+A, then the new text over the old.
async function replace(page, id, text) {
  await click(page, id);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

// The ids of the widgets drawn now whose id starts with `prefix` (the rest of each id).
async function drawn(page, prefix) {
  return page.evaluate((p) => window.kolo.items().map((i) => i.id).filter((id) => id && id.startsWith(p))
    .map((id) => id.slice(p.length)), prefix);
}

async function choose(page, combo, choice) {
  await click(page, combo);
  await click(page, choice);
}

export const tests = [
  {
    name: 'a master class with the school as co-host and a venue: .ics parsed by python3-icalendar, done with two referrals, in what events brought',
    run: ({ url }) => withApp(TALL, url, async (page) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-events-'));
      await dropFiles(page, [writeNetwork(dir)]);
      await waitState(page, (s) => s.import && s.import.readable);
      await click(page, 'import.merge');
      await waitState(page, (s) => !s.import && s.counts.partners === 2);

      await click(page, 'nav.events');
      await click(page, 'events.new');
      await waitState(page, (s) => s.events.open && s.events.open.id === 0);
      const title = 'Майстер-клас для вчителів: тривога в учнів';  // 77 octets: SUMMARY is folded in the .ics
      await type(page, 'event.title', title);
      await choose(page, 'event.kind', 'event_kind.master_class');
      const day = kyivDay(-10);
      await replace(page, 'event.date', day);
      await replace(page, 'event.time', '15:30');
      await replace(page, 'event.duration', '120');
      await type(page, 'event.place', 'Ліцей, зала; вхід з двору');
      await type(page, 'event.audience', 'вчителі 5-11');
      await type(page, 'event.partner_search', 'Обрій');
      const [school] = await drawn(page, 'event.add_partner.');
      await click(page, `event.add_partner.${school}`);
      await type(page, 'event.partner_search', 'Простір');
      await choose(page, 'event.add_role', 'event.add_role.venue');
      const [centre] = await drawn(page, 'event.add_partner.');
      assert(centre && centre !== school, `the centre is not offered: ${centre}`);
      await click(page, `event.add_partner.${centre}`);
      await waitState(page, (s) => Object.keys(s.events.open.partners).length === 2);
      let s = await state(page);
      assert(JSON.stringify(s.events.open.partners[school]) === '["co_host"]', `the school's roles: ${JSON.stringify(s.events.open.partners)}`);
      assert(JSON.stringify(s.events.open.partners[centre]) === '["venue"]', `the centre's roles: ${JSON.stringify(s.events.open.partners)}`);
      assert(s.events.open.checklist.length > 0, 'a master class starts without its checklist');
      await click(page, 'event.save');
      await waitState(page, (st) => st.events.open.id > 0 && !st.events.open.dirty);
      s = await state(page);
      const uid = s.events.open.uid;
      assert(uid.startsWith('kolo-'), `no UID: ${uid}`);

      // Into the phone's calendar: the file parsed by an independent parser, field by field.
      const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'event.export')]);
      const ics = path.join(dir, download.suggestedFilename());
      await download.saveAs(ics);
      assert(download.suggestedFilename().endsWith('.ics'), `not an .ics: ${download.suggestedFilename()}`);
      const expect = path.join(dir, 'expect.json');
      fs.writeFileSync(expect, JSON.stringify({
        events: {
          [uid]: {
            SUMMARY: title,
            LOCATION: 'Ліцей, зала; вхід з двору',
            STATUS: 'TENTATIVE',
            TZID: 'Europe/Kyiv',
            DTSTART: kyivInstant(day, 15, 30),
            DTEND: kyivInstant(day, 17, 30),
          },
        },
      }));
      try {
        execFileSync('/usr/bin/python3', [path.join(ROOT, 'tests', 'ics', 'check_ics.py'), '--file', ics, '--expect', expect],
          { encoding: 'utf8' });
      } catch (e) {
        assert(false, `check_ics.py refused the downloaded file: ${e.stdout}${e.stderr}`);
      }
      // The description names the partners with their roles and the audience (unfolded).
      const text = fs.readFileSync(ics, 'utf8').replace(/\r\n[ \t]/g, '');
      for (const want of ['Ліцей «Обрій»', 'Молодіжний центр «Простір»', 'вчителі 5-11'])
        assert(text.includes(want), `the .ics does not carry "${want}"`);

      // It was held: done, with attendance and the two referrals the school sent after it.
      await choose(page, 'event.status', 'event_status.done');
      await replace(page, 'event.attendance', '27');
      await replace(page, 'event.leads', '5');
      await replace(page, 'event.prep_hours', '6');
      // Both of the school's referrals came after the event, so both are offered.
      const offered = await drawn(page, 'event.attribute.');
      assert(offered.length === 2, `referrals offered: ${offered}`);
      for (const id of offered) await click(page, `event.attribute.${id}`);
      await waitState(page, (st) => st.events.open.referral_ids.length === 2);
      await click(page, 'event.save');
      await waitState(page, (st) => !st.events.open.dirty && st.events.open.status === 'done');

      await click(page, 'events.mode.effect');
      await waitState(page, (st) => st.events.mode === 'effect' && st.events.effect.total.events === 1);
      s = await state(page);
      const kind = s.events.effect.by_kind[0];
      assert(kind.kind === 'master_class' && kind.referrals === 2 && kind.attendance === 27 && kind.leads === 5,
        `what master classes brought: ${JSON.stringify(s.events.effect.by_kind)}`);
      assert(s.events.effect.total.minutes === 360 + 120, `hours: ${s.events.effect.total.minutes} minutes`);
      const figures = s.events.effect.by_partner.find((p) => String(p.partner_id) === school);
      assert(figures && figures.referrals === 2, `the school's figures: ${JSON.stringify(s.events.effect.by_partner)}`);
    }),
  },
];
