// `envoy-lint trace` end to end on the bundled example: a readable path, in well under a second, and the exit codes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/trace.js';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'fixtures/example/config_dump.json');
const IPTABLES = path.join(ROOT, 'fixtures/iptables/seed-istio-sidecar.iptables-save.txt');

async function trace(argv: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  let stdout = '';
  let stderr = '';
  const start = performance.now();
  const code = await run(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {} });
  return { code, stdout, stderr, ms: performance.now() - start };
}

describe('envoy-lint trace', () => {
  it('prints each hop with its location and the outcome, in under a second', async () => {
    await trace([EXAMPLE, '--to', '10.96.0.20:3306', '--tcp']); // warm the proto registry once
    const r = await trace([EXAMPLE, '--to', '10.96.0.10:9080', '--host', 'details', '--path', '/details/1']);
    expect(r.ms).toBeLessThan(1000);
    expect(r.stdout).toMatch(/✓ listener +virtualOutbound +\[.*config_dump\.json:\d+:\d+\]/);
    expect(r.stdout).toMatch(/✓ hand-off +0\.0\.0\.0_9080/);
    expect(r.stdout).toMatch(/✓ virtual host details\.default\.svc\.cluster\.local:9080/);
    expect(r.stdout).toMatch(/✗ cluster +outbound\|9080\|\|details\.default\.svc\.cluster\.local/);
    // The example's details cluster is missing: NC, exit 1.
    expect(r.stdout).toMatch(/^outcome: NC \(HTTP 503, flag NC\)/m);
    expect(r.code).toBe(1);
  });

  it('a Host with a port that no domain lists falls to the allow_any virtual host', async () => {
    const r = await trace([EXAMPLE, '--to', '10.96.0.10:9080', '--host', 'details:9080']);
    expect(r.stdout).toMatch(/✓ virtual host allow_any/);
    expect(r.stdout).toMatch(/^outcome: passthrough/m);
  });

  it('a healthy TCP destination exits 0', async () => {
    const r = await trace([EXAMPLE, '--to', '10.96.0.20:3306', '--tcp']);
    expect(r.stdout).toMatch(/^outcome: endpoints/m);
    expect(r.code).toBe(0);
  });

  it('weighted clusters: every branch with its outcome', async () => {
    const r = await trace([EXAMPLE, '--to', '10.96.0.10:9080', '--host', 'ratings', '--format', 'json']);
    const data = JSON.parse(r.stdout) as { outcome: { kind: string }; branches: Array<{ cluster: string; weight: number; outcome: { kind: string } }>; hops: Array<{ location?: string }> };
    expect(data.outcome.kind).toBe('split');
    expect(data.branches.map((b) => [b.weight, b.outcome.kind])).toEqual([[50, 'endpoints'], [50, 'endpoints'], [10, 'NC']]);
    expect(data.hops.some((h) => h.location?.includes('config_dump.json:'))).toBe(true);
  });

  it('missing route configuration: NR', async () => {
    const r = await trace([EXAMPLE, '--to', '10.96.0.30:8080']);
    expect(r.stdout).toMatch(/^outcome: NR \(HTTP 404, flag NR\)/m);
  });

  it('with iptables: the deciding rule is a hop; Envoy\'s own uid is not captured', async () => {
    const app = await trace([EXAMPLE, '--iptables', IPTABLES, '--to', '10.96.0.20:3306', '--tcp']);
    expect(app.stdout).toMatch(/✓ iptables +OUTPUT → REDIRECT 15001 +\[.*seed-istio-sidecar\.iptables-save\.txt:\d+\]/);
    const envoy = await trace([EXAMPLE, '--iptables', IPTABLES, '--to', '10.96.0.20:3306', '--from-uid', '1337', '--tcp']);
    expect(envoy.stdout).toMatch(/^outcome: bypass/m);
    const inbound = await trace([EXAMPLE, '--iptables', IPTABLES, '--inbound', '--to', '10.1.1.1:9080']);
    expect(inbound.stdout).toMatch(/REDIRECT 15006/);
    expect(inbound.stdout).toMatch(/✓ listener +virtualInbound/);
    const excluded = await trace([EXAMPLE, '--iptables', IPTABLES, '--inbound', '--to', '10.1.1.1:15020']);
    expect(excluded.stdout).toMatch(/^outcome: bypass/m);
  });

  it('usage errors exit 2; --help exits 0 with examples', async () => {
    expect((await trace([EXAMPLE])).code).toBe(2);
    expect((await trace([EXAMPLE, '--to', 'nonsense'])).code).toBe(2);
    const help = await trace(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
  });
});

describe('sub-commands on inputs that hold several proxies (an egctl map)', () => {
  const EGCTL = path.join(ROOT, 'fixtures/egctl/two-proxies.yaml');

  it('trace asks which proxy, naming them, and follows the one --proxy names', async () => {
    const ask = await trace([EGCTL, '--to', '10.0.0.1:8080', '--host', 'www.example.com']);
    expect(ask.code).toBe(2);
    expect(ask.stderr).toBe('envoy-lint trace: the inputs hold 2 proxies ("default/eg-6d8b7c9f4-abcde", "default/eg2-5f7d9c8b6-fghij"): pick one with --proxy NAME\n');
    const unknown = await trace([EGCTL, '--to', '10.0.0.1:8080', '--proxy', 'default/nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no proxy "default\/nope" in the inputs/);
    const picked = await trace([EGCTL, '--to', '10.0.0.1:8080', '--host', 'www.example.com', '--proxy', 'default/eg2-5f7d9c8b6-fghij', '--format', 'json']);
    expect(picked.stderr).toBe('');
    // The fixture's proxies hold routes and clusters but no listeners: the trace says so rather than guessing.
    expect((JSON.parse(picked.stdout) as { outcome: { kind: string; summary: string } }).outcome).toEqual({ kind: 'unknown', summary: expect.stringMatching(/no listeners/) });
  });

  it('route-check needs --proxy too', async () => {
    const { run: routeCheck } = await import('../../src/cli/route-check.js');
    let stderr = '';
    const code = await routeCheck([EGCTL, '--tests', path.join(ROOT, 'fixtures/route-check/bookinfo-gateway.tests.yaml')], { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: {} });
    expect(code).toBe(2);
    expect(stderr).toMatch(/pick one with --proxy NAME/);
  });
});
