// "Today" is the user's local date: in Kyiv at half past midnight it is already the next day,
// though UTC (which the app used to take) still says yesterday. The browser runs in a given
// time zone with its clock fixed at one instant; every action is a real mouse event.
//
// The clock: context.clock.setFixedTime() (playwright-core 1.65) stops only Date; its timers,
// requestAnimationFrame and performance.now keep following real time, so the app's
// animation-frame loop still draws. click() waits for a drawn frame after each input, and the
// test also checks that the frame counter moved.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assert, click, launch, openApp, state } from './harness.mjs';

const INSTANT = '2026-11-24T22:30:00Z';  // 00:30 on 25 November in Kyiv (UTC+2 in winter)

// Opens the app in `timezoneId` at INSTANT, exports through real clicks, and hands the state
// and the downloaded file's name and contents to `check`.
async function exportAt(url, timezoneId, check) {
  const { context } = await launch({ timezoneId });
  try {
    await context.clock.setFixedTime(INSTANT);
    const page = await openApp(context, url);
    const before = await state(page);
    await click(page, 'nav.settings');
    const [download] = await Promise.all([page.waitForEvent('download'), click(page, 'data.export')]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kolo-export-')), 'export.json');
    await download.saveAs(file);
    const after = await state(page);
    assert(after.frame > before.frame, `the app drew no frame under the fixed clock (${before.frame} -> ${after.frame})`);
    assert(page.errors.length === 0, `errors on the page:\n${page.errors.join('\n')}`);
    await check(after, download.suggestedFilename(), JSON.parse(fs.readFileSync(file, 'utf8')));
  } finally {
    await context.close().catch(() => {});
  }
}

export const tests = [
  {
    name: 'half past midnight in Kyiv is already the next day: today and the export file name',
    run: ({ url }) => exportAt(url, 'Europe/Kyiv', (s, fileName, exported) => {
      assert(s.today === '2026-11-25', `today in Kyiv at ${INSTANT}: ${s.today}`);
      // Chromium may still call the zone by its old name.
      assert(s.time_zone === 'Europe/Kyiv' || s.time_zone === 'Europe/Kiev', `time zone: ${s.time_zone}`);
      assert(fileName === 'kolo-2026-11-25.json', `export file name: ${fileName}`);
      // The time inside the file stays UTC: the browser's clock really stood at INSTANT.
      assert(String(exported.saved_at).startsWith('2026-11-24T22:30'), `saved_at: ${exported.saved_at}`);
    }),
  },
  {
    name: 'the same instant in UTC is still the day before',
    run: ({ url }) => exportAt(url, 'UTC', (s, fileName) => {
      assert(s.today === '2026-11-24', `today in UTC at ${INSTANT}: ${s.today}`);
      assert(s.time_zone === 'UTC' || s.time_zone === 'Etc/UTC', `time zone: ${s.time_zone}`);
      assert(fileName === 'kolo-2026-11-24.json', `export file name: ${fileName}`);
    }),
  },
];
