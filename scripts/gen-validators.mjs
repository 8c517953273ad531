// Writes src/generated/validate-*.ts: standalone validators for the schemas checked on every run (`npm run gen`).
import fs from 'node:fs';
import { generateValidators } from './gen-validators-lib.mjs';

for (const [file, text] of Object.entries(generateValidators())) {
  fs.writeFileSync(new URL(`../${file}`, import.meta.url), text);
  console.log(`wrote ${file}`);
}
