// The same mutations as loader.test.ts, through the piecewise path with lazy resource lists that dumps of 32 MB and
// more take: the thresholds are lowered for this file (vitest gives each test file its own modules).
import fs from 'node:fs';
import path from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect } from 'vitest';
import type { lintInputs as LintPathsFn } from '../../src/pipeline/lint.js';
import { fuzzRuns } from './budget.js';

type LintPaths = typeof LintPathsFn;

process.env.ENVOY_LINT_LARGE_INPUT_BYTES = '2000';
process.env.ENVOY_LINT_PIECE_BYTES = '300';

const ROOT = path.resolve(__dirname, '../..');
const SEEDS = ['fixtures/example/config_dump.json', 'fixtures/real/istioctl_pkg_proxyconfig_testdata_config_dump.json'].map((f) => fs.readFileSync(path.join(ROOT, f)));

let lintInputs: LintPaths;
beforeAll(async () => {
  ({ lintInputs } = await import('../../src/pipeline/lint.js'));
});

function lintBytes(bytes: Buffer): void {
  const { report, errors } = lintInputs(['-'], { stdinText: () => bytes.toString('latin1') });
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
