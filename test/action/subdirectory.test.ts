// Issue 20: with GITHUB_ACTIONS=true, a relative input given from a subdirectory of the workspace was read from the
// subdirectory but annotated as if it were in the workspace root (a file that does not exist there). The built CLI,
// started in fixtures/ as a `working-directory:` step would start it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST_BIN, ROOT, tempDir } from '../cli/helpers.js';

describe('the CLI in GitHub Actions, started in a subdirectory of the workspace', () => {
  it.skipIf(!fs.existsSync(DIST_BIN))('annotates and writes SARIF with paths from the workspace root', () => {
    const sarif = path.join(tempDir(), 'out.sarif');
    const child = spawnSync(process.execPath, [DIST_BIN, '--rule', 'cluster-without-endpoints=off', 'dangling-cluster/fail/route-cluster.json', '-f', 'github', '-f', 'sarif', '-o', sarif], {
      cwd: path.join(ROOT, 'fixtures'),
      env: { PATH: process.env.PATH ?? '', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ROOT },
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.stdout).toMatch(/^::error file=fixtures\/dangling-cluster\/fail\/route-cluster\.json,line=356,col=34,/);
    const log = JSON.parse(fs.readFileSync(sarif, 'utf8')) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('fixtures/dangling-cluster/fail/route-cluster.json');
  });
});
