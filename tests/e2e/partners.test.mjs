// The partner editor in a real browser, through real mouse and keyboard only: a school added
// with a contact person and a service, a call logged that moves the next follow-up (and the
// Dashboard with it), a phone copied with one click, and a near-duplicate found before saving
// and merged into the existing partner as one undoable step.
import { assert, click, items, state, typeCyrillic, waitState, withApp } from './harness.mjs';

async function type(page, id, text) {
  await click(page, id);
  await typeCyrillic(page, text);
}

async function save(page) {
  await click(page, 'partner.save');
  await waitState(page, (s) => !s.editor_open).catch(async () => {
    throw new Error(`the editor did not close after saving: ${JSON.stringify(await state(page))}`);
  });
}

// Opens the partner named `name` from the directory; returns its id.
async function openFromDirectory(page, name) {
  await click(page, 'nav.partners');
  const row = (await items(page)).find((i) => i.id.startsWith('partners.row.') && i.label === name);
  assert(row, `no row "${name}" in the directory`);
  await click(page, row.id);
  const id = Number(row.id.slice('partners.row.'.length));
  await waitState(page, (s, id) => s.editor_open && s.partner_open === id, id);
  return id;
}

// The date `days` after `today` (YYYY-MM-DD).
function laterDate(today, days) {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// The Dashboard lists the partner among what is due: `today_list` or `today` ([{partner, ...}])
// once the Dashboard shows the day's list, `follow_ups` (names) before that.
function dashboardLists(s, name) {
  for (const list of [s.today_list, s.today])
    if (Array.isArray(list)) return list.some((t) => t.partner === name || (t.partner && t.partner.name === name));
  return Array.isArray(s.follow_ups) && s.follow_ups.includes(name);
}

export const tests = [
  {
    name: 'a school with a contact person and a service; a logged call moves the next follow-up and the Dashboard shows it',
    run: ({ url }) => withApp({}, url, async (page) => {
      await click(page, 'nav.partners');
      await click(page, 'partners.add');
      await type(page, 'partner.name', 'Ліцей №7');
      await click(page, 'partner.kind');
      await click(page, 'kind.school_kindergarten');
      await click(page, 'partner.tab.contacts');
      await click(page, 'partner.contact.add');
      await type(page, 'partner.contact.0.name', 'Олена');
      await type(page, 'partner.contact.0.phone', '+380 67 123 4567');
      await click(page, 'partner.tab.services');
      await click(page, 'partner.service.add');
      await type(page, 'partner.service.0.name', 'Групи');
      await type(page, 'partner.service.0.trusted_specialist', 'Ігор');
      await waitState(page, (s) => s.partner_services[0] === 'Групи' && s.partner_contacts[0] === 'Олена');
      await save(page);
      let s = await state(page);
      assert(s.counts.partners === 1 && s.counts.services === 1, `counts after saving: ${JSON.stringify(s.counts)}`);

      await click(page, 'nav.dashboard');
      await waitState(page, (s) => s.view === 'dashboard');
      assert(!dashboardLists(await state(page), 'Ліцей №7'), 'the Dashboard lists the school before any follow-up was set');

      await openFromDirectory(page, 'Ліцей №7');
      s = await state(page);
      assert(s.partner_services.length === 1 && s.partner_contacts.length === 1, `reopened: ${JSON.stringify(s)}`);
      await click(page, 'partner.tab.contacts');
      await click(page, 'partner.contact.0.copy');
      await waitState(page, (s) => s.copied === '+380 67 123 4567');

      // The browser's local date is the app's today (state().today may become the Dashboard's list).
      const next = laterDate(await page.evaluate(() => new Date().toLocaleDateString('sv')), 5);
      await click(page, 'partner.tab.log');
      await click(page, 'partner.log.who_pick');
      await click(page, 'partner.log.who.0');
      await type(page, 'partner.log.summary', 'зустріч');
      await type(page, 'partner.log.next_contact', next);
      await click(page, 'partner.log.add');
      await waitState(page, (s, next) => s.partner_log.length === 1 && s.partner_touch.due === next, next).catch(async () => {
        throw new Error(`logging did not move the next contact to ${next}: ${JSON.stringify(await state(page))}`);
      });
      s = await state(page);
      assert(s.partner_log[0].who === 'Олена' && s.partner_log[0].channel === 'call', `logged: ${JSON.stringify(s.partner_log)}`);
      assert(s.counts.interactions === 1, `interactions: ${s.counts.interactions}`);

      await click(page, 'partner.cancel');
      await click(page, 'nav.dashboard');
      await waitState(page, `(s) => s.view === 'dashboard' && (${dashboardLists})(s, 'Ліцей №7')`).catch(async () => {
        throw new Error(`the Dashboard does not list the school: ${JSON.stringify(await state(page))}`);
      });
      assert(dashboardLists(await state(page), 'Ліцей №7'), 'the Dashboard lists the school');
    }),
  },
  {
    name: 'a near-duplicate is flagged before saving, then merged into the existing partner as one undoable step',
    run: ({ url }) => withApp({}, url, async (page) => {
      await click(page, 'nav.partners');
      await click(page, 'partners.add');
      await type(page, 'partner.name', 'Ліцей №7');
      await click(page, 'partner.tab.contacts');
      await click(page, 'partner.contact.add');
      await type(page, 'partner.contact.0.name', 'Олена');
      await type(page, 'partner.contact.0.phone', '067 123 4567');
      await save(page);

      await click(page, 'partners.add');
      await type(page, 'partner.name', 'ліцей 7');
      await waitState(page, (s) => s.partner_duplicates.length === 1 && s.partner_duplicates[0].same_name);
      await click(page, 'partner.save');
      await waitState(page, (s) => s.partner_dup_prompt && s.editor_open);
      assert((await state(page)).counts.partners === 1, 'saved before the user chose');
      await click(page, 'partner.tab.contacts');
      await click(page, 'partner.contact.add');
      await type(page, 'partner.contact.0.name', 'Андрій');
      await click(page, 'partner.dup.save_anyway');
      await waitState(page, (s) => !s.editor_open && s.counts.partners === 2);

      const keep = await openFromDirectory(page, 'Ліцей №7');
      await waitState(page, (s) => s.partner_duplicates.length === 1);
      const drop = (await state(page)).partner_duplicates[0].id;
      await click(page, `partner.merge.${drop}`);
      await waitState(page, (s, keep) => s.counts.partners === 1 && s.editor_open && s.partner_open === keep &&
        s.partner_contacts.length === 2, keep).catch(async () => {
        throw new Error(`not merged: ${JSON.stringify(await state(page))}`);
      });
      await click(page, 'partner.cancel');
      await click(page, 'edit.undo');
      await waitState(page, (s) => s.counts.partners === 2);
    }),
  },
];
