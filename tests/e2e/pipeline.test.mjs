// The pipeline board and the outreach planner in a real browser, through real input only: a
// card dragged with the mouse onto another column, a card moved by Ctrl+ArrowRight and the
// move undone by Ctrl+Z, and a prospect made in one click from the planner's ranking.
import { act, assert, click, item, items, state, waitState, withApp } from './harness.mjs';

async function loadDemo(page) {
  await click(page, 'nav.pipeline');
  await click(page, 'demo.load');
  await waitState(page, (s) => s.counts.partners > 0 && s.pipeline_counts.prospect > 0);
  await item(page, 'pipeline.col.prospect');
}

const cardId = (it) => Number(it.id.slice('pipeline.card.'.length));

// The cards drawn in the column of `stage`, top to bottom (by the x of its header).
async function cardsIn(page, stage) {
  const all = await items(page);
  const col = all.find((i) => i.id === `pipeline.col.${stage}`);
  assert(col, `no column ${stage}`);
  return all.filter((i) => i.id.startsWith('pipeline.card.') && !i.clipped && i.x + i.w / 2 >= col.x &&
    i.x + i.w / 2 <= col.x + col.w).sort((a, b) => a.y - b.y);
}

async function columnOf(page, id) {
  for (const stage of ['prospect', 'contacted', 'met', 'agreement', 'active', 'dormant'])
    if ((await cardsIn(page, stage)).some((c) => cardId(c) === id)) return stage;
  return null;
}

export const tests = [
  {
    name: 'a card dragged with the mouse onto the next column moves there, dated and counted',
    run: ({ url }) => withApp({}, url, async (page) => {
      await loadDemo(page);
      const before = (await state(page)).pipeline_counts;
      const [card] = await cardsIn(page, 'prospect');
      assert(card, 'no prospect card on screen');
      const id = cardId(card);
      const target = await item(page, 'pipeline.col.contacted');
      const from = { x: card.x + card.w / 2, y: card.y + card.h / 2 };
      const to = { x: target.x + target.w / 2, y: target.y + 200 };
      // A person's drag: press on the card, move in steps (each seen by a frame), let go over the column.
      await act(page, () => page.mouse.move(from.x, from.y));
      await act(page, () => page.mouse.down());
      for (let i = 1; i <= 8; i++)
        await act(page, () => page.mouse.move(from.x + (to.x - from.x) * i / 8, from.y + (to.y - from.y) * i / 8));
      assert((await state(page)).pipeline_counts.prospect === before.prospect, 'the card moved before it was dropped');
      await act(page, () => page.mouse.move(to.x, to.y + 3));
      await act(page, () => page.mouse.up());
      page.koloPointer = { x: to.x, y: to.y + 3 };
      await waitState(page, (s, id) => s.pipeline_selected === id && s.pipeline_selected_stage === 'contacted', id)
        .catch(async () => { throw new Error(`after the drop: ${JSON.stringify((await state(page)))}`); });
      const after = (await state(page)).pipeline_counts;
      assert(after.prospect === before.prospect - 1 && after.contacted === before.contacted + 1,
        `counts ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      const column = await columnOf(page, id);
      assert(column === 'contacted', `the card is drawn in ${column}`);
      const header = await item(page, 'pipeline.col.contacted');
      assert(header.label.includes(`(${after.contacted})`), `the header says "${header.label}"`);
    }),
  },
  {
    name: 'a selected card moves one column on with Ctrl+ArrowRight, and Ctrl+Z takes the move back',
    run: ({ url }) => withApp({}, url, async (page) => {
      await loadDemo(page);
      const [card] = await cardsIn(page, 'met');
      assert(card, 'no card in "met" on screen');
      const id = cardId(card);
      await click(page, card.id);
      await waitState(page, (s, id) => s.pipeline_selected === id && s.pipeline_selected_stage === 'met', id);
      const before = (await state(page)).pipeline_counts;
      await act(page, () => page.keyboard.press('Control+ArrowRight'));
      await waitState(page, (s, id) => s.pipeline_selected_stage === 'agreement', id)
        .catch(async () => { throw new Error(`after Ctrl+ArrowRight: ${JSON.stringify((await state(page)))}`); });
      const after = (await state(page)).pipeline_counts;
      assert(after.met === before.met - 1 && after.agreement === before.agreement + 1,
        `counts ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
      assert(await columnOf(page, id) === 'agreement', 'the card is not drawn under "agreement"');
      await act(page, () => page.keyboard.press('Control+z'));
      await waitState(page, (s) => s.pipeline_selected_stage === 'met');
      assert((await state(page)).pipeline_counts.met === before.met, 'undo did not bring the card back');
    }),
  },
  {
    name: 'the planner: a problem marked mine ranks schools first; one click adds a school prospect and opens it',
    run: ({ url }) => withApp({}, url, async (page) => {
      await click(page, 'nav.planner');
      await click(page, 'planner.problem.1.mine');  // learning difficulties
      await waitState(page, (s) => s.planner_problems_stored && s.planner_kinds[0] === 'school_kindergarten');
      await click(page, 'planner.kind.school_kindergarten.add');
      await waitState(page, (s) => s.editor_open && s.counts.partners === 1);
      await item(page, 'partner.name');
    }),
  },
];
