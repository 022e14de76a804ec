// Client routing in a real browser, through real mouse and keyboard only. A made-up social
// bureau's network (tests/fixtures/routing-network.json, dropped onto the page) holds a legal
// clinic, a family centre and a school service. A client with debts, no documents and a child
// with school problems: the service covering all three needs comes first; the referral's
// letter is copied to the system clipboard (read back); its status moves to closed only with
// an outcome. A referral sent weeks ago with no news since is on the Dashboard and leads to
// its case.
import path from 'node:path';
import { assert, click, dropFiles, ROOT, state, typeCyrillic, waitState, withApp } from './harness.mjs';

const NETWORK = path.join(ROOT, 'tests', 'fixtures', 'routing-network.json');
const FAMILY_SERVICE = 8;     // Супровід родини: debts, documents and school
const WAITING_REFERRAL = 12;  // sent 2026-10-01, no news since
const TALL = { width: 1400, height: 1500 };

async function importNetwork(page) {
  await dropFiles(page, [NETWORK]);
  await waitState(page, (s) => s.import && s.import.readable);
  await click(page, 'import.merge');
  await waitState(page, (s) => !s.import && s.counts.partners === 3);
}

async function type(page, id, text) {
  await click(page, id);
  await typeCyrillic(page, text);
}

export const tests = [
  {
    name: 'three needs: the service covering all three is first; refer, copy the letter, close with an outcome',
    run: ({ url }) => withApp({ ...TALL, locale: 'uk-UA' }, url, async (page, context) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
      await importNetwork(page);
      await click(page, 'nav.clients');
      await click(page, 'clients.new');
      await type(page, 'case.alias', 'Родина К.');
      for (const need of ['debts', 'documents', 'school']) await click(page, `case.need.${need}`);
      await click(page, 'case.barrier.no_documents');
      await click(page, 'case.save');
      await waitState(page, (s) => s.case_open > 0 && !s.case_dirty);

      await click(page, 'clients.tab.match');
      await waitState(page, (s) => s.case_tab === 'match' && s.match && s.match.rows.length === 3);
      let s = await state(page);
      assert(s.match.rows[0].service_id === FAMILY_SERVICE && s.match.rows[0].covered === 3,
        `the first service is not the one covering all three needs: ${JSON.stringify(s.match.rows)}`);
      assert(s.match.single_covers_all, 'matching does not say a single service covers all needs');

      await click(page, `match.refer.${FAMILY_SERVICE}`);
      await waitState(page, (st) => st.case_tab === 'referrals' && st.referral && st.referral.status === 'draft');
      s = await state(page);
      assert(s.referral.told.specialist === 'Ірина Вигадана', `the trusted specialist was not taken from the service: ${JSON.stringify(s.referral.told)}`);

      await page.evaluate(() => navigator.clipboard.writeText(''));
      await click(page, 'referral.copy');
      let letter = '';
      for (let i = 0; i < 50 && !letter.includes('Супровід родини'); i++) {
        letter = await page.evaluate(() => navigator.clipboard.readText());
        if (!letter.includes('Супровід родини')) await page.waitForTimeout(100);
      }
      assert(letter.includes('Супровід родини'), `the clipboard does not hold the letter: "${letter.slice(0, 200)}"`);
      assert(letter.includes('Ірина Вигадана'), 'the letter does not name the trusted specialist');
      assert(!letter.includes('Родина К.'), 'the letter carries the client\'s alias');

      // Print: a clean HTML page in its own frame, not a picture of the canvas.
      await click(page, 'referral.print');
      await page.waitForFunction(() => {
        const f = document.getElementById('kolo-print');
        return f && f.srcdoc.includes('Супровід родини') && f.srcdoc.includes('<html');
      }, null, { timeout: 10000 });

      await click(page, 'referral.move.sent');
      await waitState(page, (st) => st.referral.status === 'sent');
      await click(page, 'referral.move.closed');
      await waitState(page, (st) => st.referral.error !== '');
      s = await state(page);
      assert(s.referral.status === 'sent', 'a referral closed without an outcome');
      await type(page, 'referral.outcome', 'родина отримує супровід');
      await click(page, 'referral.move.closed');
      await waitState(page, (st) => st.referral.status === 'closed');
      s = await state(page);
      assert(s.referral.outcome === 'родина отримує супровід', `outcome: ${s.referral.outcome}`);
      assert(s.referral.history.map((h) => h.status).join(',') === 'draft,sent,closed',
        `history: ${JSON.stringify(s.referral.history)}`);
    }),
  },
  {
    name: 'a referral without news for weeks is on the Dashboard, marked, and one click opens it',
    run: ({ url }) => withApp(TALL, url, async (page) => {
      await importNetwork(page);
      await click(page, 'nav.dashboard');
      await waitState(page, (s, id) => Array.isArray(s.no_news) && s.no_news.some((n) => n.referral_id === id), WAITING_REFERRAL);
      const s = await state(page);
      const item = s.no_news.find((n) => n.referral_id === WAITING_REFERRAL);
      assert(item.long && item.business_days >= 14, `not marked as a long silence: ${JSON.stringify(item)}`);
      await click(page, `dashboard.referral.${WAITING_REFERRAL}`);
      await waitState(page, (st, id) => st.view === 'clients' && st.referral_open === id && st.case_tab === 'referrals', WAITING_REFERRAL);
      // News recorded: it leaves the Dashboard.
      await type(page, 'referral.note', 'у черзі на прийом');
      await click(page, 'referral.news');
      await waitState(page, (st) => st.referral.history.length === 3 && !st.referral.waiting);
      await click(page, 'nav.dashboard');
      await waitState(page, (st) => Array.isArray(st.no_news) && st.no_news.length === 0);
    }),
  },
];
