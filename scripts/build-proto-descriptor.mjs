// Writes src/proto/envoy-descriptor.json: Envoy's v3 API as a protobufjs JSON descriptor (run by `npm run gen`).
import fs from 'node:fs';
import { buildDescriptor } from './proto-sources.mjs';

const out = new URL('../src/proto/envoy-descriptor.json', import.meta.url);
const built = buildDescriptor();
fs.writeFileSync(out, JSON.stringify(built) + '\n');
console.log(`wrote ${out.pathname}: ${built.files} protos, ${built.skipped.length} skipped (unresolvable imports)`);
