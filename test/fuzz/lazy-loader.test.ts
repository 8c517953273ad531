// The same mutations as loader.test.ts, through the piecewise path with lazy resource lists that big dumps take: the
// thresholds are lowered (options of the loader) so that the seeds, a few KB each, take it.
import fs from 'node:fs';
import path from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { lintInputs } from '../../src/pipeline/lint.js';
import { fuzzRuns } from './budget.js';

const ROOT = path.resolve(__dirname, '../..');
const SEEDS = ['fixtures/example/config_dump.json', 'fixtures/real/istioctl_pkg_proxyconfig_testdata_config_dump.json'].map((f) => fs.readFileSync(path.join(ROOT, f)));

function lintBytes(bytes: Buffer): void {
  const { report, errors } = lintInputs(['-'], { stdinText: () => bytes.toString('latin1'), largeInputBytes: 2000, pieceBytes: 300 });
  for (const e of errors) expect(e.oneLine()).not.toContain('\n');
  expect(Array.isArray(report.findings)).toBe(true);
}

const params = { numRuns: fuzzRuns(40, 3) };

describe('lazily read dumps never throw on mutations', () => {
  test.prop([fc.constantFrom(...SEEDS), fc.double({ min: 0, max: 1, noNaN: true })], params)('truncation', (bytes, at) => {
    lintBytes(bytes.subarray(0, Math.max(2001, Math.floor(bytes.length * at))));
  });
  test.prop([fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 127 })), { minLength: 1, maxLength: 8 })], params)('byte flips', (bytes, flips) => {
    const copy = Buffer.from(bytes);
    for (const [at, value] of flips) copy[Math.floor(at * (copy.length - 1))] = value;
    lintBytes(copy);
  });
  test.prop([fc.constantFrom(...SEEDS), fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 30 })], params)('inserted garbage', (bytes, at, garbage) => {
    const i = Math.floor(bytes.length * at);
    lintBytes(Buffer.concat([bytes.subarray(0, i), Buffer.from(garbage, 'latin1'), bytes.subarray(i)]));
  });
});
