// Writes src/proto/envoy-types.json: Envoy's v3 API as a resolved type table (run by `npm run gen`).
import fs from 'node:fs';
import { buildTypeTable } from './proto-sources.mjs';

const out = new URL('../src/proto/envoy-types.json', import.meta.url);
const table = buildTypeTable();
fs.writeFileSync(out, JSON.stringify(table) + '\n');
console.log(`wrote ${out.pathname}: ${Object.keys(table.messages).length} messages, ${Object.keys(table.enums).length} enums from ${table.files} protos, ${table.skipped.length} skipped (unresolvable imports)`);
