// Generates src/generated/*.ts from schemas/*.schema.json with json-schema-to-typescript (run by `npm run gen`).
// test/generated.test.ts fails when the committed files differ from what this produces.
import fs from 'node:fs';
import { generateTypes } from './gen-types-lib.mjs';

for (const [file, text] of Object.entries(await generateTypes())) {
  fs.writeFileSync(new URL(`../${file}`, import.meta.url), text);
  console.log(`wrote ${file}`);
}
