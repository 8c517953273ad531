// Property tests of the config-file loader: mutated config files (JSON and YAML) give a config or located errors,
// and never throw. `npm run fuzz` runs many more cases (FUZZ_CASES).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { loadConfig } from '../../src/config/load.js';
import { fuzzRuns } from './budget.js';

const INVALID = path.resolve(__dirname, '../../fixtures/config/invalid');
const GOOD_JSON = JSON.stringify(
  {
    rules: { 'cluster-without-endpoints': 'warning', 'dangling-route-config': ['error', {}] },
    ignore: [{ rule: 'cluster-without-endpoints', resource: 'outbound|*||*.kube-system.svc.cluster.local', reason: 'scaled to zero' }],
    failOn: 'warning',
    maxWarnings: 3,
  },
  null,
  2,
);
const GOOD_YAML = 'rules:\n  dangling-cluster: off\nignore:\n  - rule: schema-violation\n    resource: "*"\n    reason: legacy dumps\nfailOn: error\n';
const SEEDS: Array<[string, string]> = [
  ['.envoy-lint.json', GOOD_JSON],
  ['.envoy-lint.yaml', GOOD_YAML],
  ...fs.readdirSync(INVALID).filter((f) => !f.endsWith('.expected')).map((f): [string, string] => [`.envoy-lint${path.extname(f) === '.yml' ? '.yaml' : path.extname(f)}`, fs.readFileSync(path.join(INVALID, f), 'utf8')]),
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-config-fuzz-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function load(name: string, text: string): void {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const loaded = loadConfig({ cwd: dir, configPath: file, rules: BUILTIN_RULES });
  for (const error of loaded.errors) expect(error.oneLine()).not.toContain('\n');
}

const params = { numRuns: fuzzRuns(40, 3) };

describe('config loader never throws on mutated config files', () => {
  test.prop([fc.constantFrom(...SEEDS), fc.double({ min: 0, max: 1, noNaN: true })], params)('random truncation', ([name, text], at) => {
    load(name, text.slice(0, Math.floor(text.length * at)));
  });
  test.prop([fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 })], params)(
    'byte flips',
    ([name, text], flips) => {
      const bytes = Buffer.from(text);
      for (const [at, value] of flips) bytes[Math.floor(at * (bytes.length - 1))] = value;
      load(name, bytes.toString('utf8'));
    },
  );
  test.prop([fc.constantFrom(...SEEDS), fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 30 })], params)('inserted garbage', ([name, text], at, garbage) => {
    const i = Math.floor(text.length * at);
    load(name, text.slice(0, i) + garbage + text.slice(i));
  });
});
