// The app shell in a real browser: it loads cleanly, draws, navigates, speaks three
// languages, follows the window and the device pixel ratio, takes Cyrillic typing and paste,
// and stays still when idle. Every action is a real mouse or keyboard event.
import {
  assert, click, decodePng, diffPixels, distinctColours, frames, item, items, launch, openApp, reloadApp,
  act, sharpness, state, typeCyrillic, upscale2, waitState,
  withApp,
} from './harness.mjs';

// The app's one list of views (src/ui/views.cpp), as state() reports it.
const views = async (page) => (await state(page)).views;
const CYRILLIC = /[\u0400-\u04FF]/;

export const tests = [
  {
    name: 'the page loads without errors and the canvas is drawn, not blank',
    run: ({ url }) => withApp({}, url, async (page) => {
      const shot = decodePng(await page.screenshot());
      const colours = distinctColours(shot);
      assert(colours > 40, `the screenshot has only ${colours} colours: the canvas looks blank`);
      let dark = 0;
      for (let y = 0; y < 60; y++) for (let x = 0; x < shot.width; x++) if (shot.data[(y * shot.width + x) * 4] < 90) dark++;
      assert(dark > 200, `no dark (text) pixels in the top bar: ${dark}`);
      assert((await page.title()).length > 0, 'the page has no title');
      const icon = await page.evaluate(() => document.querySelector('link[rel=icon]')?.href || '');
      assert(icon.startsWith('data:image/svg+xml;base64,'), `no favicon inside the page: ${icon}`);
      const s = await state(page);
      assert(s.view === 'dashboard' && s.lang === 'en', `first start: ${JSON.stringify(s)}`);
    }),
  },
  {
    name: 'clicking each view tab shows that view',
    run: ({ url }) => withApp({}, url, async (page) => {
      const all = await views(page);
      assert(all.length >= 6 && all[0] === 'dashboard', `views: ${JSON.stringify(all)}`);
      for (const v of [...all.slice(1), all[0]]) {
        await click(page, `nav.${v}`);
        await waitState(page, '(s, v) => s.view === v', v);
      }
    }),
  },
  {
    name: 'switching language by a click shows Cyrillic, and the choice is remembered',
    run: ({ url }) => withApp({}, url, async (page) => {
      const nav = await item(page, 'nav.partners');
      const clip = { x: 0, y: 0, width: 1280, height: Math.ceil(nav.y + nav.h + 4) };
      const before = decodePng(await page.screenshot({ clip }));
      assert(!CYRILLIC.test(nav.label), `English label expected, got ${nav.label}`);
      await click(page, 'lang.uk');
      await waitState(page, (s) => s.lang === 'uk');
      await page.waitForFunction(() => window.kolo.items().some((i) => i.id === 'nav.partners' && i.label === 'Партнери'));
      const after = decodePng(await page.screenshot({ clip }));
      const changed = diffPixels(before, after);
      assert(changed > 500, `the top bar looks the same after switching to Ukrainian (${changed} pixels differ)`);
      const label = (await item(page, 'nav.partners')).label;
      assert(label === 'Партнери', `Ukrainian tab label expected, got ${label}`);
      // The title says where the user is (the view), then the app, in her language.
      assert(await page.title() === 'Огляд · Коло — мережа партнерів', `page title: ${await page.title()}`);
      await reloadApp(page);
      assert((await state(page)).lang === 'uk', 'the language choice was forgotten on reload');
      await click(page, 'nav.settings');
      await click(page, 'settings.lang.ru');
      await waitState(page, (s) => s.lang === 'ru');
      assert((await item(page, 'nav.partners')).label === 'Партнёры', 'Russian labels expected');
    }),
  },
  {
    name: 'the first start follows the browser language: Ukrainian, Russian, else English',
    run: async ({ url }) => {
      for (const [locale, want] of [['uk-UA', 'uk'], ['ru-RU', 'ru'], ['de-DE', 'en']]) {
        await withApp({ locale }, url, async (page) => {
          const s = await state(page);
          assert(s.lang === want, `locale ${locale}: language ${s.lang}, want ${want}`);
        });
      }
    },
  },
  {
    name: 'the canvas follows the window size',
    run: ({ url }) => withApp({ width: 1280, height: 800 }, url, async (page) => {
      const en = await item(page, 'lang.en');
      await page.setViewportSize({ width: 900, height: 600 });
      await page.waitForFunction(() => document.getElementById('canvas').width === 900, null, { timeout: 10000 });
      // The app lays out again for the new width.
      await page.waitForFunction(() => { const i = window.kolo.items().find((w) => w.id === 'lang.en'); return i && !i.clipped && i.x + i.w <= 900; },
        null, { timeout: 10000 });
      const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
      assert(size[0] === 900 && size[1] === 600, `canvas backing store ${size} after resize to 900x600`);
      const moved = await item(page, 'lang.en');
      assert(!moved.clipped && moved.x + moved.w <= 900 && moved.x < en.x,
        `the language switch did not follow the right edge: ${JSON.stringify(en)} -> ${JSON.stringify(moved)}`);
    }),
  },
  {
    name: 'at device pixel ratio 2 the canvas and the font are at full resolution (no blur)',
    run: async ({ url }) => {
      let lowRes;
      await withApp({ dpr: 1 }, url, async (page) => {
        lowRes = decodePng(await page.screenshot({ clip: { x: 0, y: 0, width: 640, height: 48 } }));
      });
      await withApp({ dpr: 2 }, url, async (page) => {
        const size = await page.evaluate(() => [document.getElementById('canvas').width, window.innerWidth]);
        assert(size[0] === size[1] * 2, `canvas backing store ${size[0]} for ${size[1]} CSS pixels at DPR 2`);
        const hiRes = decodePng(await page.screenshot({ clip: { x: 0, y: 0, width: 640, height: 48 } }));
        const crisp = sharpness(hiRes);
        const blurred = sharpness(upscale2(lowRes));
        assert(crisp > blurred * 1.15, `text at DPR 2 is not sharper than a stretched DPR 1 frame: ${crisp.toFixed(1)} vs ${blurred.toFixed(1)}`);
      });
    },
  },
  {
    name: 'typing Cyrillic into a text field lands in the field',
    run: ({ url }) => withApp({}, url, async (page) => {
      await click(page, 'nav.partners');
      await click(page, 'partners.search');
      await typeCyrillic(page, 'Привіт, Київ');
      await waitState(page, (s) => s.partner_search === 'Привіт, Київ').catch(() => {});
      const s = await state(page);
      assert(s.partner_search === 'Привіт, Київ', `the field holds "${s.partner_search}"`);
      await page.keyboard.press('Backspace');
      await waitState(page, (s) => s.partner_search === 'Привіт, Киї');
    }),
  },
  {
    name: 'paste from the system clipboard goes into the focused field',
    run: ({ url }) => withApp({}, url, async (page, context) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
      // Arrange: something another program put on the system clipboard.
      await page.evaluate(() => navigator.clipboard.writeText('Школа №5'));
      await click(page, 'nav.clients');
      await click(page, 'clients.search');
      await page.keyboard.press('Control+V');
      await waitState(page, (s) => s.client_search === 'Школа №5');
    }),
  },
  {
    name: 'an idle page does not redraw',
    run: ({ url }) => withApp({}, url, async (page) => {
      await click(page, 'nav.events');
      await page.mouse.move(5, 700);
      page.koloPointer = null;
      await page.waitForTimeout(500);  // the frames the last input asked for are drawn by now
      const before = (await state(page)).frame;
      await page.waitForTimeout(2000);
      const after = (await state(page)).frame;
      assert(after - before <= 1, `${after - before} frames drawn in 2 s of idleness`);
      await act(page, () => page.mouse.move(300, 300));
      page.koloPointer = null;
      assert((await state(page)).frame > after, 'input did not wake the page');
    }),
  },
  {
    name: 'a partner just saved is highlighted while it fades, drawing frames, and then the page is idle again',
    run: ({ url }) => withApp({}, url, async (page) => {
      await click(page, 'nav.partners');
      await click(page, 'partners.add');
      await click(page, 'partner.name');
      await typeCyrillic(page, 'Ліцей');
      await click(page, 'partner.save');
      // While the highlight fades, every drawn frame asks for the next one, and it comes
      // (however slowly this machine draws): no input is needed to keep the picture moving.
      let s = await state(page);
      assert(s.counts.partners === 1 && s.frames_requested, `no frames asked for after the save: ${JSON.stringify(s)}`);
      let moving = 0;
      while (s.frames_requested) {
        await page.waitForFunction((f) => window.kolo.state().frame > f, s.frame, { timeout: 10000 });
        moving++;
        s = await state(page);
      }
      assert(moving >= 1 && !s.editor_open, `the fade drew ${moving} frames`);
      // The autosave's "saved" draws frames of its own when it comes: wait for it.
      await waitState(page, (s) => s.save === 'saved' && s.saved_revision === s.revision, null, 15000);
      await page.waitForTimeout(500);
      const before = (await state(page)).frame;
      await page.waitForTimeout(2000);
      const after = (await state(page)).frame;
      assert(after - before <= 1, `${after - before} frames drawn in 2 s after the fade ended`);
    }),
  },
  {
    name: 'every navigation and language widget reports a stable id and is entirely visible',
    run: ({ url }) => withApp({ width: 1280, height: 800 }, url, async (page) => {
      const all = await items(page);
      for (const it of all) assert(typeof it.clipped === 'boolean', `no clipped flag: ${JSON.stringify(it)}`);
      for (const id of [...(await views(page)).map((v) => `nav.${v}`), 'lang.uk', 'lang.ru', 'lang.en']) {
        const it = all.find((i) => i.id === id);
        assert(it, `missing ${id}`);
        // x, y, w, h are already clipped to what shows: only `clipped` tells a widget cut off.
        const { x, y, w, h } = it;
        assert(!it.clipped, `${id} is cut off: shows ${JSON.stringify({ x, y, w, h })} of ${JSON.stringify(it.full)}`);
        assert(it.w > 10 && it.h > 10 && it.x >= 0 && it.y >= 0 && it.x + it.w <= 1280 && it.y + it.h <= 800,
          `${id} rectangle ${JSON.stringify(it)}`);
      }
    }),
  },
];
