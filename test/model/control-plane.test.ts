// Control-plane detection from what a dump says about itself. Each case is the smallest bootstrap (or partial dump)
// carrying one control plane's documented fingerprint (see README "Control planes" for the sources); the decoys are
// names that look specific but are shared.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProxies } from '../../src/pipeline/proxies.js';

const T = 'type.googleapis.com/';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-cp-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function detect(configs: unknown[]): { id: string; role?: string; detectedBy: string } {
  const file = path.join(dir, `dump-${n++}.json`);
  fs.writeFileSync(file, JSON.stringify({ configs }, null, 2));
  const { proxies, errors } = loadProxies([file]);
  expect(errors.map((e) => e.oneLine())).toEqual([]);
  const { id, role, detectedBy } = proxies[0].target.controlPlane;
  return { id, ...(role ? { role } : {}), detectedBy };
}

const cluster = (name: string, address = '127.0.0.1', port = 1) => ({
  name,
  type: 'STATIC',
  connect_timeout: '1s',
  load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address, port_value: port } } } }] }] },
});
const ads = (clusterName: string) => ({ ads_config: { api_type: 'GRPC', transport_api_version: 'V3', grpc_services: [{ envoy_grpc: { cluster_name: clusterName } }] } });
function bootstrap(node: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { '@type': `${T}envoy.admin.v3.BootstrapConfigDump`, bootstrap: { node, ...extra } };
}
const clusters = (names: string[]) => ({ '@type': `${T}envoy.admin.v3.ClustersConfigDump`, static_clusters: names.map((name) => ({ cluster: { '@type': `${T}envoy.config.cluster.v3.Cluster`, ...cluster(name) } })) });
const listeners = (names: string[]) => ({
  '@type': `${T}envoy.admin.v3.ListenersConfigDump`,
  dynamic_listeners: names.map((name, i) => ({ name, active_state: { listener: { '@type': `${T}envoy.config.listener.v3.Listener`, name, address: { socket_address: { address: '0.0.0.0', port_value: 10000 + i } } } } })),
});

describe('control plane detection', () => {
  it('Istio: the node id tells sidecar, gateway and waypoint apart', () => {
    expect(detect([bootstrap({ id: 'sidecar~10.0.0.1~app-6d9f.default~default.svc.cluster.local' })])).toEqual({ id: 'istio', role: 'sidecar', detectedBy: 'node id sidecar~…' });
    expect(detect([bootstrap({ id: 'router~10.0.0.2~istio-ingressgateway-5c.istio-system~istio-system.svc.cluster.local' })])).toMatchObject({ id: 'istio', role: 'gateway' });
    expect(detect([bootstrap({ id: 'waypoint~10.0.0.3~waypoint-7b.default~default.svc.cluster.local' })])).toMatchObject({ id: 'istio', role: 'waypoint' });
  });

  it('Istio without a bootstrap: its cluster and listener names, and the kind of proxy they belong to', () => {
    expect(detect([listeners(['virtualOutbound', 'virtualInbound'])])).toMatchObject({ id: 'istio', role: 'sidecar', detectedBy: 'listener virtualOutbound' });
    expect(detect([clusters(['inbound-vip|9080|http|details.default.svc.cluster.local'])])).toMatchObject({ id: 'istio', role: 'waypoint' });
  });

  it('Envoy Gateway: its xDS server, or its ready listener (xds_cluster alone is not enough)', () => {
    const node = { cluster: 'default', user_agent_name: 'envoy' };
    const eg = { dynamic_resources: ads('xds_cluster'), static_resources: { clusters: [cluster('xds_cluster', 'envoy-gateway.envoy-gateway-system.svc.cluster.local', 18000)] } };
    expect(detect([bootstrap(node, eg)])).toEqual({ id: 'envoy-gateway', detectedBy: 'xDS from envoy-gateway.envoy-gateway-system.svc.cluster.local:18000' });
    expect(detect([bootstrap(node), listeners(['envoy-gateway-proxy-ready-0.0.0.0-19001'])])).toMatchObject({ id: 'envoy-gateway' });
    const other = { dynamic_resources: ads('xds_cluster'), static_resources: { clusters: [cluster('xds_cluster', 'my-control-plane.example', 18000)] } };
    expect(detect([bootstrap(node, other)])).toEqual({ id: 'unknown', detectedBy: 'xDS from cluster xds_cluster: a control plane envoy-lint does not know' });
  });

  it('Consul: .consul cluster names, or xDS from the local agent', () => {
    expect(detect([bootstrap({ id: 'web-sidecar-proxy' }, { dynamic_resources: ads('local_agent') })])).toMatchObject({ id: 'consul', detectedBy: 'xDS from cluster local_agent' });
    expect(detect([clusters(['backend.default.dc1.internal.11111111-2222-3333-4444-555555555555.consul'])])).toMatchObject({ id: 'consul' });
  });

  it('OSM, Kuma, Contour', () => {
    expect(detect([bootstrap({ id: '38cf2479-bfea-4c1e-a961-f8f8e2b2e8cb.sidecar.bookbuyer.bookbuyer.cluster.local' })])).toMatchObject({ id: 'osm' });
    expect(detect([bootstrap({ id: 'default.backend-1', metadata: { 'dataplane.proxyType': 'dataplane' } })])).toMatchObject({ id: 'kuma', detectedBy: 'node metadata dataplane.*' });
    expect(detect([bootstrap({ id: 'envoy-xyz' }, { dynamic_resources: ads('contour') })])).toMatchObject({ id: 'contour' });
  });

  it('Gloo Edge and kgateway: the role the xDS cache is keyed by', () => {
    expect(detect([bootstrap({ id: 'gateway-proxy-6f.gloo-system', cluster: 'gateway', metadata: { role: 'gloo-system~gateway-proxy' } })])).toEqual({ id: 'gloo', detectedBy: 'node metadata role gloo-system~gateway-proxy' });
    expect(detect([bootstrap({ id: 'http-7c.default', metadata: { role: 'kgateway-kube-gateway-api~default~http' } }, { dynamic_resources: ads('xds_cluster') })])).toMatchObject({ id: 'gloo' });
  });

  it('Traffic Director: the xDS target, even when the config is Istio-shaped', () => {
    const td = { dynamic_resources: { ads_config: { api_type: 'GRPC', grpc_services: [{ google_grpc: { target_uri: 'trafficdirector.googleapis.com:443', stat_prefix: 'trafficdirector' } }] } } };
    expect(detect([bootstrap({ id: 'projects/123/networks/default/nodes/abc' }, td), clusters(['outbound|80||web.default.svc.cluster.local'])])).toEqual({ id: 'traffic-director', detectedBy: 'xDS from trafficdirector.googleapis.com:443' });
  });

  it('a static Envoy and an unknown xDS server are plain Envoy, and say which', () => {
    expect(detect([bootstrap({ id: 'edge-1' }), clusters(['backend'])])).toEqual({ id: 'unknown', detectedBy: 'no dynamic resources in the bootstrap: a statically configured Envoy' });
    // Shared names decide nothing: ingress_http is Contour's, Emissary's and kgateway's, prometheus_stats Istio's and Envoy Gateway's.
    expect(detect([listeners(['ingress_http']), clusters(['prometheus_stats'])])).toMatchObject({ id: 'unknown' });
  });
});
