// Every real dump the rules are checked against: fixtures/real, fixtures/real-others, and ../shared/fixtures-real
// (dumps/ and others/) when it is beside the clone, as in CI. Expected findings are written from reading each file.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import type { Rule } from '../../src/engine/rule.js';
import { lintInputs } from '../../src/pipeline/lint.js';

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

/** A finding as the real-dump tests list it by default: `line:column messageId`. */
export const atAndMessageId = (f: Finding): string => `${f.location?.line}:${f.location?.column} ${f.messageId}`;

/**
 * One test per real dump: the findings of `rule` alone there, each written by `show`, are `expected[<file name>]`
 * (none for every file it does not name), in order, or sorted when `sorted`.
 */
export function findingsOnRealDumps(rule: Rule, expected: Record<string, string[]> = {}, show: (f: Finding) => string = atAndMessageId, sorted = false): void {
  const files = realDumpFiles();
  it('finds the real dumps', () => expect(files.length).toBeGreaterThan(10));
  for (const { name, file } of files) {
    it(name, () => {
      const got = lintInputs([file], { rules: [rule] }).report.findings.map(show);
      const want = expected[path.basename(file)] ?? [];
      expect(sorted ? got.sort() : got).toEqual(sorted ? [...want].sort() : want);
    });
  }
}
