// Shared boards in real browsers, through real mouse and keyboard only: the owner makes a
// board around one school of the example network and saves it as a page (.html); a second,
// fresh browser profile with the network off opens that page from file:// and shows the board
// read-only (no client data, no own data); the liaison finds the school by typing part of its
// name, suggests a new address and exports the suggestion; the owner drops that file onto her
// app, accepts the change (one step) and undoes it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assert, click, dropFiles, launch, openApp, reloadApp, state, typeCyrillic, waitState, withApp } from './harness.mjs';

const VIEW = { width: 1400, height: 900, locale: 'uk-UA', timezoneId: 'Europe/Kyiv' };
const SCHOOL = 71;  // Ліцей «Обрій» (made up) in the example network, which keeps its ids

async function download(page, id, dir) {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), click(page, id)]);
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

export const tests = [
  {
    name: 'a board page opens from file:// offline in a fresh profile, read-only; a suggestion travels back, is accepted and undone',
    run: ({ url }) => withApp(VIEW, url, async (owner) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-board-'));
      await click(owner, 'demo.load');
      await waitState(owner, (s) => s.counts.partners >= 40);
      await click(owner, 'nav.share');
      await click(owner, 'share.partner');
      await click(owner, `share_partner.${SCHOOL}`);
      await click(owner, 'share.apply_rule');
      await waitState(owner, (s) => s.share.board_partners >= 2);
      const page = await download(owner, 'share.save_html', dir);
      assert(page.endsWith('.kolo-board.html'), `page file ${page}`);
      const html = fs.readFileSync(page, 'utf8');
      const demo = JSON.parse(fs.readFileSync(new URL('../../assets/demo/demo-uk.json', import.meta.url), 'utf8')).document;
      for (const c of demo.cases) assert(!html.includes(c.alias), `the page holds the client alias ${c.alias}`);
      assert(html.length > 1e6 && html.includes('id="kolo-wasm"'), `the page is ${html.length} bytes, without the app inside?`);

      // A school computer: a fresh profile, no network, the page opened from a file.
      let suggestions;
      const { context } = await launch(VIEW);
      try {
        await context.setOffline(true);
        const liaison = await openApp(context, 'file://' + page);
        let s = await state(liaison);
        assert(s.board && s.board.page === true, `no board shown: ${JSON.stringify(s.board)}`);
        assert(s.view === 'board' && JSON.stringify(s.views) === '["board","map"]', `views ${s.view} ${JSON.stringify(s.views)}`);
        assert(s.counts.cases === 0 && s.counts.referrals === 0 && s.counts.interactions === 0, `counts ${JSON.stringify(s.counts)}`);
        assert(s.board.title.includes('Обрій'), `title ${s.board.title}`);

        await click(liaison, 'board.search');
        await typeCyrillic(liaison, 'Обрій');
        await waitState(liaison, (st) => st.board_view.shown === 1);
        await click(liaison, `board.p.${SCHOOL}`);
        await waitState(liaison, (st, id) => st.board_view.selected === id, SCHOOL);

        await click(liaison, 'board.suggest');
        await click(liaison, 'suggest.after');
        await typeCyrillic(liaison, 'вул. Нова, 5');
        await click(liaison, 'suggest.ok');
        await waitState(liaison, (st) => st.board_view.suggestions === 1 && !st.board_view.suggest_open);
        await click(liaison, 'board.tab.suggestions');
        suggestions = await download(liaison, 'board.export_suggestions', dir);
        assert(suggestions.endsWith('.kolo-suggestions.json'), `suggestions file ${suggestions}`);
        s = await state(liaison);
        assert(s.board_view.exported !== '', 'the export is not noted');
        // The page kept nothing in this browser's databases.
        const dbs = await liaison.evaluate(() => indexedDB.databases().then((l) => l.map((d) => d.name)));
        assert(dbs.length === 0, `the board page opened databases: ${dbs}`);
        assert(liaison.errors.length === 0, `errors on the board page:\n${liaison.errors.join('\n')}`);
      } finally {
        await context.close();
      }

      // Back at the owner's: the file dropped onto the page, reviewed, accepted, undone.
      const before = (await state(owner)).revision;
      await dropFiles(owner, [suggestions]);
      await waitState(owner, (st) => st.share && st.share.review && st.share.review.items.length === 1);
      let s = await state(owner);
      assert(s.share.review.items[0].state === 'applies', `review ${JSON.stringify(s.share.review)}`);
      await click(owner, 'review.0.accept');
      await click(owner, 'review.apply');
      await waitState(owner, (st, rev) => st.revision === rev + 1 && st.share.review_result !== '' && st.can_undo, before);
      // What the owner's data says, read as she would: an export.
      const address = async () => {
        await click(owner, 'nav.settings');
        const file = await download(owner, 'data.export', dir);
        const doc = JSON.parse(fs.readFileSync(file, 'utf8')).document;
        fs.unlinkSync(file);
        return doc.partners.find((p) => p.id === SCHOOL).address;
      };
      const original = demo.partners.find((p) => p.id === SCHOOL).address || '';
      let now = await address();
      assert(now === 'вул. Нова, 5', `after accepting, the school's address is "${now}"`);
      await click(owner, 'edit.undo');
      await waitState(owner, (st) => st.can_redo);
      now = await address();
      assert(now === original, `after undo, the school's address is "${now}", was "${original}"`);

      // A change still waiting to be saved when a board opens is saved as the user's, not
      // overwritten by the board: redo, drop the board page at once, close it, reload.
      await click(owner, 'edit.redo');
      await dropFiles(owner, [page]);
      await waitState(owner, (st) => st.board && st.view === 'board');
      await owner.waitForTimeout(1500);
      await click(owner, 'board.close');
      await waitState(owner, (st) => !st.board && st.save === 'saved' && st.saved_revision === st.revision, null, 15000);
      await reloadApp(owner);
      const after = await state(owner);
      assert(after.counts.partners === demo.partners.length && after.counts.cases === demo.cases.length,
        `after a board was open, the own data holds ${JSON.stringify(after.counts)}`);
      now = await address();
      assert(now === 'вул. Нова, 5', `the redone address was not saved as the user's: "${now}"`);
      fs.rmSync(dir, { recursive: true, force: true });
    }),
  },
];
