// A route whose regex RE2 refuses (issue 21, item 4): trace called it "does not match", but Envoy rejects (NACKs)
// the whole route configuration over one such pattern, so the proxy cannot be running what the dump shows. trace
// says the resource would be rejected, on the route and once for the route configuration.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/trace.js';
import { headerMatches } from '../../src/match/header.js';
import { pathMatches } from '../../src/match/route.js';

const T = 'type.googleapis.com/';

/** A listener on 8080 asking RDS for "80", whose first route has `match` and whose second takes every path. */
function dump(match: unknown): string {
  const hcm = { '@type': `${T}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`, stat_prefix: 'http', rds: { route_config_name: '80', config_source: { ads: {} } } };
  const listener = { '@type': `${T}envoy.config.listener.v3.Listener`, name: 'http', address: { socket_address: { address: '0.0.0.0', port_value: 8080 } }, filter_chains: [{ filters: [{ name: 'envoy.filters.network.http_connection_manager', typed_config: hcm }] }] };
  const routes = [
    { name: 'api', match, direct_response: { status: 200 } },
    { name: 'rest', match: { prefix: '/' }, direct_response: { status: 404 } },
  ];
  const rc = { '@type': `${T}envoy.config.route.v3.RouteConfiguration`, name: '80', virtual_hosts: [{ name: 'web', domains: ['*'], routes }] };
  return JSON.stringify({
    configs: [
      { '@type': `${T}envoy.admin.v3.ListenersConfigDump`, static_listeners: [{ listener }] },
      { '@type': `${T}envoy.admin.v3.RoutesConfigDump`, dynamic_route_configs: [{ route_config: rc }] },
    ],
  });
}

async function trace(text: string, urlPath: string): Promise<string> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-trace-regex-')), 'config_dump.json');
  fs.writeFileSync(file, text);
  let stdout = '';
  await run([file, '--to', '10.0.0.1:8080', '--listener', 'http', '--path', urlPath], { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stdout += s) }, env: {} });
  return stdout;
}

describe('trace through a route whose regex RE2 refuses', () => {
  it('says the route configuration would be rejected, not that the route does not match', async () => {
    const out = await trace(dump({ safe_regex: { regex: '/api/(?=v1).*' } }), '/api/v1');
    expect(out).toMatch(/not .*: regex \/\/api\/\(\?=v1\)\.\*\/ is not valid RE2 \(invalid or unsupported Perl syntax: `\(\?=`\): Envoy would reject \(NACK\) the whole route configuration/);
    expect(out).toMatch(/! route configuration "80" would be rejected: .*has regex \/\/api\/\(\?=v1\)\.\*\/, which RE2 refuses/);
    expect(out).not.toMatch(/does not match the whole path/);
  });

  it('a valid regex that does not match is still "does not match", with no warning', async () => {
    const out = await trace(dump({ safe_regex: { regex: '/api/v[0-9]+' } }), '/other');
    expect(out).toMatch(/does not match the whole path \/other/);
    expect(out).not.toMatch(/would be rejected/);
  });
});

describe('the matchers say why a route with an invalid pattern never takes a request', () => {
  it('a path regex', () => {
    const r = pathMatches({ safeRegex: '(a)\\1', caseSensitive: true, headers: [], queryParameters: [] }, '/aa');
    expect(r.verdict).toBe('no');
    expect(r.reason).toMatch(/is not valid RE2 \(invalid escape sequence: `\\1`\): Envoy would reject/);
  });

  it('a header regex, present or absent, inverted or not', () => {
    for (const invert of [false, true]) {
      for (const value of ['b', undefined]) {
        const r = headerMatches({ name: 'x-user', kind: 'regex', value: '(?=a)b', invert }, value);
        expect(r.matches).toBe(false);
        expect(r.reason).toMatch(/the pattern is not valid RE2 .*Envoy would reject/);
      }
    }
  });
});
