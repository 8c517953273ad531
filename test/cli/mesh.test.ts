// The CLI on a directory fleet that is a mesh: fixtures/mesh/istio-1.1 with the client's (productpage-v1-b) mTLS
// removed from its cluster outbound|9080||productpage (its `tls_context` deleted), so it sends plaintext to the server's
// listener that requires mTLS. The finding is in the client's dump and names the server's chain as a related location.
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';
import { plantedMesh } from './mesh-fleet.js';

interface SarifLog {
  runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>; relatedLocations?: Array<{ id: number; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } }; message: { text: string } }> }> }>;
}

describe('mesh findings from the command line', () => {
  it('text: the finding in the client, "see also" the server\'s chain and the endpoint', async () => {
    const cwd = plantedMesh();
    const { stdout, exitCode } = await cli(['--no-progress', 'mesh/'], { cwd });
    expect(exitCode).toBe(1);
    expect(stdout).toContain('mesh/productpage-v1-b/config_dump.json:2744:15  error  cluster "outbound|9080||productpage.default.svc.cluster.local" sends plaintext to 10.52.2.21:9080');
    expect(stdout).toContain('[mtls-mismatch]');
    expect(stdout).toContain('    2744 |       "name": "outbound|9080||productpage.default.svc.cluster.local",');
    expect(stdout).toMatch(/\n {4}see also mesh\/productpage-v1\/config_dump\.json:3209:8 {2}the server's listener 10\.52\.2\.21_9080, filter chain 0 \(any port, any transport, terminates TLS, requires a client certificate\)\n/);
    expect(stdout).toMatch(/\n {4}see also mesh\/productpage-v1-b\/config_dump\.json:\d+:25 {2}the endpoint 10\.52\.2\.21:9080\n/);
  });

  it('SARIF: relatedLocations in the server\'s file', async () => {
    const cwd = plantedMesh();
    const { stdout } = await cli(['--no-progress', '--format', 'sarif', 'mesh/'], { cwd });
    const [result] = (JSON.parse(stdout) as SarifLog).runs[0]?.results ?? [];
    expect(result?.ruleId).toBe('mtls-mismatch');
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/mesh\/productpage-v1-b\/config_dump\.json$/);
    expect(result?.relatedLocations?.[0]).toMatchObject({ id: 0, physicalLocation: { region: { startLine: 3209, startColumn: 8 } }, message: { text: expect.stringContaining("the server's listener 10.52.2.21_9080") as unknown } });
    expect(result?.relatedLocations?.[0]?.physicalLocation.artifactLocation.uri).toMatch(/mesh\/productpage-v1\/config_dump\.json$/);
  });

  it('JSON: the finding carries `related` and the client as its proxy', async () => {
    const cwd = plantedMesh();
    const { stdout } = await cli(['--no-progress', '--format', 'json', 'mesh/'], { cwd });
    const report = JSON.parse(stdout) as { findings: Array<{ ruleId: string; proxy: string; related?: Array<{ location: { file: string; line: number }; message: string }> }> };
    expect(report.findings.map((f) => f.ruleId)).toEqual(['mtls-mismatch']);
    expect(report.findings[0]?.proxy).toMatch(/productpage-v1-b\/config_dump\.json$/);
    expect(report.findings[0]?.related?.map((r) => r.location.line)[0]).toBe(3209);
  });

  it('--rule mtls-mismatch=off turns it off, =warning changes its severity; the fleet summary counts it', async () => {
    const cwd = plantedMesh();
    expect((await cli(['--no-progress', '--rule', 'mtls-mismatch=off', 'mesh/'], { cwd })).exitCode).toBe(0);
    const warned = await cli(['--no-progress', '--rule', 'mtls-mismatch=warning', 'mesh/'], { cwd });
    expect(warned.stdout).toContain('  warning  cluster "outbound|9080||productpage.default.svc.cluster.local" sends plaintext');
    expect(warned.stderr).toContain('mtls-mismatch  on 1 of 2');
  });

  it('--list-rules lists the mesh rules with their severities', async () => {
    const { stdout } = await cli(['--list-rules']);
    for (const [id, severity] of [['mtls-mismatch', 'error'], ['peer-identity-mismatch', 'error'], ['endpoint-port-not-served', 'warning'], ['proxy-version-skew', 'info']]) {
      expect(stdout).toMatch(new RegExp(`^${id} +${severity} +built-in`, 'm'));
    }
  });
});
