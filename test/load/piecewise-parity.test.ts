// The piecewise reader (big inputs) against the whole-text reader, over every fixture at once: with the threshold
// lowered to one byte and tiny pieces, the CLI must print the same JSON report and the same text report (source lines
// included), and place every input error at the same line and column.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'dist/bin/envoy-lint.js');
const PIECEWISE = { ENVOY_LINT_LARGE_INPUT_BYTES: '1', ENVOY_LINT_PIECE_BYTES: '200' };

function run(format: string, env: Record<string, string> = {}): { stdout: string; stderr: string; status: number | null } {
  return spawnSync(process.execPath, [BIN, '-f', format, '--jobs', '1', 'fixtures'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...env } });
}

/** `file:line:col` of each input error, sorted (the messages differ: the piecewise reader words its own). */
function errorPlaces(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => /^envoy-lint: (\S+:\d+:\d+):/.exec(l)?.[1])
    .filter((p): p is string => p !== undefined)
    .sort();
}

/** The JSON report with input errors' messages left out: the piecewise reader words its own (positions stay). */
function withoutErrorWording(stdout: string): unknown {
  const report = JSON.parse(stdout) as { inputs: Array<{ error?: { message: string } }> };
  for (const input of report.inputs) if (input.error) input.error.message = '';
  return report;
}

describe.skipIf(!fs.existsSync(BIN))('piecewise reading of every fixture (run `npm run build` first)', () => {
  it('gives the same JSON report and the same error positions', () => {
    const whole = run('json');
    expect(JSON.parse(whole.stdout).findings.length).toBeGreaterThan(100);
    expect(errorPlaces(whole.stderr).length).toBeGreaterThan(10);
    // Tiny pieces make nearly every list lazy; 3000-byte ones make some lists lazy and parse others whole.
    for (const pieceBytes of ['200', '3000']) {
      const pieces = run('json', { ...PIECEWISE, ENVOY_LINT_PIECE_BYTES: pieceBytes });
      expect(withoutErrorWording(pieces.stdout)).toEqual(withoutErrorWording(whole.stdout));
      expect(pieces.status).toBe(whole.status);
      expect(errorPlaces(pieces.stderr)).toEqual(errorPlaces(whole.stderr));
    }
  });

  it('gives the same text report, source lines included', () => {
    expect(run('text', PIECEWISE).stdout).toBe(run('text').stdout);
  });
});
