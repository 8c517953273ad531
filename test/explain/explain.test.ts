// `envoy-lint explain` on real dumps (fixtures/real, from istio/istio's test data; see fixtures/real/SOURCES.md) and
// the bundled example: each response flag explained by the resource that causes it, at the line where that resource
// is. Expected lines and columns come from reading the dumps (textAt below), not from envoy-lint.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ROOT, Sink } from '../cli/helpers.js';

const PRODUCTPAGE = 'fixtures/real/istioctl_cmd_istioctl_testdata_auth_productpage_config_dump.json';
const PILOT = 'fixtures/real/pilot_pkg_proxy_envoy_configdump_testdata_configdump.json';
const EXAMPLE = 'fixtures/example/config_dump.json';

interface Group {
  flags: string[];
  verdict: 'explained' | 'partly' | 'contradicts';
  cause: string;
  count: number;
  lines: number[];
  steps: Array<{ text: string; location?: string }>;
  findings: Array<{ ruleId: string; location?: string }>;
  assumptions: string[];
}

async function explain(...args: string[]): Promise<{ code: number; groups: Group[]; stderr: string; skipped: { count: number } }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(['explain', ...args, '--format', 'json'], { stdout, stderr, env: {}, cwd: ROOT });
  const out = stdout.text ? (JSON.parse(stdout.text) as { groups: Group[]; skipped: { count: number } }) : { groups: [], skipped: { count: 0 } };
  return { code, ...out, stderr: stderr.text };
}

/** `file:line:col` of the `nth` occurrence of `text` in the file (column of its first character + `offset`). */
function textAt(file: string, text: string, offset = 0, nth = 0): string {
  const content = fs.readFileSync(path.join(ROOT, file), 'utf8');
  let index = -1;
  for (let i = 0; i <= nth; i++) index = content.indexOf(text, index + 1);
  expect(index, `"${text}" in ${file}`).toBeGreaterThanOrEqual(0);
  const before = content.slice(0, index + offset).split('\n');
  return `${file}:${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}

/** An Istio default-format line (the format issue 19 quotes). */
function istioLine(o: { method?: string; path?: string; code: number; flags: string; details?: string; authority: string; cluster?: string; to: string; failure?: string }): string {
  return `[2026-11-30T10:02:11.512Z] "${o.method ?? 'GET'} ${o.path ?? '/'} HTTP/1.1" ${o.code} ${o.flags} ${o.details ?? '-'} - "${o.failure ?? '-'}" 0 91 3 - "-" "curl/8.5" "0f9e" "${o.authority}" "-" ${o.cluster ?? '-'} - ${o.to} 10.244.0.12:51234 - -`;
}

describe('envoy-lint explain', () => {
  it('NR: no virtual host for the authority, with the nearest candidates', async () => {
    const r = await explain(PRODUCTPAGE, '--log', istioLine({ code: 404, flags: 'NR', details: 'route_not_found', authority: 'detail:9080', to: '10.96.0.20:9080' }));
    expect(r.code).toBe(0);
    const [g] = r.groups;
    expect(g?.verdict).toBe('explained');
    expect(g?.cause).toMatch(/^NR: no domain of the 4 virtual host\(s\) matches "detail:9080"/);
    expect(g?.steps.map((s) => s.text)).toContainEqual(expect.stringMatching(/^nearest: details\.default\.svc\.cluster\.local:9080: no domain matches "detail:9080"$/));
    expect(g?.steps.find((s) => s.text.startsWith('route config 9080'))?.location).toBe(textAt(PRODUCTPAGE, '"name": "9080"', 8));
  });

  it('NC: the route names a cluster the proxy does not have, and the dangling-cluster finding says so', async () => {
    const r = await explain(PILOT, '--log', istioLine({ code: 503, flags: 'NC', details: 'cluster_not_found', authority: 'istio-pilot.istio-system:8080', to: '172.21.245.9:8080' }));
    const [g] = r.groups;
    expect(g?.verdict).toBe('explained');
    expect(g?.cause).toBe('NC: the route sends to cluster "outbound|8080||istio-pilot.istio-system.svc.cluster.local", which the proxy does not have');
    const at = textAt(PILOT, '"cluster": "outbound|8080||istio-pilot', 11);
    expect(g?.findings).toContainEqual(expect.objectContaining({ ruleId: 'dangling-cluster', location: at }));
  });

  it('NC on a weighted share, and UH on a cluster with an empty load assignment (bundled example)', async () => {
    const log = [
      istioLine({ code: 503, flags: 'NC', authority: 'ratings', to: '10.96.0.40:9080' }),
      istioLine({ code: 503, flags: 'UH', details: 'no_healthy_upstream', authority: 'reviews:9080', cluster: 'outbound|9080||reviews.default.svc.cluster.local', to: '10.96.0.20:9080' }),
    ].join('\n');
    const file = path.join(fs.mkdtempSync(path.join(ROOT, 'test-output', 'explain-')), 'access.log');
    fs.writeFileSync(file, log);
    const r = await explain(EXAMPLE, '--log-file', file);
    const nc = r.groups.find((g) => g.flags[0] === 'NC');
    expect(nc?.cause).toContain('a share of its requests to cluster "outbound|9080|v3|ratings.default.svc.cluster.local"');
    expect(nc?.steps.some((s) => /weighted share of 9\.1%/.test(s.text))).toBe(true);
    const uh = r.groups.find((g) => g.flags[0] === 'UH');
    expect(uh?.verdict).toBe('explained');
    expect(uh?.steps.find((s) => s.text.startsWith('endpoints of'))?.location).toBe(textAt(EXAMPLE, '"cluster_name": "outbound|9080||reviews', 16));
    expect(uh?.findings.map((f) => f.ruleId)).toContain('cluster-without-endpoints');
  });

  it("UH with the proxy's /clusters output beside the dump: the hosts out of rotation and why, in that file", async () => {
    const dir = 'fixtures/endpoints-unhealthy/fail/ejected-and-failing';
    const cluster = 'outbound|9080|v1|ratings.default.svc.cluster.local';
    const r = await explain(`${dir}/config_dump.json`, `${dir}/clusters.json`, '--log', istioLine({ code: 503, flags: 'UH', details: 'no_healthy_upstream', authority: 'ratings', cluster, to: '10.96.0.40:9080' }));
    const [g] = r.groups;
    expect(g?.verdict).toBe('explained');
    expect(g?.cause).toBe(`UH: every host of cluster "${cluster}" is out of rotation in the /clusters output (failed_outlier_check)`);
    const host = g?.steps.find((s) => s.text.startsWith('host 10.1.0.8:9080'));
    expect(host?.text).toBe('host 10.1.0.8:9080 is out of rotation: failed_outlier_check');
    expect(host?.location).toBe(textAt(`${dir}/clusters.json`, '{\n          "address"', 0));
    expect(g?.findings.map((f) => f.ruleId)).toContain('endpoints-unhealthy');
  });

  it("UO: the cluster's circuit-breaker limits, each at its number", async () => {
    const cluster = 'outbound|9080||reviews.default.svc.cluster.local';
    const r = await explain(PRODUCTPAGE, '--log', istioLine({ code: 503, flags: 'UO', details: 'upstream_reset_before_response_started{overflow}', authority: 'reviews:9080', cluster, to: '10.96.0.20:9080' }));
    const [g] = r.groups;
    expect(g?.cause).toBe(`UO: cluster "${cluster}" reached a circuit-breaker limit`);
    const content = fs.readFileSync(path.join(ROOT, PRODUCTPAGE), 'utf8');
    const start = content.indexOf(`"name": "${cluster}"`);
    // This cluster writes max_retries only: the number is cited, the other limits are Envoy's defaults.
    const limit = content.indexOf('"max_retries": ', start);
    const before = content.slice(0, limit).split('\n');
    const written = g?.steps.find((s) => s.text.startsWith('max_retries'));
    expect(written?.text).toBe('max_retries = 1024');
    expect(written?.location).toBe(`${PRODUCTPAGE}:${before.length}:${(before[before.length - 1] ?? '').length + 16}`);
    expect(g?.steps.map((s) => s.text)).toContain("max_connections: not written, Envoy's default 1024 applies");
  });

  it("UT: the route's timeout in force", async () => {
    const r = await explain(PRODUCTPAGE, '--log', istioLine({ code: 504, flags: 'UT', details: 'upstream_response_timeout', authority: 'details:9080', cluster: 'outbound|9080||details.default.svc.cluster.local', to: '10.96.0.20:9080' }));
    const [g] = r.groups;
    expect(g?.verdict).toBe('explained');
    expect(g?.steps.some((s) => /^route timeout 0s \(disabled/.test(s.text) || /^the route sets no timeout/.test(s.text))).toBe(true);
  });

  it('UF with a TLS failure reason: the cluster, the reason, and what a dump cannot know', async () => {
    const r = await explain(PRODUCTPAGE, '--log', istioLine({ code: 503, flags: 'UF', details: 'upstream_reset_before_response_started{connection_failure}', failure: 'TLS_error:|268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED', authority: 'details:9080', cluster: 'outbound|9080||details.default.svc.cluster.local', to: '10.96.0.20:9080' }));
    const [g] = r.groups;
    expect(g?.verdict).toBe('partly');
    expect(g?.cause).toContain('CERTIFICATE_VERIFY_FAILED');
    expect(g?.steps.map((s) => s.text).join('\n')).toMatch(/TLS mismatch[\s\S]*what a dump cannot show/);
    expect(g?.steps.find((s) => s.text.startsWith('cluster outbound|9080||details'))?.location).toBe(textAt(PRODUCTPAGE, '"name": "outbound|9080||details.default.svc.cluster.local"', 8));
    // The 2019 dump's v2 tls_context (Istio mTLS), and its connect_timeout, each at its place.
    const content = fs.readFileSync(path.join(ROOT, PRODUCTPAGE), 'utf8');
    const start = content.indexOf('"name": "outbound|9080||details.default.svc.cluster.local"');
    const tls = g?.steps.find((s) => s.text.startsWith('the cluster speaks TLS'));
    expect(tls?.text).toBe('the cluster speaks TLS to its hosts, SNI outbound_.9080_._.details.default.svc.cluster.local: a host that does not terminate TLS, or presents a certificate the validation context refuses, fails the handshake');
    const tlsAt = content.indexOf('"tls_context": {', start) + 15;
    const tlsBefore = content.slice(0, tlsAt).split('\n');
    expect(tls?.location).toBe(`${PRODUCTPAGE}:${tlsBefore.length}:${(tlsBefore[tlsBefore.length - 1] ?? '').length + 1}`);
    expect(g?.steps.map((s) => s.text)).toContainEqual(expect.stringMatching(/^connect_timeout \d+(\.\d+)?s: /));
  });

  it("URX: the route's retry policy as written, at its place", async () => {
    const cluster = 'outbound|9080||details.default.svc.cluster.local';
    const r = await explain(PRODUCTPAGE, '--log', istioLine({ code: 503, flags: 'URX', details: 'upstream_reset_before_response_started{connection_failure}', authority: 'details:9080', cluster, to: '10.96.0.20:9080' }));
    const step = r.groups[0]?.steps.find((s) => s.text.startsWith("the route's retry_policy"));
    expect(step?.text).toBe("the route's retry_policy: retry_on connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,retriable-status-codes, num_retries 2: every try failed");
    // The details route's retry_policy object: the first one after the details virtual host's name.
    const content = fs.readFileSync(path.join(ROOT, PRODUCTPAGE), 'utf8');
    const vh = content.indexOf('"name": "details.default.svc.cluster.local:9080"');
    const at = content.indexOf('"retry_policy": {', content.indexOf(`"cluster": "${cluster}"`, vh));
    const before = content.slice(0, at + 16).split('\n');
    expect(step?.location).toBe(`${PRODUCTPAGE}:${before.length}:${(before[before.length - 1] ?? '').length + 1}`);
  });

  it('PassthroughCluster: a port with no service goes out unmanaged (ALLOW_ANY)', async () => {
    const r = await explain(PRODUCTPAGE, '--log', istioLine({ code: 200, flags: '-', authority: 'example.org:7777', cluster: 'PassthroughCluster', to: '93.184.216.34:7777' }));
    const [g] = r.groups;
    expect(g?.verdict).toBe('explained');
    expect(g?.cause).toContain('ALLOW_ANY');
  });

  it('BlackHoleCluster: with REGISTRY_ONLY (the example with its fallbacks pointed at BlackHoleCluster), for HTTP and TCP', async () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'test-output', 'explain-'));
    const file = path.join(dir, 'registry-only.json');
    const example = fs.readFileSync(path.join(ROOT, EXAMPLE), 'utf8');
    fs.writeFileSync(file, example.replace('"cluster": "PassthroughCluster"', '"cluster": "BlackHoleCluster"').replace('"cluster": "PassthroughCluster",', '"cluster": "BlackHoleCluster",'));
    const http = istioLine({ code: 502, flags: '-', authority: 'example.org:9080', cluster: 'BlackHoleCluster', to: '93.184.216.34:9080' });
    const tcp = '[2026-11-30T10:02:11.512Z] "- - -" 0 - - - "-" 0 0 0 - "-" "-" "-" "-" "-" BlackHoleCluster - 93.184.216.34:7777 10.244.0.12:51234 - -';
    fs.writeFileSync(path.join(dir, 'access.log'), `${http}\n${tcp}\n`);
    const r = await explain(file, '--log-file', path.join(dir, 'access.log'));
    expect(r.groups).toHaveLength(1);
    expect(r.groups[0]).toMatchObject({ count: 2, verdict: 'explained' });
    expect(r.groups[0]?.cause).toContain('REGISTRY_ONLY');
  });

  it("NR filter_chain_not_found on the inbound side (the line's address is the proxy's own, from its node id)", async () => {
    const line = '[2026-11-30T10:02:11.512Z] "- - -" 0 NR filter_chain_not_found - "-" 0 0 0 - "-" "-" "-" "-" "-" - - 10.0.0.5:7777 10.244.0.9:40000 - -';
    const r = await explain(EXAMPLE, '--log', line);
    const [g] = r.groups;
    expect(g?.verdict).toBe('explained');
    expect(g?.cause).toMatch(/^NR: no filter chain matches 10\.0\.0\.5:7777/);
    expect(g?.steps.map((s) => s.text)).toContainEqual(expect.stringMatching(/^nearest: listener virtualInbound, filter chain 0: destination_port: needs 9080/));
    expect(r.code).toBe(0);
  });

  it("Envoy's default format (no %DOWNSTREAM_LOCAL_ADDRESS%) and a JSON log line, on the real dump", async () => {
    const envoy = '[2026-11-30T10:02:11.512Z] "GET /x HTTP/1.1" 404 NR 0 0 0 - "-" "curl/8.5" "5e1" "nosuch:9080" "-"';
    const fromEnvoy = await explain(PRODUCTPAGE, '--log', envoy);
    expect(fromEnvoy.groups[0]?.cause).toMatch(/^NR: no domain of the 4 virtual host\(s\) matches "nosuch:9080"/);
    expect(fromEnvoy.groups[0]?.assumptions).toEqual(['the line has no %DOWNSTREAM_LOCAL_ADDRESS%: assumed a connection to port 9080 (from the authority), any address']);
    const json = JSON.stringify({ start_time: '2026-11-30T10:02:11.512Z', method: 'GET', path: '/reviews/1', protocol: 'HTTP/1.1', response_code: 503, response_flags: 'UO', authority: 'reviews:9080', upstream_cluster: 'outbound|9080||reviews.default.svc.cluster.local', downstream_local_address: '10.96.0.20:9080' });
    const fromJson = await explain(PRODUCTPAGE, '--log', json);
    expect(fromJson.groups[0]?.cause).toBe('UO: cluster "outbound|9080||reviews.default.svc.cluster.local" reached a circuit-breaker limit');
  });

  it('a line the dump does not produce is a contradiction, exit 1: the configuration changed since', async () => {
    const r = await explain(PRODUCTPAGE, '--log', istioLine({ code: 503, flags: 'NC', authority: 'details:9080', to: '10.96.0.20:9080' }));
    expect(r.code).toBe(1);
    expect(r.groups[0]?.verdict).toBe('contradicts');
    expect(r.groups[0]?.steps.map((s) => s.text)).toContain('the configuration has probably changed since the line was written (or the line is not the request it seems)');
  });

  it('groups many lines by cause and counts what it skipped', async () => {
    const nr = istioLine({ code: 404, flags: 'NR', authority: 'nosuch:9080', to: '10.96.0.20:9080' });
    const lines = [...Array.from({ length: 50 }, () => nr), 'istio-agent: info connected', ...Array.from({ length: 3 }, () => istioLine({ code: 503, flags: 'NC', authority: 'details:9080', to: '10.96.0.20:9080' }))];
    const file = path.join(fs.mkdtempSync(path.join(ROOT, 'test-output', 'explain-')), 'access.log');
    fs.writeFileSync(file, lines.join('\n'));
    const r = await explain(PRODUCTPAGE, '--log-file', file);
    expect(r.groups.map((g) => [g.flags[0], g.count])).toEqual([['NR', 50], ['NC', 3]]);
    expect(r.groups[1]?.lines).toEqual([52, 53, 54]);
    expect(r.skipped.count).toBe(1);
  });

  it('--flag without a log line', async () => {
    const r = await explain(PRODUCTPAGE, '--flag', 'NR', '--to', '10.96.0.20:9080', '--host', 'nosuch:9080', '--path', '/x');
    expect(r.groups[0]?.verdict).toBe('explained');
    expect(r.groups[0]?.cause).toContain('"nosuch:9080"');
  });

  it('says which fields it needs when no line can be read, exit 2', async () => {
    const r = await explain(PRODUCTPAGE, '--log', 'GET /x 503');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^envoy-lint explain: no access-log line could be read .*--format-string .*%RESPONSE_FLAGS%/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--format markdown: one section per cause, steps and findings as tables with their places', async () => {
    const stdout = new Sink();
    const line = istioLine({ code: 404, flags: 'NR', authority: 'foo:8080', to: '10.96.0.30:8080' });
    const code = await main(['explain', EXAMPLE, '--log', line, '--format', 'markdown'], { stdout, stderr: new Sink(), env: {}, cwd: ROOT });
    expect(code).toBe(0);
    const md = stdout.text.split('\n');
    expect(md[0]).toBe('## envoy-lint explain: 1 log line, 1 cause');
    expect(md).toContain('### NR: route configuration "8080" is missing');
    expect(md).toContain('| Step | Where |');
    const at = textAt(EXAMPLE, '"route_config_name": "8080"', 21);
    // The cell is literal Markdown: the `_` of config_dump.json escaped.
    expect(md.find((l) => l.startsWith('| dangling-route-config | error |'))).toContain(`| ${at.replace(/_/g, '\\_')} |`);
  });

  it('a log file that is missing, a directory or binary is one line, exit 2', async () => {
    for (const [file, why] of [['fixtures/nope.log', /nope\.log: no such file/], ['fixtures', /fixtures: is a directory/], ['fixtures/bad/garbage.bin', /garbage\.bin: binary data, not a log/]] as const) {
      const r = await explain(PRODUCTPAGE, '--log-file', file);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(why);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it('a custom --format-string', async () => {
    const r = await explain(PRODUCTPAGE, '--format-string', '%RESPONSE_CODE% %RESPONSE_FLAGS% %REQ(:AUTHORITY)% %REQ(:PATH)% %DOWNSTREAM_LOCAL_ADDRESS%', '--log', '404 NR nosuch:9080 /x 10.96.0.20:9080');
    expect(r.groups[0]?.cause).toContain('"nosuch:9080"');
  });
});
