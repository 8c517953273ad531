// The healthy Istio-like sidecar used by the fixture generators (scripts/make-planted-fixtures.mjs and
// scripts/make-port-fixtures.mjs): its resources, the admin /config_dump around them, and a text search that finds
// where a planted value was written (so expected positions never come from envoy-lint itself).

export const T = 'type.googleapis.com/';
export const HCM = `${T}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`;
export const TCP = `${T}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`;
export const NS = 'default.svc.cluster.local';

export const sock = (address, port) => ({ socket_address: { address, port_value: port } });
export const tcpChain = (cluster, match) => ({
  ...(match ? { filter_chain_match: match } : {}),
  filters: [{ name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': TCP, stat_prefix: cluster, cluster } }],
});
export const rdsChain = (routeName, match) => ({
  ...(match ? { filter_chain_match: match } : {}),
  filters: [{ name: 'envoy.filters.network.http_connection_manager', typed_config: { '@type': HCM, stat_prefix: `outbound_0.0.0.0_${routeName}`, rds: { config_source: { ads: {}, resource_api_version: 'V3' }, route_config_name: routeName } } }],
});
export const inlineChain = (port, cluster) => ({
  filter_chain_match: { destination_port: port },
  filters: [{ name: 'envoy.filters.network.http_connection_manager', typed_config: { '@type': HCM, stat_prefix: `inbound_0.0.0.0_${port}`,
    route_config: { name: `inbound|${port}||`, virtual_hosts: [{ name: `inbound|http|${port}`, domains: ['*'], routes: [{ name: 'default', match: { prefix: '/' }, route: { cluster, timeout: '0s' } }] }] } } }],
});
export const eds = (name) => ({ '@type': `${T}envoy.config.cluster.v3.Cluster`, name, type: 'EDS', eds_cluster_config: { eds_config: { ads: {}, resource_api_version: 'V3' }, service_name: name }, connect_timeout: '10s' });
export const cla = (name, ip, health = 'HEALTHY') => ({ '@type': `${T}envoy.config.endpoint.v3.ClusterLoadAssignment`, cluster_name: name,
  endpoints: [{ locality: {}, lb_endpoints: [{ endpoint: { address: sock(ip, 9080) }, health_status: health }] }] });

export function healthy() {
  const reviews = `outbound|9080||reviews.${NS}`;
  const ratingsV1 = `outbound|9080|v1|ratings.${NS}`;
  const ratingsV2 = `outbound|9080|v2|ratings.${NS}`;
  const mysql = `outbound|3306||mysql.${NS}`;
  return {
    nodeId: `sidecar~10.0.0.5~productpage-v1-7d4b9c.default~${NS}`,
    clusters: [
      { state: 'static', cluster: { '@type': `${T}envoy.config.cluster.v3.Cluster`, name: 'BlackHoleCluster', type: 'STATIC', connect_timeout: '10s' } },
      { state: 'static', cluster: { '@type': `${T}envoy.config.cluster.v3.Cluster`, name: 'PassthroughCluster', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED' } },
      { state: 'active', cluster: { '@type': `${T}envoy.config.cluster.v3.Cluster`, name: 'inbound|9080||', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED' } },
      { state: 'active', cluster: eds(reviews) },
      { state: 'active', cluster: eds(ratingsV1) },
      { state: 'active', cluster: eds(ratingsV2) },
      { state: 'active', cluster: eds(mysql) },
    ],
    listeners: [
      { name: 'virtualOutbound', listener: { '@type': `${T}envoy.config.listener.v3.Listener`, name: 'virtualOutbound', address: sock('0.0.0.0', 15001), use_original_dst: true, traffic_direction: 'OUTBOUND',
        filter_chains: [tcpChain('PassthroughCluster')] } },
      { name: 'virtualInbound', listener: { '@type': `${T}envoy.config.listener.v3.Listener`, name: 'virtualInbound', address: sock('0.0.0.0', 15006), traffic_direction: 'INBOUND',
        filter_chains: [inlineChain(9080, 'inbound|9080||')] } },
      { name: '0.0.0.0_9080', listener: { '@type': `${T}envoy.config.listener.v3.Listener`, name: '0.0.0.0_9080', address: sock('0.0.0.0', 9080), bind_to_port: false, traffic_direction: 'OUTBOUND',
        filter_chains: [rdsChain('9080')] } },
      { name: '10.96.0.20_3306', listener: { '@type': `${T}envoy.config.listener.v3.Listener`, name: '10.96.0.20_3306', address: sock('10.96.0.20', 3306), bind_to_port: false, traffic_direction: 'OUTBOUND',
        filter_chains: [tcpChain(mysql)] } },
    ],
    routes: [
      { '@type': `${T}envoy.config.route.v3.RouteConfiguration`, name: '9080', validate_clusters: false, virtual_hosts: [
        { name: `reviews.${NS}:9080`, domains: [`reviews.${NS}`, 'reviews', 'reviews:9080'], routes: [{ name: 'default', match: { prefix: '/' }, route: { cluster: reviews, timeout: '0s' } }] },
        { name: `ratings.${NS}:9080`, domains: [`ratings.${NS}`, 'ratings'], routes: [{ match: { prefix: '/' }, route: { weighted_clusters: { clusters: [{ name: ratingsV1, weight: 50 }, { name: ratingsV2, weight: 50 }] } } }] },
        { name: 'allow_any', domains: ['*'], routes: [{ name: 'allow_any', match: { prefix: '/' }, route: { cluster: 'PassthroughCluster', timeout: '0s' } }] },
      ] },
    ],
    endpoints: [cla(reviews, '10.1.0.7'), cla(ratingsV1, '10.1.0.8'), cla(ratingsV2, '10.1.0.9'), cla(mysql, '10.1.0.10')],
    errors: [],
  };
}

export function toDump(p) {
  return { configs: [
    { '@type': `${T}envoy.admin.v3.BootstrapConfigDump`, bootstrap: { node: { id: p.nodeId, cluster: 'productpage.default' } } },
    { '@type': `${T}envoy.admin.v3.ClustersConfigDump`, version_info: '2026-11-25T10:00:00Z/12',
      static_clusters: p.clusters.filter((c) => c.state === 'static').map((c) => ({ cluster: c.cluster, last_updated: '2026-11-25T09:59:00Z' })),
      dynamic_active_clusters: p.clusters.filter((c) => c.state === 'active').map((c) => ({ version_info: '2026-11-25T10:00:00Z/12', cluster: c.cluster, last_updated: '2026-11-25T10:00:00Z' })),
      ...(p.clusters.some((c) => c.state === 'warming') ? { dynamic_warming_clusters: p.clusters.filter((c) => c.state === 'warming').map((c) => ({ version_info: '2026-11-25T10:00:00Z/13', cluster: c.cluster })) } : {}) },
    { '@type': `${T}envoy.admin.v3.ListenersConfigDump`, version_info: '2026-11-25T10:00:00Z/12',
      dynamic_listeners: [
        ...p.listeners.map((l) => ({ name: l.name, active_state: { version_info: '2026-11-25T10:00:00Z/12', listener: l.listener, last_updated: '2026-11-25T10:00:00Z' } })),
        ...p.errors.map((e) => ({ name: e.name, error_state: { failed_configuration: e.failed, last_update_attempt: '2026-11-25T10:01:00Z', details: e.details } })),
      ] },
    { '@type': `${T}envoy.admin.v3.RoutesConfigDump`, dynamic_route_configs: p.routes.map((r) => ({ version_info: '2026-11-25T10:00:00Z/12', route_config: r, last_updated: '2026-11-25T10:00:00Z' })) },
    { '@type': `${T}envoy.admin.v3.EndpointsConfigDump`, dynamic_endpoint_configs: p.endpoints.map((e) => ({ version_info: '2026-11-25T10:00:00Z/12', endpoint_config: e })) },
  ] };
}

/** Position of `"key": "value"` (the value's opening quote) in the written text; `nth` picks among repeats. */
export function findValue(text, key, value, nth = 0) {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const needle = `${JSON.stringify(key)}: ${value === '{' || value === '[' ? value : JSON.stringify(value)}`;
    const at = line.indexOf(needle);
    if (at === -1) continue;
    if (seen++ < nth) continue;
    return { line: i + 1, column: at + JSON.stringify(key).length + 2 + 1 };
  }
  throw new Error(`planted value ${key}=${value} not found`);
}
