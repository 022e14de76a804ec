import { click, launch, openApp, startServer, state, typeCyrillic, waitState } from './harness.mjs';
const server = await startServer();
const { context } = await launch({});
const page = await openApp(context, server.url);
for (let i = 0; i < 4; i++) {
  await click(page, 'nav.partners'); await click(page, 'partners.add'); await click(page, 'partner.name');
  await typeCyrillic(page, 'Тест' + i);
  const t0 = Date.now();
  await click(page, 'partner.save');
  await waitState(page, (s) => s.save === 'saved' && s.saved_revision === s.revision, null, 20000);
  const s = await state(page);
  console.log('click->saved seen', Date.now() - t0, 'ms; bridge write', s.last_write && s.last_write.ms.toFixed(1), 'ms');
}
await context.close(); await server.close();
