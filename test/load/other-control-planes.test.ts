// Dumps of control planes other than Istio (fixtures/real-others/, see SOURCES.md there) read, judged and worded right.
// Expected findings were written by reading the files, not by running envoy-lint.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planProxies } from '../../src/fleet/plan.js';
import { displayName } from '../../src/load/input.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import type { Report } from '../../src/engine/report.js';

const ROOT = path.resolve(__dirname, '../..');
const OTHERS = path.join(ROOT, 'fixtures/real-others');
const other = (name: string): string => path.join(OTHERS, name);

interface Expected {
  /** Proxy name (basename for a whole-file proxy), control plane id and Envoy version. */
  proxies: string[];
  /** `proxy ruleId severity line:column kind:name`, all rules. */
  findings: string[];
}

const EG = 'envoyproxy_gateway_internal_cmd_egctl_testdata_';
const OSM = 'openservicemesh_osm_pkg_cli_verifier_testdata_';
const BOOKSTORE = `${OSM}sample-envoy-config-dump-bookstore.json`;

const EXPECTED: Record<string, Expected> = {
  // Envoy Gateway writes no route timeout unless the HTTPRoute sets one: the 15 s default applies (info); nor circuit
  // breakers unless a BackendTrafficPolicy does: Envoy's 1024 limits apply (info). OSM likewise.
  [`${EG}config_in_in.all.json`]: {
    proxies: [`${EG}config_in_in.all.json envoy-gateway 1.26.0`],
    // Its SDS secrets carry Envoy Gateway's 2023 xDS certificate and CA, valid until 2024-02-18 (read from the PEM).
    findings: [
      `${EG}config_in_in.all.json circuit-breaker-limits info 2065:33 cluster:default-backend-rule-0-match-0-www.example.com`,
      `${EG}config_in_in.all.json route-timeout-default info 2213:50 route:route config default-eg-http, virtual host default-eg-http, route 0`,
      `${EG}config_in_in.all.json certificate-expiry error 2236:49 secret:xds_certificate`,
      `${EG}config_in_in.all.json certificate-expiry error 2252:49 secret:xds_trusted_ca`,
    ],
  },
  // The same dump as `egctl config envoy-proxy all -o json` prints it: one proxy, default/eg.
  [`${EG}config_out_out.all.json`]: {
    proxies: ['default/eg envoy-gateway 1.26.0'],
    findings: [
      'default/eg circuit-breaker-limits info 2023:25 cluster:default-backend-rule-0-match-0-www.example.com',
      'default/eg route-timeout-default info 2215:34 route:route config default-eg-http, virtual host default-eg-http, route 0',
      'default/eg certificate-expiry error 2238:36 secret:xds_certificate',
      'default/eg certificate-expiry error 2262:36 secret:xds_trusted_ca',
    ],
  },
  // Two proxies of one file, each only a RoutesConfigDump: their route clusters cannot be checked, which they say once each.
  [`${EG}translate_out_multiple-xds.route.json`]: {
    proxies: ['default/eg envoy-gateway -', 'default/eg2 envoy-gateway -'],
    findings: [
      'default/eg dangling-cluster info 3:19 input:-',
      'default/eg route-timeout-default info 50:30 route:route config default/eg/http, virtual host default/eg/http/www_example_com, route "httproute/default/backend/rule/0/match/0/www_example_com"',
      'default/eg2 dangling-cluster info 66:20 input:-',
      'default/eg2 route-timeout-default info 113:30 route:route config default/eg2/http, virtual host default/eg2/http/www_example2_com, route "httproute/default/backend/rule/0/match/0/www_example2_com"',
    ],
  },
  'kumahq_kuma_pkg_envoy_admin_testdata_full_config.json': { proxies: ['kumahq_kuma_pkg_envoy_admin_testdata_full_config.json kuma 1.19.0'], findings: [] },
  // One of its SDS secrets holds a one-day certificate of 2022-04-15 (the others run to 2032).
  [`${OSM}curl_permissive.json`]: { proxies: [`${OSM}curl_permissive.json osm 1.19.3`], findings: [`${OSM}curl_permissive.json certificate-expiry error 1442:25 secret:service-cert:curl/curl`] },
  [`${OSM}sample-envoy-config-dump-bookbuyer.json`]: {
    proxies: [`${OSM}sample-envoy-config-dump-bookbuyer.json osm 1.18.3`],
    findings: [`${OSM}sample-envoy-config-dump-bookbuyer.json circuit-breaker-limits info 208:15 cluster:bookstore/bookstore`, `${OSM}sample-envoy-config-dump-bookbuyer.json route-timeout-default info 468:20 route:route config rds-outbound, virtual host outbound_virtual-host|bookstore.bookstore, route 0`],
  },
  // Two weighted clusters name clusters the dump lacks; the unnamed load assignment (908) is bookwarehouse's, so no
  // endpoint warning.
  [BOOKSTORE]: {
    proxies: [`${BOOKSTORE} osm 1.18.3`],
    findings: [
      `${BOOKSTORE} circuit-breaker-limits info 453:15 cluster:liveness_cluster`,
      `${BOOKSTORE} route-timeout-default info 1657:27 route:route config (inline route config in listener inbound-prometheus-listener, filter chain 0), virtual host prometheus-inbound-virtual-host, route 0`,
      `${BOOKSTORE} route-timeout-default info 1862:20 route:route config rds-outbound, virtual host outbound_virtual-host|bookstore.bookstore.svc.cluster.local, route 0`,
      `${BOOKSTORE} dangling-cluster error 1866:23 cluster:bookstore/bookstore-v1`,
      `${BOOKSTORE} dangling-cluster error 1870:23 cluster:bookstore/bookstore-v2`,
      `${BOOKSTORE} route-timeout-default info 1965:20 route:route config rds-inbound, virtual host inbound_virtual-host|bookstore-v1.bookstore.svc.cluster.local, route 0`,
    ],
  },
};

function proxiesOf(report: Report): string[] {
  return report.proxies.map((p) => `${path.isAbsolute(p.name) ? path.basename(p.name) : p.name} ${p.controlPlane.id} ${p.envoyVersion ?? '-'}`);
}

function findingsOf(report: Report): string[] {
  return report.findings.map((f) => {
    const proxy = f.proxy !== undefined && path.isAbsolute(f.proxy) ? path.basename(f.proxy) : (f.proxy ?? '');
    const name = f.resource.kind === 'input' ? '-' : f.resource.name;
    return `${proxy} ${f.ruleId} ${f.severity} ${f.location.line}:${f.location.column} ${f.resource.kind}:${name}`;
  });
}

describe('real dumps of other control planes', () => {
  it('every file in fixtures/real-others has an expectation', () => {
    expect(fs.readdirSync(OTHERS).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(file, () => {
      const { report, errors } = lintInputs([other(file)]);
      expect(errors.map((e) => e.oneLine())).toEqual([]);
      expect(report.inputs.map((i) => i.status)).toEqual(['ok']);
      expect(proxiesOf(report)).toEqual(expected.proxies);
      expect(findingsOf(report)).toEqual(expected.findings);
    });
  }

  it('the egctl-wrapped dump reads as the same proxy as the plain one, positions in the wrapped file', () => {
    const plain = lintInputs([other(`${EG}config_in_in.all.json`)]);
    const wrapped = lintInputs([other(`${EG}config_out_out.all.json`)]);
    const count = (r: typeof plain) => r.proxies.map((p) => [p.graph.listeners.length, p.graph.routeConfigs.length, p.graph.clusters.length, p.graph.endpoints.length]);
    expect(count(wrapped)).toEqual(count(plain));
    expect(wrapped.report.inputs[0]?.kind).toBe('egctl');
  });

  it('advice names the control plane\'s own tools, never istioctl on another proxy', () => {
    const { report } = lintInputs([other(BOOKSTORE)]);
    for (const f of report.findings) expect(f.message).not.toMatch(/istio/i);
    const dangling = (r: Report) => r.findings.filter((f) => f.ruleId === 'dangling-cluster');
    expect(dangling(report)[0]?.message).toContain('osm-controller');
    const eg = lintInputs([other(`${EG}translate_out_multiple-xds.route.json`)]).report;
    expect(dangling(eg)[0]?.message).toContain('egctl config envoy-proxy cluster');
  });
});

describe('egctl maps (minimal cases)', () => {
  it('a YAML map holds one proxy per pod, each linted alone, findings located in the YAML and named by proxy', () => {
    const file = path.join(ROOT, 'fixtures/egctl/two-proxies.yaml');
    const { report } = lintInputs([file]);
    expect(report.proxies.map((p) => `${p.name} ${p.controlPlane.id}`)).toEqual(['default/eg-6d8b7c9f4-abcde envoy-gateway', 'default/eg2-5f7d9c8b6-fghij envoy-gateway']);
    const expected = fs.readFileSync(path.join(ROOT, 'fixtures/egctl/two-proxies.expected'), 'utf8').trim().split('\n');
    expect(report.findings.map((f) => `${path.basename(f.location.file)}:${f.location.line}:${f.location.column} ${f.severity} ${f.ruleId}/${f.messageId} ${f.resource.kind}:${f.resource.name} ${f.proxy ?? ''}`).sort()).toEqual(expected.sort());
  });

  it('a directory of egctl files is one proxy per leaf, never one merged proxy', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-egctl-'));
    for (const name of [`${EG}config_out_out.all.json`, `${EG}translate_out_multiple-xds.route.json`]) fs.copyFileSync(other(name), path.join(dir, name));
    fs.copyFileSync(path.join(ROOT, 'fixtures/egctl/two-proxies.yaml'), path.join(dir, 'two-proxies.yaml'));
    const plan = planProxies([dir]);
    expect(plan.proxies.map((p) => p.files.map((f) => path.basename(displayName(f))))).toEqual([[`${EG}config_out_out.all.json`], [`${EG}translate_out_multiple-xds.route.json`], ['two-proxies.yaml']]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('near misses name what they are', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['stats.json', { stats: [{ name: 'server.live', value: 1 }] }, /admin \/stats\?format=json output/],
    ['snapshot.json', { 'gloo-system~gateway-proxy': { Resources: [{ Version: '1', Items: {} }] } }, /xDS snapshot .* pass the proxy's own \/config_dump/],
  ];
  for (const [name, data, message] of cases) {
    it(name, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-near-'));
      const file = path.join(dir, name);
      fs.writeFileSync(file, JSON.stringify(data, null, 2));
      const { errors, report } = lintInputs([file]);
      expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(message)]);
      expect(report.inputs.map((i) => i.status)).toEqual(['error']);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }
});

describe("the admin endpoint's run-time outputs are inputs, read beside a dump", () => {
  const cases: Array<[string, unknown]> = [
    ['clusters.json', { cluster_statuses: [{ name: 'backend', host_statuses: [] }] }],
    ['certs.json', { certificates: [{ ca_cert: [], cert_chain: [] }] }],
    ['server_info.json', { version: 'abc/1.31.2/Clean/RELEASE/BoringSSL', state: 'LIVE', hot_restart_version: '11.104', command_line_options: {} }],
  ];
  for (const [name, data] of cases) {
    it(name, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-admin-'));
      const file = path.join(dir, name);
      fs.writeFileSync(file, JSON.stringify(data, null, 2));
      const { errors, report, proxies } = lintInputs([other(BOOKSTORE), file]);
      expect(errors).toEqual([]);
      expect(report.inputs.map((i) => i.kind)).toEqual(['config_dump', 'admin']);
      expect(proxies).toHaveLength(1);
      expect(Object.keys(proxies[0]?.target.runtime?.files ?? {})).toEqual([name.replace('.json', '').replace('server_info', 'server_info')]);
      fs.rmSync(dir, { recursive: true, force: true });
    });
  }

  it("server_info's Envoy version is the proxy's when the bootstrap does not say it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-admin-'));
    const file = path.join(dir, 'server_info.json');
    fs.writeFileSync(file, JSON.stringify({ version: 'abc/1.31.2/Clean/RELEASE/BoringSSL', state: 'LIVE', command_line_options: {} }));
    const dump = path.join(dir, 'config_dump.json');
    fs.writeFileSync(dump, JSON.stringify({ configs: [{ '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', static_clusters: [{ cluster: { name: 'a', type: 'STATIC', connect_timeout: '1s' } }] }] }));
    expect(lintInputs([dump, file]).report.proxies[0]?.envoyVersion).toBe('1.31.2');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('--control-plane', () => {
  it('overrides detection: the Istio-only rules run on an OSM dump when told it is Istio', () => {
    const detected = lintInputs([other(BOOKSTORE)]).report;
    expect(detected.proxies[0]?.controlPlane).toEqual({ id: 'osm', name: 'Open Service Mesh', detectedBy: 'node id <uuid>.sidecar.…' });
    const forced = lintInputs([other(BOOKSTORE)], { controlPlane: 'istio' }).report;
    expect(forced.proxies[0]?.controlPlane).toMatchObject({ id: 'istio', detectedBy: '--control-plane' });
    expect(forced.findings.find((f) => f.ruleId === 'dangling-cluster')?.message).toContain('istiod');
  });
});
