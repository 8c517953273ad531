// Generates src/generated/scan-wasm.ts, the JSON scanner's WebAssembly module assembled from src/load/json/scan.wat
// (run by `npm run gen`). test/meta.test.ts fails when the committed file differs from what this produces.
import fs from 'node:fs';
import { generateScanWasm } from './scan-wasm-lib.mjs';

for (const [file, text] of Object.entries(await generateScanWasm())) {
  fs.writeFileSync(new URL(`../${file}`, import.meta.url), text);
  console.log(`wrote ${file}`);
}
