// Synthetic config dumps for the graph reporters: hostile resource names, and big meshes (thousands of services).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const T = 'type.googleapis.com/';
const HCM = `${T}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`;
const TCP = `${T}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`;

export interface DumpSpec {
  nodeId?: string;
  /** HTTP services on port 80, each a virtual host routing to its own EDS cluster. */
  services: number;
  /** Every n-th service routes to a cluster that does not exist (0: none). */
  danglingEvery?: number;
  /** TCP services, each its own listener 10.0.x.y_3306 → cluster. */
  tcpServices?: number;
  /** Names to use for the first services instead of svc-N (hostile names go here). */
  names?: readonly string[];
  /** A route configuration name that the listener asks RDS for but that is not in the dump. */
  danglingRds?: string;
}

function cluster(name: string): object {
  return { cluster: { '@type': `${T}envoy.config.cluster.v3.Cluster`, name, type: 'EDS', eds_cluster_config: { eds_config: { ads: {} }, service_name: name }, connect_timeout: '10s' } };
}

function loadAssignment(name: string, n: number): object {
  const lb = Array.from({ length: n }, (_, i) => ({ endpoint: { address: { socket_address: { address: `10.1.${i}.1`, port_value: 80 } } }, health_status: 'HEALTHY' }));
  return { endpoint_config: { '@type': `${T}envoy.config.endpoint.v3.ClusterLoadAssignment`, cluster_name: name, endpoints: [{ lb_endpoints: lb }] } };
}

function listener(name: string, address: string, port: number, filter: object): object {
  return {
    name,
    active_state: {
      listener: { '@type': `${T}envoy.config.listener.v3.Listener`, name, address: { socket_address: { address, port_value: port } }, traffic_direction: 'OUTBOUND', bind_to_port: false, filter_chains: [{ filters: [filter] }] },
    },
  };
}

export function makeDump(spec: DumpSpec): object {
  const names = Array.from({ length: spec.services }, (_, i) => spec.names?.[i] ?? `svc-${i}.ns-${i % 40}.svc.cluster.local`);
  const clusterName = (svc: string): string => `outbound|80||${svc}`;
  const clusters: object[] = [];
  const endpoints: object[] = [];
  const vhosts = names.map((svc, i) => {
    const dangling = spec.danglingEvery ? i % spec.danglingEvery === spec.danglingEvery - 1 : false;
    const target = dangling ? `outbound|80|gone|${svc}` : clusterName(svc);
    if (!dangling) {
      clusters.push(cluster(target));
      endpoints.push(loadAssignment(target, 1 + (i % 3)));
    }
    return { name: `${svc}:80`, domains: [svc, `${svc}:80`], routes: [{ name: 'default', match: { prefix: '/' }, route: { cluster: target } }] };
  });
  const listeners: object[] = [
    listener('virtualOutbound', '0.0.0.0', 15001, { name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': TCP, stat_prefix: 'PassthroughCluster', cluster: 'PassthroughCluster' } }),
    listener('0.0.0.0_80', '0.0.0.0', 80, { name: 'envoy.filters.network.http_connection_manager', typed_config: { '@type': HCM, stat_prefix: 'outbound_0.0.0.0_80', rds: { config_source: { ads: {} }, route_config_name: '80' } } }),
  ];
  if (spec.danglingRds !== undefined) {
    listeners.push(listener('0.0.0.0_81', '0.0.0.0', 81, { name: 'envoy.filters.network.http_connection_manager', typed_config: { '@type': HCM, stat_prefix: 'x', rds: { config_source: { ads: {} }, route_config_name: spec.danglingRds } } }));
  }
  for (let i = 0; i < (spec.tcpServices ?? 0); i++) {
    const name = `outbound|3306||db-${i}.data.svc.cluster.local`;
    clusters.push(cluster(name));
    endpoints.push(loadAssignment(name, 1));
    const ip = `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`;
    listeners.push(listener(`${ip}_3306`, ip, 3306, { name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': TCP, stat_prefix: name, cluster: name } }));
  }
  const statics = ['BlackHoleCluster', 'PassthroughCluster'].map((name) => ({ cluster: { '@type': `${T}envoy.config.cluster.v3.Cluster`, name, type: name === 'BlackHoleCluster' ? 'STATIC' : 'ORIGINAL_DST', connect_timeout: '10s', ...(name === 'PassthroughCluster' ? { lb_policy: 'CLUSTER_PROVIDED' } : {}) } }));
  return {
    configs: [
      { '@type': `${T}envoy.admin.v3.BootstrapConfigDump`, bootstrap: { node: { id: spec.nodeId ?? 'sidecar~10.0.0.1~big.default~default.svc.cluster.local', cluster: 'big.default' } } },
      { '@type': `${T}envoy.admin.v3.ClustersConfigDump`, static_clusters: statics, dynamic_active_clusters: clusters },
      { '@type': `${T}envoy.admin.v3.ListenersConfigDump`, dynamic_listeners: listeners },
      { '@type': `${T}envoy.admin.v3.RoutesConfigDump`, dynamic_route_configs: [{ route_config: { '@type': `${T}envoy.config.route.v3.RouteConfiguration`, name: '80', virtual_hosts: vhosts } }] },
      { '@type': `${T}envoy.admin.v3.EndpointsConfigDump`, dynamic_endpoint_configs: endpoints },
    ],
  };
}

/** Writes the dump into a fresh temporary directory and returns its path. */
export function writeDump(spec: DumpSpec, file = 'config_dump.json'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-graph-'));
  const out = path.join(dir, file);
  fs.writeFileSync(out, JSON.stringify(makeDump(spec)));
  return out;
}

/** Resource names that try to break out of every output format. */
export const HOSTILE_NAMES: readonly string[] = [
  'evil</script><script>alert(1)</script>',
  'q"uote\'s \\N\\G \\back\\slash',
  '\u001b[31mred\u001b[0m \u001b]0;title\u0007',
  'line\nbreak\r',
  '{weird}|<x>#35;&amp;[y](z)`tick`',
  'end',
  'bidi \u202eevil\u202c',
  '<!-- comment --> %%{init: {}}%%',
];
