// The canvas as a web page, in a real browser through real input only: Cyrillic composed by an
// input method (DevTools Input.imeSetComposition, as an IME delivers it, with no key events)
// lands in a field; a finger taps, scrolls a list, drags a pipeline card and long-presses one
// for its menu, and two fingers zoom and pan the map (DevTools Input.dispatchTouchEvent on a
// touch-enabled page); axe-core finds no serious violation in the accessible mirror of three
// views; a partner is added by keyboard alone, found through the mirror; the back and forward
// buttons close and open a partner, and a copied link opens the same place; at 200 % zoom
// nothing is cut off.
import path from 'node:path';
import { act, assert, click, item, items, launch, openApp, reveal, ROOT, state, typeCyrillic, waitState, withApp } from './harness.mjs';

const AXE = path.join(ROOT, 'tests', 'e2e', 'node_modules', 'axe-core', 'axe.min.js');

// The mirror is rebuilt shortly after a frame (app.js): waits until it shows the last one.
async function mirrorFresh(page) {
  await page.waitForFunction(() => {
    const m = document.getElementById('kolo-a11y');
    return m && Number(m.getAttribute('data-frame')) >= window.kolo.state().frame;
  }, null, { timeout: 10000 });
}

async function loadDemo(page) {
  await click(page, 'nav.settings');
  await reveal(page, 'demo.load');
  await click(page, 'demo.load');
  await waitState(page, (s) => s.counts.partners > 0 && s.demo_loaded);
}

// ---- touch --------------------------------------------------------------------------------
async function touchSession(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  return cdp;
}
const touch = (cdp, type, points) => cdp.send('Input.dispatchTouchEvent', {
  type, touchPoints: points.map(([x, y], id) => ({ x: Math.round(x), y: Math.round(y), id })) });

// A finger put down at `from`, moved to `to` in `steps` frames, and lifted.
async function swipe(page, cdp, from, to, steps = 8) {
  await act(page, () => touch(cdp, 'touchStart', [from]));
  for (let i = 1; i <= steps; i++)
    await act(page, () => touch(cdp, 'touchMove', [[from[0] + (to[0] - from[0]) * i / steps, from[1] + (to[1] - from[1]) * i / steps]]));
  await act(page, () => touch(cdp, 'touchEnd', []));
}

async function tap(page, cdp, id) {
  const it = await item(page, id);
  const p = [it.x + it.w / 2, it.y + it.h / 2];
  await act(page, () => touch(cdp, 'touchStart', [p]));
  await act(page, () => touch(cdp, 'touchEnd', []));
}

// ---- keyboard -----------------------------------------------------------------------------
// Where keyboard navigation is, as a screen reader learns it: the mirror element the focused
// input names as its active descendant.
async function navFocus(page) {
  await mirrorFresh(page);
  return page.evaluate(() => {
    const ref = document.getElementById('kolo-input').getAttribute('aria-activedescendant');
    const el = ref && document.getElementById(ref);
    if (!el) return null;
    return { id: el.getAttribute('data-kolo-id'), role: el.getAttribute('role') || el.tagName.toLowerCase(),
             x: parseFloat(el.style.left), y: parseFloat(el.style.top), w: parseFloat(el.style.width), h: parseFloat(el.style.height) };
  });
}

// Moves keyboard navigation to widget `id` with the arrow keys, as a person who sees the
// highlight would: towards it, entering a region (Space) that holds it.
async function keyTo(page, id) {
  const path = [];
  let last = null, stuck = 0;
  for (let i = 0; i < 60; i++) {
    const f = await navFocus(page);
    if (f && f.id === id) return;
    const t = await item(page, id);
    const at = f ? `${f.id}@${f.x},${f.y}` : null;
    stuck = at === last ? stuck + 1 : 0;
    last = at;
    let key = 'ArrowDown';
    if (stuck >= 1) {
      key = 'Escape';  // nothing further that way in this region: out to the one around it
      stuck = -1;
    } else if (f) {
      const inside = t.x >= f.x && t.y >= f.y && t.x + t.w <= f.x + f.w && t.y + t.h <= f.y + f.h;
      if (f.role === 'group' && inside) {
        key = 'Space';
      } else {
        const dx = (t.x + t.w / 2) - (f.x + f.w / 2), dy = (t.y + t.h / 2) - (f.y + f.h / 2);
        key = Math.abs(dy) > Math.max(6, Math.min(f.h, t.h) / 2) ? (dy > 0 ? 'ArrowDown' : 'ArrowUp') : (dx > 0 ? 'ArrowRight' : 'ArrowLeft');
      }
    }
    path.push(`${f ? f.id : '-'}:${key}`);
    await act(page, () => page.keyboard.press(key));
  }
  throw new Error(`keyboard navigation did not reach ${id}: ${path.join(' ')}`);
}

export const tests = [
  {
    name: 'Cyrillic composed by an input method lands in the field, shown while composing',
    run: ({ url }) => withApp({}, url, async (page) => {
      await click(page, 'nav.partners');
      await click(page, 'partners.add');
      await click(page, 'partner.name');
      const cdp = await page.context().newCDPSession(page);
      // An IME composes without key events the page can read as text; only the commit counts.
      await act(page, () => cdp.send('Input.imeSetComposition', { text: 'прив', selectionStart: 4, selectionEnd: 4 }));
      const shown = await page.evaluate(() => {
        const p = document.getElementById('kolo-preedit');
        return { text: p.textContent, visible: getComputedStyle(p).display !== 'none' };
      });
      assert(shown.visible && shown.text === 'прив', `while composing the page shows ${JSON.stringify(shown)}`);
      await act(page, () => cdp.send('Input.imeSetComposition', { text: 'привіт', selectionStart: 6, selectionEnd: 6 }));
      await act(page, () => cdp.send('Input.insertText', { text: 'Привіт' }));
      // Then dictation-like text with no keys at all, and ordinary typing after it.
      await act(page, () => cdp.send('Input.insertText', { text: ', ліцей' }));
      await typeCyrillic(page, ' №5');
      // Two key-less edits before the next frame, at the start of the field: in order.
      await act(page, () => page.keyboard.press('Home'));
      await act(page, async () => {
        await cdp.send('Input.insertText', { text: 'А' });
        await cdp.send('Input.insertText', { text: 'Б' });
      });
      await cdp.detach();
      await page.waitForFunction(() => document.getElementById('kolo-input').value.startsWith('АБ'), null, { timeout: 5000 })
        .catch(() => {});
      const field = await page.evaluate(() => document.getElementById('kolo-input').value);
      assert(field === 'АБПривіт, ліцей №5', `the hidden field follows the ImGui field: "${field}"`);
      await click(page, 'partner.save');
      await waitState(page, (s) => !s.editor_open);
      const rows = (await items(page)).filter((i) => i.id.startsWith('partners.row.')).map((i) => i.label);
      assert(rows.includes('АБПривіт, ліцей №5'), `the directory lists ${JSON.stringify(rows)}`);
    }),
  },
  {
    name: 'a finger taps, scrolls with momentum, drags a pipeline card, long-presses for its menu; two fingers zoom and pan the map',
    run: ({ url }) => withApp({ width: 1024, height: 700 }, url, async (page) => {
      await loadDemo(page);
      const cdp = await touchSession(page);
      // Bigger targets once a finger is used.
      await click(page, 'nav.partners');
      const height = (it) => (it.full || it).h;
      const mouseRow = (await items(page)).find((i) => i.id.startsWith('partners.row.'));
      // Scroll the directory by finger: rows move up, and keep moving a little after the lift.
      const rows = (await items(page)).filter((i) => i.id.startsWith('partners.row.') && !i.clipped).sort((a, b) => a.y - b.y);
      const first = rows[0];
      const x = first.x + 40;
      const last = rows[rows.length - 1];
      // Up by 180 px, the finger still moving when it lifts.
      await swipe(page, cdp, [x, last.y], [x, last.y - 180], 6);
      const lifted = (await items(page)).find((i) => i.id === last.id);
      assert(lifted && lifted.y < last.y - 150, `a row at ${last.y} is at ${lifted && lifted.y} when the finger lifts`);
      await page.waitForTimeout(600);
      const glided = (await items(page)).find((i) => i.id === last.id);
      assert(!glided || glided.y < lifted.y - 20, `no momentum: the row was at ${lifted.y} at the lift and at ${glided && glided.y} after`);
      const bigger = (await items(page)).find((i) => i.id.startsWith('partners.row.'));
      assert(height(bigger) >= 36 && height(bigger) > height(mouseRow),
        `rows are ${height(mouseRow)} px tall for a mouse and ${height(bigger)} px for a finger`);
      // A tap opens a partner.
      const row = (await items(page)).find((i) => i.id.startsWith('partners.row.') && !i.clipped);
      await tap(page, cdp, row.id);
      await waitState(page, (s, id) => s.editor_open && s.partner_open === id, Number(row.id.slice('partners.row.'.length)));
      await tap(page, cdp, 'partner.cancel');
      await waitState(page, (s) => !s.editor_open);
      // A tap on a text field asks for the on-screen keyboard: the focused element takes text.
      await tap(page, cdp, 'partners.search');
      const keyboard = await page.evaluate(() => ({ mode: document.activeElement.inputMode, id: document.activeElement.id }));
      assert(keyboard.id === 'kolo-input' && keyboard.mode === 'text', `after a tap on the search field: ${JSON.stringify(keyboard)}`);

      // The pipeline: a card dragged by finger into the next column.
      await tap(page, cdp, 'nav.pipeline');
      await waitState(page, (s) => s.view === 'pipeline');
      const all = await items(page);
      const col = (stage) => all.find((i) => i.id === `pipeline.col.${stage}`);
      const card = all.find((i) => i.id.startsWith('pipeline.card.') && !i.clipped &&
        i.x >= col('prospect').x && i.x < col('prospect').x + col('prospect').w);
      assert(card, 'no prospect card on screen');
      const id = Number(card.id.slice('pipeline.card.'.length));
      const target = col('contacted');
      await swipe(page, cdp, [card.x + card.w / 2, card.y + card.h / 2], [target.x + target.w / 2, target.y + 150], 10);
      await waitState(page, (s, id) => s.pipeline_selected === id && s.pipeline_selected_stage === 'contacted', id)
        .catch(async () => { throw new Error(`after the finger's drop: ${JSON.stringify(await state(page))}`); });
      // A long press on the card: its menu, and "move to Active" from it.
      const moved = await item(page, `pipeline.card.${id}`);
      const at = [moved.x + moved.w / 2, moved.y + moved.h / 2];
      await act(page, () => touch(cdp, 'touchStart', [at]));
      await page.waitForTimeout(700);
      await act(page, () => touch(cdp, 'touchEnd', []));
      await item(page, 'pipeline.ctx.open');
      await tap(page, cdp, 'pipeline.ctx.move.active');
      await waitState(page, (s, id) => s.pipeline_selected === id && s.pipeline_selected_stage === 'active', id);

      // The map: two fingers spread apart zoom in about their middle; moved together, they pan.
      await tap(page, cdp, 'nav.map');
      await waitState(page, (s) => s.view === 'map' && s.map && s.map.settled, null, 30000);
      const canvas = await item(page, 'map.canvas');
      const cx = canvas.x + canvas.w / 2, cy = canvas.y + canvas.h / 2;
      const before = (await state(page)).map;
      await act(page, () => touch(cdp, 'touchStart', [[cx - 40, cy], [cx + 40, cy]]));
      for (let i = 1; i <= 6; i++)
        await act(page, () => touch(cdp, 'touchMove', [[cx - 40 - i * 10, cy], [cx + 40 + i * 10, cy]]));
      await act(page, () => touch(cdp, 'touchEnd', []));
      const zoomed = (await state(page)).map;
      assert(zoomed.zoom > before.zoom * 1.5, `zoom ${before.zoom} -> ${zoomed.zoom} for fingers spread from 80 to 200 px`);
      await act(page, () => touch(cdp, 'touchStart', [[cx - 40, cy], [cx + 40, cy]]));
      for (let i = 1; i <= 5; i++)
        await act(page, () => touch(cdp, 'touchMove', [[cx - 40 + i * 20, cy], [cx + 40 + i * 20, cy]]));
      await act(page, () => touch(cdp, 'touchEnd', []));
      const panned = (await state(page)).map;
      const expected = zoomed.pan[0] - 100 / zoomed.zoom;
      assert(Math.abs(panned.pan[0] - expected) < 2 / zoomed.zoom + 0.5,
        `pan ${zoomed.pan[0]} -> ${panned.pan[0]}, expected ${expected} after 100 px to the right`);
      await cdp.detach();
    }),
  },
  {
    name: 'axe-core finds no serious violation in the mirror of the Dashboard, the directory with the partner editor, and Settings',
    run: ({ url }) => withApp({}, url, async (page) => {
      await loadDemo(page);
      await page.addScriptTag({ path: AXE });
      const check = async (where) => {
        await mirrorFresh(page);
        const result = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.html).join(' | ')}`);
        });
        assert(result.length === 0, `${where}: ${result.join('\n')}`);
        const named = await page.evaluate(() => Array.from(document.querySelectorAll('#kolo-a11y button, #kolo-a11y [role]'))
          .filter((el) => !(el.getAttribute('aria-label') || el.textContent).trim()).map((el) => el.outerHTML).slice(0, 5));
        assert(named.length === 0, `${where}: widgets without a name: ${named.join(' ')}`);
      };
      await click(page, 'nav.dashboard');
      await check('Dashboard');
      const nav = await page.evaluate(() => {
        const el = document.querySelector('#kolo-a11y nav [data-kolo-id="nav.dashboard"]');
        return el && { text: el.textContent, current: el.getAttribute('aria-current') };
      });
      assert(nav && nav.text === 'Dashboard' && nav.current === 'page', `the Dashboard tab in the mirror: ${JSON.stringify(nav)}`);
      await click(page, 'nav.partners');
      const row = (await items(page)).find((i) => i.id.startsWith('partners.row.'));
      await click(page, row.id);
      await waitState(page, (s) => s.editor_open);
      await check('the partner editor');
      const dialog = await page.evaluate(() => {
        const d = document.querySelector('#kolo-a11y [role=dialog]');
        const name = d && d.querySelector('[data-kolo-id="partner.name"]');
        const tab = d && d.querySelector('[role=tablist] [data-kolo-id="partner.tab.overview"]');
        return { name: name && name.getAttribute('aria-label'), role: name && name.getAttribute('role'),
                 tab: tab && tab.getAttribute('aria-selected') };
      });
      assert(dialog.role === 'textbox' && dialog.name === 'Name' && dialog.tab === 'true', `the editor in the mirror: ${JSON.stringify(dialog)}`);
      await click(page, 'partner.cancel');
      await click(page, 'nav.settings');
      await check('Settings');
      // "Saved" and errors are announced: a refused file says why in the alert region.
      const live = await page.evaluate(() => document.getElementById('kolo-live').getAttribute('aria-live'));
      assert(live === 'polite', 'no polite live region');
    }),
  },
  {
    name: 'a partner is added by keyboard alone, moving through what the mirror tells a screen reader',
    run: ({ url }) => withApp({}, url, async (page) => {
      await keyTo(page, 'nav.partners');
      await act(page, () => page.keyboard.press('Space'));
      await waitState(page, (s) => s.view === 'partners');
      await keyTo(page, 'partners.add');
      await act(page, () => page.keyboard.press('Space'));
      await waitState(page, (s) => s.editor_open);
      await keyTo(page, 'partner.name');
      await act(page, () => page.keyboard.press('Enter'));  // into the field
      const label = await page.evaluate(() => document.getElementById('kolo-input').getAttribute('aria-label'));
      assert(label === 'Name', `the focused field is announced as "${label}"`);
      await typeCyrillic(page, 'Клініка «Лада»'.replace(/[«»]/g, ''));
      await act(page, () => page.keyboard.press('Enter'));  // out of it
      await keyTo(page, 'partner.save');
      await act(page, () => page.keyboard.press('Space'));
      await waitState(page, (s) => !s.editor_open && s.counts.partners === 1)
        .catch(async () => { throw new Error(`after Save by keyboard: ${JSON.stringify(await state(page))}`); });
      const rows = (await items(page)).filter((i) => i.id.startsWith('partners.row.')).map((i) => i.label);
      assert(rows.includes('Клініка Лада'), `the directory lists ${JSON.stringify(rows)}`);
    }),
  },
  {
    name: 'the back button closes an open partner and forward opens it again; a copied link opens the same place',
    run: async ({ url }) => {
      const { context } = await launch({});
      try {
        const page = await openApp(context, url);
        await loadDemo(page);
        await click(page, 'nav.partners');
        assert(new URL(page.url()).hash === '#/partners', `the address is ${page.url()}`);
        const row = (await items(page)).find((i) => i.id.startsWith('partners.row.'));
        const id = Number(row.id.slice('partners.row.'.length));
        await click(page, row.id);
        await waitState(page, (s, id) => s.editor_open && s.partner_open === id, id);
        await page.waitForFunction((id) => location.hash === `#/partners/${id}`, id);
        const title = await page.title();
        assert(title.startsWith(row.label), `the title is "${title}" with ${row.label} open`);
        const link = page.url();
        // With the name changed and not saved, back keeps the editor and says why (announced).
        await click(page, 'partner.name');
        await act(page, () => page.keyboard.press('End'));
        await typeCyrillic(page, ' ок');
        await page.goBack();
        await page.waitForFunction((t) => document.getElementById('kolo-alert').textContent.startsWith(t),
          'Save or cancel the open changes first', { timeout: 10000 });
        const kept = await state(page);
        assert(kept.editor_open && kept.partner_open === id, `back closed a changed editor: ${JSON.stringify(kept)}`);
        await page.waitForFunction((id) => location.hash === `#/partners/${id}`, id);
        await click(page, 'partner.cancel');
        await waitState(page, (s) => !s.editor_open);
        await click(page, 'notice.dismiss');
        await page.goBack();
        await waitState(page, (s, id) => s.editor_open && s.partner_open === id, id);
        await page.goBack();
        await waitState(page, (s) => !s.editor_open && s.view === 'partners')
          .catch(async () => { throw new Error(`after back (${page.url()}): ${JSON.stringify(await state(page))}`); });
        assert(new URL(page.url()).hash === '#/partners', `after back: ${page.url()}`);
        await page.goForward();
        await waitState(page, (s, id) => s.editor_open && s.partner_open === id, id);
        // Closed by Cancel: a step of its own, so back opens it again, and back once more
        // closes it; then the view before, still in the app.
        await click(page, 'partner.cancel');
        await waitState(page, (s) => !s.editor_open);
        await page.goBack();
        await waitState(page, (s, id) => s.editor_open && s.partner_open === id, id);
        await page.goBack();
        await waitState(page, (s) => !s.editor_open && s.view === 'partners');
        await page.goBack();
        await waitState(page, (s) => s.view === 'settings');
        assert(page.url().startsWith(url), `back left the app: ${page.url()}`);
        // The copied link in a new tab: the same partner, once the data is loaded.
        const other = await openApp(context, link, { newTab: true });
        await waitState(other, (s, id) => s.editor_open && s.partner_open === id && s.view === 'partners', id);
        assert((await other.title()).startsWith(row.label), `the new tab's title is "${await other.title()}"`);
        assert(page.errors.length === 0 && other.errors.length === 0, `errors: ${page.errors.concat(other.errors).join('\n')}`);
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'at 200 % zoom, and at text size 200 %, every view fits: nothing is cut off at the right',
    run: async ({ url }) => {
      // Widgets of every view that reach past the page's right edge, where nothing scrolls
      // them back into view.
      const cutOff = async (page, width) => {
        const cut = [];
        for (const v of (await state(page)).views) {
          await click(page, `nav.${v}`);
          await waitState(page, (s, v) => s.view === v, v);
          for (const it of await items(page)) {
            const full = it.full || it;
            if (it.id && it.id !== 'view' && full.x + full.w > width + 1 && it.x + it.w >= width - 1)
              cut.push(`${v}: ${it.id} (${Math.round(full.x)}+${Math.round(full.w)})`);
          }
        }
        return cut;
      };
      // A 1280 x 800 window zoomed to 200 %: 640 x 400 CSS pixels, two device pixels each.
      await withApp({ width: 640, height: 400, dpr: 2 }, url, async (page) => {
        await loadDemo(page);
        const cut = await cutOff(page, 640);
        assert(cut.length === 0, `cut off at 200 % zoom:\n${cut.slice(0, 20).join('\n')}`);
      });
      // The text twice as large in a 1280 x 800 window: the font atlas rebuilt at that size.
      await withApp({ width: 1280, height: 800 }, url, async (page) => {
        await loadDemo(page);
        const before = await item(page, 'nav.partners');
        await reveal(page, 'settings.text_size.200');
        await click(page, 'settings.text_size.200');
        await waitState(page, (s) => s.text_scale === 200);
        const after = await item(page, 'nav.partners');
        assert(after.h >= before.h * 1.8, `the tab is ${before.h} px tall at 100 % and ${after.h} px at 200 %`);
        const cut = await cutOff(page, 1280);
        assert(cut.length === 0, `cut off at text size 200 %:\n${cut.slice(0, 20).join('\n')}`);
      });
    },
  },
];
