// The bad-input catalogue's invocations that need a real process around the built CLI: stdin that is a directory or a
// pipe, process substitution, and special files as the config or the baseline (read forever before, so a run in the
// test process itself could hang the suite). Each is bounded by a spawn timeout: a hang is a failure (status null).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'dist/bin/envoy-lint.js');
const GOOD = path.join(ROOT, 'fixtures/dangling-cluster/fail/route-cluster.json');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-invocations-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const hasDevZero = fs.existsSync('/dev/zero');
const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

// coreutils' timeout kills the whole process group (the pipeline's writer too), where spawnSync's kills only the shell.
const hasTimeout = spawnSync('sh', ['-c', 'command -v timeout']).status === 0;

/**
 * `shell -c script`, ENVOY_LINT in it standing for the built CLI, in a fresh directory, killed after 25 s (a hang is
 * exit status 137 or null, never a pass).
 */
function sh(script: string, shell = 'sh', env: Record<string, string> = {}): Run {
  const command = [...(hasTimeout ? ['timeout', '-s', 'KILL', '25'] : []), shell, '-c', script.replaceAll('ENVOY_LINT', `"${process.execPath}" "${BIN}" --no-progress`)];
  const r = spawnSync(command[0] as string, command.slice(1), { cwd: tmp, encoding: 'utf8', timeout: 30_000, maxBuffer: 1 << 26, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineError(result: Run, pattern: RegExp): void {
  expect(result.status).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
}

/** Findings as `rule line:column-endLine:endColumn`, whatever the input was called. */
function places(stdout: string): string[] {
  const report = JSON.parse(stdout) as { findings: Array<{ ruleId: string; location: { line: number; column: number; endLine: number; endColumn: number } }> };
  return report.findings.map(({ ruleId, location: l }) => `${ruleId} ${l.line}:${l.column}-${l.endLine}:${l.endColumn}`);
}

describe.skipIf(!fs.existsSync(BIN))('invocations of the built CLI with special inputs (run `npm run build` first)', () => {
  const fromFile = (): string[] => places(sh(`ENVOY_LINT -f json ${JSON.stringify(GOOD)}`).stdout);

  it('`envoy-lint - < /` (stdin is a directory) is one input error, not an internal error', () => {
    expectOneLineError(sh('ENVOY_LINT - < /'), /^envoy-lint: <stdin>: is a directory/);
  });

  it('a dump piped to `-` or to /dev/stdin has its findings at the places the file gets, source lines included', () => {
    const expected = fromFile();
    expect(expected.length).toBeGreaterThan(1);
    for (const name of ['-', '/dev/stdin']) {
      const r = sh(`cat ${JSON.stringify(GOOD)} | ENVOY_LINT -f json ${name}`);
      expect(r.stderr).toBe('');
      expect(places(r.stdout)).toEqual(expected);
    }
    // Before, the text report showed no source line for a piped /dev/stdin (positions re-read the path).
    expect(sh(`cat ${JSON.stringify(GOOD)} | ENVOY_LINT /dev/stdin`).stdout).toContain('"cluster": "outbound|9080||details.default.svc.cluster.local"');
  });

  it.skipIf(!hasBash)('process substitution `<(cat dump.json)` too', () => {
    const r = sh(`ENVOY_LINT -f json <(cat ${JSON.stringify(GOOD)})`, 'bash');
    expect(r.stderr).toBe('');
    expect(places(r.stdout)).toEqual(fromFile());
  });

  it.skipIf(!hasDevZero)('`envoy-lint /dev/zero` stops at once: binary data', () => {
    expectOneLineError(sh('ENVOY_LINT /dev/zero'), /^envoy-lint: \/dev\/zero:1:1: binary data, not text/);
  });

  it.skipIf(!hasDevZero)('`-c /dev/zero` (the config file) stops at once: binary data', () => {
    expectOneLineError(sh(`ENVOY_LINT -c /dev/zero ${JSON.stringify(GOOD)}`), /^envoy-lint: \/dev\/zero: config file: binary data, not text/);
  });

  it.skipIf(!hasDevZero)('`--baseline /dev/zero` stops at once: binary data', () => {
    expectOneLineError(sh(`ENVOY_LINT --baseline /dev/zero ${JSON.stringify(GOOD)}`), /^envoy-lint: baseline \/dev\/zero: binary data, not text/);
  });

  it('stdin that delivers more than the bound is one line (the bound set low here)', () => {
    expectOneLineError(sh(`yes '{' | ENVOY_LINT -`, 'sh', { ENVOY_LINT_MAX_STREAM_BYTES: '1048576' }), /^envoy-lint: <stdin>: more than 1 MiB from a pipe or device/);
  });
});
