// Every real dump from ../shared/fixtures-real/dumps (copied to fixtures/real, see SOURCES.md) loads; the two broken
// ones fail with a located error. Expected counts and findings were written by reading the files.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintInputs } from '../../src/pipeline/lint.js';
import { loadProxies } from '../../src/pipeline/proxies.js';

const real = (name: string): string => path.resolve(__dirname, '../../fixtures/real', name);

interface Expectation {
  kind: 'config_dump' | 'istioctl' | 'bootstrap';
  listeners: number;
  routeConfigs: number;
  clusters: number;
  endpoints: number;
}

// Route config counts include inline route_config blocks inside listeners.
const VALID: Record<string, Expectation> = {
  'istioctl_cmd_istioctl_testdata_auth_productpage_config_dump.json': { kind: 'config_dump', listeners: 40, routeConfigs: 16 + 2, clusters: 58, endpoints: 0 },
  'istioctl_pkg_describe_testdata_describe_http_config.json': { kind: 'config_dump', listeners: 0, routeConfigs: 1, clusters: 1, endpoints: 0 },
  'istioctl_pkg_proxyconfig_testdata_config_dump.json': { kind: 'config_dump', listeners: 2, routeConfigs: 1 + 4, clusters: 3, endpoints: 2 },
  'istioctl_pkg_writer_compare_testdata_configdump.json': { kind: 'config_dump', listeners: 3, routeConfigs: 1 + 2, clusters: 1, endpoints: 0 },
  'istioctl_pkg_writer_compare_testdata_envoyconfigdump.json': { kind: 'config_dump', listeners: 2, routeConfigs: 2 + 1, clusters: 2, endpoints: 0 },
  'istioctl_pkg_writer_envoy_configdump_testdata_ecds_configdump.json': { kind: 'config_dump', listeners: 0, routeConfigs: 0, clusters: 0, endpoints: 0 },
  'istioctl_pkg_writer_envoy_configdump_testdata_endpoint_configdump.json': { kind: 'config_dump', listeners: 0, routeConfigs: 0, clusters: 0, endpoints: 37 },
  'istioctl_pkg_writer_envoy_configdump_testdata_endpoint_emptyfilter_output.json': { kind: 'istioctl', listeners: 0, routeConfigs: 0, clusters: 0, endpoints: 32 },
  'istioctl_pkg_writer_envoy_configdump_testdata_routes_empty-gateway_configdump.json': { kind: 'config_dump', listeners: 0, routeConfigs: 2, clusters: 0, endpoints: 0 },
  'istioctl_pkg_writer_envoy_configdump_testdata_routes_istio-gateway-http-route-prefix_configdump.json': { kind: 'config_dump', listeners: 0, routeConfigs: 3, clusters: 0, endpoints: 0 },
  'istioctl_pkg_writer_envoy_configdump_testdata_routes_k8s-gateway-http-route-path-prefix_configdump.json': { kind: 'config_dump', listeners: 0, routeConfigs: 3, clusters: 0, endpoints: 0 },
  'istioctl_pkg_writer_envoy_configdump_testdata_secret_istio_config_dump.json': { kind: 'config_dump', listeners: 0, routeConfigs: 0, clusters: 0, endpoints: 0 },
  'pilot_pkg_proxy_envoy_configdump_testdata_configdump.json': { kind: 'config_dump', listeners: 1, routeConfigs: 1 + 1, clusters: 2, endpoints: 0 },
  'pkg_bootstrap_testdata_default_golden.json': { kind: 'bootstrap', listeners: 2, routeConfigs: 2, clusters: 4, endpoints: 0 },
  'istioctl_pkg_authz_testdata_configdump.yaml': { kind: 'config_dump', listeners: 29, routeConfigs: 8, clusters: 0, endpoints: 0 },
};

describe('real dumps load', () => {
  for (const [file, expected] of Object.entries(VALID)) {
    it(file, () => {
      const { inputs, errors, graph } = loadProxies([real(file)]);
      expect(errors.map((e) => e.oneLine())).toEqual([]);
      expect(inputs[0]?.kind).toBe(expected.kind);
      expect({
        listeners: graph.listeners.length,
        routeConfigs: graph.routeConfigs.length,
        clusters: graph.clusters.length,
        endpoints: graph.endpoints.length,
      }).toEqual({ listeners: expected.listeners, routeConfigs: expected.routeConfigs, clusters: expected.clusters, endpoints: expected.endpoints });
    });
  }

  it('reads the 2018 camelCase dump keyed by section name (configs as an object)', () => {
    const { graph } = loadProxies([real('pilot_pkg_proxy_envoy_configdump_testdata_configdump.json')]);
    const listener = graph.listeners[0];
    expect(listener?.name).toBe('0.0.0.0_8080');
    expect(listener?.port).toBe(8080);
    // its HCM is the deprecated `config` Struct form of envoy.http_connection_manager, with an inline route_config
    const inline = listener?.filterChains[0]?.httpConnectionManager?.inlineRouteConfig;
    expect(inline).toBe('8080');
    expect(graph.routeConfigs.find((r) => r.name === inline && r.state === 'inline')?.virtualHosts.length).toBeGreaterThan(0);
  });

  it('reads v2alpha dynamic_active_listeners with their RDS names', () => {
    const { graph } = loadProxies([real('istioctl_cmd_istioctl_testdata_auth_productpage_config_dump.json')]);
    const rdsNames = new Set(graph.references.filter((r) => r.targetKind === 'route_config').map((r) => r.name));
    expect(rdsNames.has('9080')).toBe(true);
    expect(graph.listeners.find((l) => l.name === 'virtual')?.useOriginalDst).toBe(true);
  });
});

describe('broken real files fail with a located one-line error', () => {
  it('Go-struct JSON (none_lds_http.json) stops at line 222, column 53', () => {
    const { errors } = loadProxies([real('pilot_pkg_xds_testdata_none_lds_http.json')]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(222);
    expect(errors[0]?.column).toBe(53);
    expect(errors[0]?.oneLine()).not.toContain('\n');
  });

  it('a Go template (envoy_bootstrap.json) stops at line 4, column 1', () => {
    const { errors } = loadProxies([real('tools_packaging_common_envoy_bootstrap.json')]);
    expect(errors[0]?.oneLine()).toMatch(/envoy_bootstrap\.json:4:1: invalid JSON/);
  });
});

describe('findings on the real dumps', () => {
  it('the complete 2019 productpage dump has no dangling references', () => {
    const { report } = lintInputs([real('istioctl_cmd_istioctl_testdata_auth_productpage_config_dump.json')]);
    expect(report.findings.filter((f) => f.ruleId.startsWith('dangling'))).toEqual([]);
  });

  it('the trimmed describe dump routes to outbound|9080||productpage, which its one cluster (the v1 subset) is not', () => {
    const { report } = lintInputs([real('istioctl_pkg_describe_testdata_describe_http_config.json')]);
    const dangling = report.findings.filter((f) => f.ruleId === 'dangling-cluster');
    expect(dangling.map((f) => f.resource.name)).toEqual(Array(5).fill('outbound|9080||productpage.default.svc.cluster.local'));
    expect(dangling.map((f) => f.location.line)).toEqual([24, 58, 92, 126, 160]);
  });

  it('a routes-only dump says once that clusters were absent instead of calling every reference dangling', () => {
    const { report } = lintInputs([real('istioctl_pkg_writer_envoy_configdump_testdata_routes_istio-gateway-http-route-prefix_configdump.json')]);
    expect(report.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['dangling-cluster info']);
  });

  it('a listeners-only dump says once that routes were absent', () => {
    const { report } = lintInputs([real('istioctl_pkg_authz_testdata_configdump.yaml')]);
    expect(report.findings.filter((f) => f.ruleId === 'dangling-route-config').map((f) => f.severity)).toEqual(['info']);
  });
});
