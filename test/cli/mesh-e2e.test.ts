// The built CLI on a directory fleet that is a mesh (test/cli/mesh-fleet.ts), on two threads: each proxy is linted in a
// job of its own, its mesh facts cross from the worker, and the mesh rules run once in the main thread. Needs
// `npm run build`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST_BIN } from './helpers.js';
import { plantedMesh } from './mesh-fleet.js';

const run = (cwd: string, args: string[], input?: string) => spawnSync(process.execPath, [DIST_BIN, '--no-progress', '--jobs', '2', ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, ...(input !== undefined ? { input } : {}) });

describe('envoy-lint (built) on a mesh fleet', () => {
  it('text and SARIF show the mesh finding with the server as its related location', () => {
    const cwd = plantedMesh();
    const text = run(cwd, ['mesh/']);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('mesh/productpage-v1-b/config_dump.json:2744:15  error  cluster "outbound|9080||productpage.default.svc.cluster.local" sends plaintext to 10.52.2.21:9080');
    expect(text.stdout).toContain("    see also mesh/productpage-v1/config_dump.json:3209:8  the server's listener 10.52.2.21_9080");
    // The source line comes from the client's dump read again after the jobs (fleet/reopen.ts).
    expect(text.stdout).toContain('2744 |       "name": "outbound|9080||productpage.default.svc.cluster.local",');
    expect(text.stderr).toContain('fleet: 2 proxies linted');
    expect(text.stderr).toContain('mtls-mismatch  on 1 of 2');
    const sarif = run(cwd, ['--format', 'sarif', 'mesh/']);
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; relatedLocations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
    const result = log.runs[0]?.results[0];
    expect(result?.ruleId).toBe('mtls-mismatch');
    expect(result?.relatedLocations?.[0]?.physicalLocation.artifactLocation.uri).toMatch(/mesh\/productpage-v1\/config_dump\.json$/);
    expect(result?.relatedLocations?.[0]?.physicalLocation.region.startLine).toBe(3209);
  });

  it('a proxy read from a pipe, which cannot be read again, has its mesh finding placed and its source line shown', () => {
    const cwd = plantedMesh();
    const client = fs.readFileSync(path.join(cwd, 'mesh/productpage-v1-b/config_dump.json'), 'utf8');
    const text = run(cwd, ['mesh/productpage-v1/config_dump.json', '-'], client);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('<stdin>:2744:15  error  cluster "outbound|9080||productpage.default.svc.cluster.local" sends plaintext to 10.52.2.21:9080');
    expect(text.stdout).toContain('2744 |       "name": "outbound|9080||productpage.default.svc.cluster.local",');
    expect(text.stdout).toContain("    see also mesh/productpage-v1/config_dump.json:3209:8  the server's listener 10.52.2.21_9080");
  });
});
