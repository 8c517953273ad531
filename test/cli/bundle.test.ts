// The shipped CLI (package.json "bin") is the esbuild bundle in dist/bin/: one file per entry, --version answered
// before the linter loads, and protobufjs not needed at run time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN, DIST_BIN, ROOT } from './helpers.js';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; dependencies: Record<string, string> };

describe('the bundled CLI', () => {
  it('is what package.json installs as envoy-lint', () => {
    expect(path.join(ROOT, pkg.bin['envoy-lint'] ?? '')).toBe(DIST_BIN);
  });

  it('answers --version and -v without loading the linter', () => {
    for (const flag of ['--version', '-v']) {
      const r = spawnSync(process.execPath, [DIST_BIN, flag], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
    }
    // The entry itself is tiny: the linter is in run.js, imported only for other runs.
    expect(fs.statSync(DIST_BIN).size).toBeLessThan(4096);
  });

  it('lints from the bundle with protobufjs not a run-time dependency', () => {
    expect(pkg.dependencies).not.toHaveProperty('protobufjs');
    const r = spawnSync(process.execPath, [DIST_BIN, '--format', 'json', CLEAN], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { inputs: Array<{ status: string }> }).inputs[0]?.status).toBe('ok');
  });
});
