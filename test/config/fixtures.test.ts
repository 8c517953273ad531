// Every fixtures/config/invalid/<case> is rejected with exactly the located lines in <case>.expected and exit 2;
// fixtures/config/valid is accepted and applied.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, CLEAN, ROOT, TWO_WARNINGS } from '../cli/helpers.js';

const INVALID = path.join(ROOT, 'fixtures/config/invalid');
const VALID = path.join(ROOT, 'fixtures/config/valid');
const cases = fs.readdirSync(INVALID).filter((f) => /\.(json|ya?ml)$/.test(f));

describe('invalid config files', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(5));

  it.each(cases)('%s is rejected with located errors and exit 2', async (name) => {
    const expected = fs.readFileSync(path.join(INVALID, name.replace(/\.[^.]+$/, '.expected')), 'utf8');
    const result = await cli(['--config', name, CLEAN], { cwd: INVALID });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(expected);
    for (const line of expected.trimEnd().split('\n')) expect(line).toMatch(new RegExp(`^envoy-lint: ${name.replace('.', '\\.')}:\\d+:\\d+: `));
  });
});

describe('the valid config', () => {
  it('is found from a directory below it and applied (ignore, failOn, rule severity)', async () => {
    const cwd = fs.mkdtempSync(path.join(VALID, 'tmp-'));
    try {
      const result = await cli(['-f', 'json', TWO_WARNINGS], { cwd });
      const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; resource: { name: string } }> };
      // The reviews cluster is ignored; httpbin still warns, and failOn: warning makes that exit 1.
      const names = report.findings.filter((f) => f.ruleId === 'cluster-without-endpoints').map((f) => f.resource.name);
      expect(names).toEqual(['outbound|8000||httpbin.default.svc.cluster.local']);
      expect(result.exitCode).toBe(1);
      expect((await cli([CLEAN], { cwd })).exitCode).toBe(0);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
