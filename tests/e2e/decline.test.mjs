// The decline protocol (seed 001) in a real browser, through real mouse and keyboard only:
// from a case, the self-check with two "yes", a reason, the message copied to the system
// clipboard (read back), the client marked as told, the hand-off form filled with a warning
// that fires on a diagnosis and clears when it is removed, the protocol finished; the case is
// then closed, and the Dashboard's statistics count no lost client.
import path from 'node:path';
import { assert, click, dropFiles, ROOT, state, typeCyrillic, waitState, withApp } from './harness.mjs';

const NETWORK = path.join(ROOT, 'tests', 'fixtures', 'routing-network.json');

async function type(page, id, text) {
  await click(page, id);
  await typeCyrillic(page, text);
}

export const tests = [
  {
    name: 'decline by the protocol: self-check, message copied, client told, form with a warning, finish; no client lost',
    run: ({ url }) => withApp({ width: 1400, height: 2400, locale: 'uk-UA' }, url, async (page, context) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
      await dropFiles(page, [NETWORK]);
      await waitState(page, (s) => s.import && s.import.readable);
      await click(page, 'import.merge');
      await waitState(page, (s) => !s.import && s.counts.partners === 3);

      await click(page, 'nav.clients');
      await click(page, 'clients.new');
      await type(page, 'case.alias', 'Клієнт Т.');
      await click(page, 'case.need.debts');
      await click(page, 'case.save');
      await waitState(page, (s) => s.case_open > 0 && !s.case_dirty);
      await click(page, 'clients.tab.decline');
      await click(page, 'decline.start');
      await waitState(page, (s) => s.decline && s.decline.message.length > 0);

      await click(page, 'decline.reason.beyond_competence');
      await click(page, 'decline.after_first_session');
      await click(page, 'decline.check.1.yes');
      await click(page, 'decline.check.3.yes');
      await waitState(page, (s) => s.decline.yes === 2 && s.decline.justified);

      const message = (await state(page)).decline.message;
      await page.evaluate(() => navigator.clipboard.writeText(''));
      await click(page, 'decline.message.copy');
      let copied = '';
      for (let i = 0; i < 50 && copied !== message; i++) {
        copied = await page.evaluate(() => navigator.clipboard.readText());
        if (copied !== message) await page.waitForTimeout(100);
      }
      assert(copied === message, `the clipboard holds "${copied.slice(0, 80)}", not the message`);
      assert(!(await state(page)).decline.hand_off_open, 'the hand-off form opened before the client was told');
      await click(page, 'decline.told');
      await waitState(page, (s) => s.decline.told && s.decline.hand_off_open);

      await type(page, 'decline.form.client_name_shown', 'Тарас');
      await type(page, 'decline.form.reason_detail', 'Інший підхід, F32');
      await waitState(page, (s) => s.decline.warnings.length === 1);
      for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');  // ", F32"
      await waitState(page, (s) => s.decline.warnings.length === 0);
      await type(page, 'decline.form.client_request', 'борги');
      await waitState(page, (s) => s.decline.missing.length === 0);
      await click(page, 'decline.finish');
      await waitState(page, (s) => s.decline.finished !== '');

      // The case closes with nothing closed well: without the protocol it would be a lost client.
      await click(page, 'clients.tab.case');
      await type(page, 'case.outcome', 'передано іншому фахівцю');
      await click(page, 'case.close');
      await waitState(page, (s) => s.case_closed !== '');
      await click(page, 'nav.dashboard');
      await waitState(page, (s) => s.client_stats && s.client_stats.declined === 1);
      const stats = (await state(page)).client_stats;
      assert(stats.lost === 0 && stats.declined_protected === 1, `statistics: ${JSON.stringify(stats)}`);
    }),
  },
];
