// Every real dump the rules are checked against: fixtures/real, fixtures/real-others, and ../shared/fixtures-real
// (dumps/ and others/) when it is beside the clone, as in CI. Expected findings are written from reading each file.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DIRS = [
  path.join(ROOT, 'fixtures/real'),
  path.join(ROOT, 'fixtures/real-others'),
  path.resolve(ROOT, '../shared/fixtures-real/dumps'),
  path.resolve(ROOT, '../shared/fixtures-real/others'),
];

/** Real dump files by `<directory name>/<file name>`, sorted. */
export function realDumpFiles(): Array<{ name: string; file: string }> {
  const out: Array<{ name: string; file: string }> = [];
  for (const dir of DIRS) {
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      if (/\.(json|ya?ml)$/.test(f)) out.push({ name: `${path.basename(dir)}/${f}`, file: path.join(dir, f) });
    }
  }
  return out;
}
