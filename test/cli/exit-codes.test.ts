// The exit-code contract: 0 clean, 1 findings at or above --fail-on or more warnings than --max-warnings, 2 usage.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN, cli, ONE_ERROR, pinnedDir, TWO_WARNINGS } from './helpers.js';

describe('exit codes', () => {
  it('is 0 for a clean dump and 1 for an error', async () => {
    expect((await cli([CLEAN])).exitCode).toBe(0);
    const failing = await cli([ONE_ERROR]);
    expect(failing.exitCode).toBe(1);
    expect(failing.stdout).toContain('[dangling-cluster]');
  });

  it('is 0 for warnings alone, 1 with --fail-on warning', async () => {
    expect((await cli([TWO_WARNINGS])).exitCode).toBe(0);
    expect((await cli(['--fail-on', 'warning', TWO_WARNINGS])).exitCode).toBe(1);
  });

  it('is 1 with a clear stderr line when warnings exceed --max-warnings', async () => {
    const over = await cli(['--max-warnings', '1', TWO_WARNINGS]);
    expect(over.exitCode).toBe(1);
    expect(over.stderr).toBe('envoy-lint: too many warnings: 2, and at most 1 are allowed (--max-warnings / maxWarnings)\n');
    expect((await cli(['--max-warnings', '2', TWO_WARNINGS])).exitCode).toBe(0);
  });

  it('rejects a --max-warnings that is not a whole number', async () => {
    const result = await cli(['--max-warnings', '-1', TWO_WARNINGS]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--max-warnings/);
  });

  it('--quiet hides warnings from the output but never changes the exit code', async () => {
    const quiet = await cli(['--quiet', '--fail-on', 'warning', '-f', 'json', TWO_WARNINGS]);
    expect(quiet.exitCode).toBe(1);
    expect((JSON.parse(quiet.stdout) as { findings: unknown[] }).findings).toEqual([]);
    expect((await cli(['--quiet', '--max-warnings', '0', TWO_WARNINGS])).exitCode).toBe(1);
    const errors = await cli(['--quiet', '-f', 'json', ONE_ERROR, TWO_WARNINGS]);
    const report = JSON.parse(errors.stdout) as { findings: Array<{ severity: string }> };
    expect(report.findings.map((f) => f.severity)).toEqual(['error']);
  });

  it('--quiet says on stderr when the findings it hides fail the run', async () => {
    const quiet = await cli(['--quiet', '--fail-on', 'warning', TWO_WARNINGS]);
    expect(quiet.exitCode).toBe(1);
    expect(quiet.stderr).toMatch(/^envoy-lint: --quiet hid 2 warning\/info finding\(s\), and they fail the run \(--fail-on warning\); run without --quiet to see them$/m);
    expect((await cli(['--quiet', TWO_WARNINGS])).stderr).not.toMatch(/--quiet hid/);
  });

  it('summaries never say "no problems" over findings --quiet hid or --write-baseline took', async () => {
    const quiet = await cli(['--quiet', '--fail-on', 'warning', TWO_WARNINGS]);
    expect(quiet.stdout.trim()).toBe('✖ no problems shown; --quiet hid 2 warnings');
    const passing = await cli(['--quiet', TWO_WARNINGS]);
    expect(passing.exitCode).toBe(0);
    expect(passing.stdout.trim()).toBe('no problems shown; --quiet hid 2 warnings');
    const mixed = await cli(['--quiet', ONE_ERROR, TWO_WARNINGS]);
    expect(mixed.stdout.trim().split('\n').pop()).toBe('✖ 1 problem (1 error, 0 warnings, 0 info); --quiet hid 2 warnings');
    const dir = pinnedDir();
    const written = await cli(['--write-baseline', 'b.json', TWO_WARNINGS], { cwd: dir });
    expect(written.exitCode).toBe(0);
    expect(written.stdout.trim()).toBe('no problems shown; 2 findings written to the baseline b.json');
    const summary = path.join(dir, 'summary.md');
    await cli(['--quiet', '-f', 'github', TWO_WARNINGS], { cwd: dir, env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(fs.readFileSync(summary, 'utf8')).toContain('no problems shown; --quiet hid 2 warnings in ');
    expect(fs.readFileSync(summary, 'utf8')).not.toContain('✅');
  });

  it('an -o path whose directory cannot be made is exit 2 at once, not a spin (Node\'s recursive mkdir loops on /proc)', async () => {
    const r = await cli(['-f', 'json', '-o', '/proc/envoy-lint-nope/x.json', ONE_ERROR]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/cannot write json report \/proc\/envoy-lint-nope\/x\.json: ENOENT/);
  });

  it('--rule turns a rule off', async () => {
    expect((await cli(['--rule', 'dangling-cluster=off', ONE_ERROR])).exitCode).toBe(0);
  });

  it('is 2 for usage errors, with one line on stderr', async () => {
    for (const argv of [[], ['--rule', 'no-such-rule=error', CLEAN], ['--rule', 'dangling-cluster', CLEAN], ['--fail-on', 'fatal', CLEAN], ['/no/such/file.json']]) {
      const result = await cli(argv);
      expect(result.exitCode, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(/^(envoy-lint: |error: )/);
    }
  });

  it('--list-rules and --version exit 0', async () => {
    const list = await cli(['--list-rules']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/^dangling-cluster\s+error/m);
    const version = await cli(['--version']);
    expect(version.exitCode).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--help teaches every flag with an example', async () => {
    const help = await cli(['--help']);
    expect(help.exitCode).toBe(0);
    for (const example of ['-f github -f sarif -o envoy-lint.sarif', '--max-warnings 0', '--quiet', '--config ', '--print-config', '--write-baseline ', '--baseline ', '--iptables ', '--format compact', '--rule cluster-without-endpoints=off --fail-on warning']) {
      expect(help.stdout).toContain(`$ envoy-lint ${example}`);
    }
  });
});
