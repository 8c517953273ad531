// `trace` through a listener whose filter chains are chosen by a filter_chain_matcher tree (Istio waypoint shape, see
// fixtures/SOURCES.md): the chosen chain, a chain the listener lacks, a nested source-IP matcher, and inputs the
// connection does not give (reported unknown, never guessed).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/trace.js';

const DUMP = path.join(__dirname, 'fixtures/waypoint-matcher.json');

async function trace(argv: string[], dump = DUMP): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await run([dump, ...argv], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => undefined }, env: {} });
  return { code, stdout };
}

describe('trace evaluates filter_chain_matcher', () => {
  it('picks the chain the VIP and port map name, citing each deciding node', async () => {
    const r = await trace(['--tcp', '--to', '10.96.1.201:9080']);
    expect(r.stdout).toMatch(/✓ filter chain .*"inbound-vip\|9080\|\|details\.default\.svc\.cluster\.local-tcp" +\[.*waypoint-matcher\.json:115:52\]/);
    expect(r.stdout).toMatch(/destination_ip 10\.96\.1\.201: in range 10\.96\.1\.201\/32 +\[.*:92:25\]/);
    expect(r.stdout).toMatch(/destination_port 9080: key "9080" +\[.*:110:45\]/);
    expect(r.stdout).toMatch(/^outcome: endpoints/m);
    expect(r.code).toBe(0);
  });

  it('an action naming a chain the listener lacks closes the connection: NR, exit 1', async () => {
    const r = await trace(['--tcp', '--to', '10.96.7.33:9080']);
    expect(r.stdout).toMatch(/✗ filter chain .*ratings\.default\.svc\.cluster\.local-tcp" \(missing\)/);
    expect(r.stdout).toMatch(/^outcome: NR/m);
    expect(r.code).toBe(1);
  });

  it('no range matches and no default_filter_chain: NR', async () => {
    const r = await trace(['--tcp', '--to', '10.1.1.1:80']);
    expect(r.stdout).toMatch(/destination_ip 10\.1\.1\.1: in no range of the IPMatcher/);
    expect(r.stdout).toMatch(/^outcome: NR/m);
  });

  it('a nested source-IP matcher decides by --source', async () => {
    const inside = await trace(['--tcp', '--to', '10.96.9.9:9090', '--source', '10.244.3.4']);
    expect(inside.stdout).toMatch(/source_ip 10\.244\.3\.4: in range 10\.244\.0\.0\/16/);
    expect(inside.stdout).toMatch(/^outcome: endpoints — sent to cluster inbound-vip\|9090\|tcp\|admin/m);
    const outside = await trace(['--tcp', '--to', '10.96.9.9:9090', '--source', '192.168.0.1']);
    expect(outside.stdout).toMatch(/source_ip 192\.168\.0\.1: in no range/);
    expect(outside.stdout).toMatch(/^outcome: NR/m);
  });

  it('without --source the source-IP node is unknown, not guessed', async () => {
    const r = await trace(['--tcp', '--to', '10.96.9.9:9090']);
    expect(r.stdout).toMatch(/reads source_ip, which envoy-lint cannot tell.*--source/);
    expect(r.stdout).toMatch(/^outcome: unknown/m);
  });
});

describe('trace --listener on the real Istio waypoint dumps (main_internal, reached through the CONNECT tunnel)', () => {
  const REAL = path.resolve(__dirname, '../../fixtures/real');
  const traceReal = (file: string, argv: string[]) => trace(['--listener', 'main_internal', ...argv], path.join(REAL, file));

  it('shows the chain the real matcher tree picks, with the deciding range and port key', async () => {
    const r = await traceReal('istioctl_pkg_proxyconfig_testdata_config_dump.json', ['--to', '10.104.171.68:8000', '--host', 'httpbin.default.svc.cluster.local:8000']);
    expect(r.stdout).toMatch(/✓ listener +main_internal .*\n +named by --listener \(an internal listener\)/);
    expect(r.stdout).toMatch(/✓ filter chain .*"inbound-vip\|8000\|\|httpbin\.default\.svc\.cluster\.local-http"/);
    expect(r.stdout).toMatch(/destination_ip 10\.104\.171\.68: in range 10\.104\.171\.68\/32 +\[.*:1033:25\]/);
    expect(r.stdout).toMatch(/destination_port 8000: key "8000"/);
  });

  it('shows the missing chain a real matcher action names (the compare testdata keeps one chain of fifteen)', async () => {
    const r = await traceReal('istioctl_pkg_writer_compare_testdata_configdump.json', ['--to', '10.98.193.58:9080']);
    expect(r.stdout).toMatch(/✗ filter chain .*\(missing\)/);
    expect(r.stdout).toMatch(/^outcome: NR/m);
    expect(r.code).toBe(1);
  });

  it('a listener the inputs lack is unknown, said plainly', async () => {
    const r = await traceReal('istioctl_pkg_writer_compare_testdata_configdump.json', ['--to', '10.98.193.58:9080', '--listener', 'nope']);
    expect(r.stdout).toMatch(/the inputs have no listener named "nope"/);
  });
});
