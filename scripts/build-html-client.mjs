// Generates src/generated/html-client.ts, the HTML report's page script bundled from src/report/html/client/ by
// esbuild (run by `npm run gen`). test/meta.test.ts fails when the committed file differs from what this produces.
import fs from 'node:fs';
import { generateHtmlClient } from './html-client-lib.mjs';

for (const [file, text] of Object.entries(await generateHtmlClient())) {
  fs.writeFileSync(new URL(`../${file}`, import.meta.url), text);
  console.log(`wrote ${file}`);
}
