// Route tests written for Envoy's route table check tool, run against route configurations from real dumps.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/route-check.js';
import { parseRouteTests } from '../../src/route-check/index.js';

const ROOT = path.resolve(__dirname, '../..');
const DESCRIBE = path.join(ROOT, 'fixtures/real/istioctl_pkg_describe_testdata_describe_http_config.json');
const GW_PSP = path.join(ROOT, 'fixtures/real/istioctl_pkg_writer_envoy_configdump_testdata_routes_k8s-gateway-http-route-path-prefix_configdump.json');
const BOOKINFO_TESTS = path.join(ROOT, 'fixtures/route-check/bookinfo-gateway.tests.yaml');
const HTTPBIN_TESTS = path.join(ROOT, 'fixtures/route-check/httpbin-gateway-api.tests.json');

async function routeCheck(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {} });
  return { code, stdout, stderr };
}

function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-check-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('envoy-lint route-check', () => {
  // Issue 20: a test whose only checks are validate fields envoy-lint does not check was reported as PASS.
  it('counts a test with only unsupported checks as skipped, not passed; a test with a checked field still runs', async () => {
    const tests = tempFile(
      'unsupported.tests.yaml',
      [
        'tests:',
        '  - test_name: only headers',
        '    input: { authority: "bookinfo.example.com", path: "/productpage" }',
        '    validate: { response_header_matches: [{ name: x, string_match: { exact: y } }] }',
        '  - test_name: cluster and headers',
        '    input: { authority: "bookinfo.example.com", path: "/productpage" }',
        '    validate: { cluster_name: "nope", request_header_matches: [] }',
        '',
      ].join('\n'),
    );
    const r = await routeCheck(['--tests', tests, DESCRIBE, '--route-config', 'http.8080']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('SKIP  only headers\n      not checked by envoy-lint: response_header_matches');
    expect(r.stdout).toContain('FAIL  cluster and headers');
    expect(r.stdout).toContain('0 passed, 1 failed, 1 skipped (nothing envoy-lint checks)');
    expect(r.code).toBe(1);
    const json = await routeCheck(['--tests', tests, DESCRIBE, '--route-config', 'http.8080', '--format', 'json']);
    const parsed = JSON.parse(json.stdout) as { passed: number; failed: number; skipped: number; tests: Array<{ skipped: boolean }> };
    expect([parsed.passed, parsed.failed, parsed.skipped]).toEqual([0, 1, 1]);
    expect(parsed.tests.map((t) => t.skipped)).toEqual([true, false]);
  });

  it('runs a tool-format YAML test file against http.8080 of a real dump: all pass, with coverage', async () => {
    const r = await routeCheck(['--tests', BOOKINFO_TESTS, DESCRIBE, '--route-config', 'http.8080', '--coverage']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('9 passed, 0 failed');
    expect(r.stdout).toContain('coverage: 5/5 routes (100%)');
    expect(r.code).toBe(0);
  });

  it('runs a JSON test file against a Gateway API route configuration (path_separated_prefix), picked automatically', async () => {
    const r = await routeCheck(['--tests', HTTPBIN_TESTS, GW_PSP]);
    expect(r.stdout).toContain('4 passed, 0 failed');
    expect(r.code).toBe(0);
  });

  it('a failing test: exit 1, with the expected and actual values', async () => {
    const tests = tempFile('t.yaml', 'tests:\n- test_name: wrong cluster\n  input: {authority: x, path: /login}\n  validate: {cluster_name: outbound|9080|v1|productpage.default.svc.cluster.local}\n');
    const r = await routeCheck(['--tests', tests, DESCRIBE, '--route-config', 'http.8080']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL  wrong cluster');
    expect(r.stdout).toContain('- expected: "outbound|9080|v1|productpage.default.svc.cluster.local"');
    expect(r.stdout).toContain('+ actual:   "outbound|9080||productpage.default.svc.cluster.local"');
  });

  it('--format json gives the same as data', async () => {
    const r = await routeCheck(['--tests', HTTPBIN_TESTS, GW_PSP, '--format', 'json', '--coverage']);
    const data = JSON.parse(r.stdout) as { passed: number; tests: Array<{ route: string | null }>; coverage: { uncovered: string[] } };
    expect(data.passed).toBe(4);
    expect(data.tests[2]?.route).toBeNull();
    expect(data.coverage.uncovered).toEqual([]);
  });

  it('usage errors exit 2: unknown route configuration, bad test file, missing --tests', async () => {
    expect((await routeCheck(['--tests', BOOKINFO_TESTS, DESCRIBE, '--route-config', 'nope'])).code).toBe(2);
    expect((await routeCheck(['--tests', tempFile('bad.yaml', 'tests: 3\n'), DESCRIBE])).code).toBe(2);
    expect((await routeCheck([DESCRIBE])).code).toBe(2);
    const help = await routeCheck(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
  });

  it('parses the older input form (":authority", ":path", additional_headers with field/value)', () => {
    const [t] = parseRouteTests(JSON.stringify([{ test_name: 'old', input: { ':authority': 'a', ':path': '/x', additional_headers: [{ field: 'x-a', value: '1' }] }, validate: { cluster_name: 'c' } }]));
    expect(t?.input).toEqual({ authority: 'a', path: '/x', additional_request_headers: [{ key: 'x-a', value: '1' }] });
  });
});
