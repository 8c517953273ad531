// Writes the minimal fixtures for behaviour that depends on Envoy's own dump semantics and on the control plane:
// a TCP and a UDP listener on one port, unnamed EDS load assignments (Envoy 1.15 to 1.25), a listener warming for its RDS
// route configuration, an Envoy Gateway egctl map in YAML, and a Consul sidecar. Each failing case gets an `.expected`
// file whose positions are found by searching the written text for the planted value (not by running envoy-lint).
// Run: node scripts/make-control-plane-fixtures.mjs
import fs from 'node:fs';
import path from 'node:path';
import { findValue } from './lib/istio-sidecar.mjs';

// FIXTURES_OUT writes them elsewhere (test/fixture-generators.test.ts compares that with what is committed).
const root = process.env.FIXTURES_OUT ? `${path.resolve(process.env.FIXTURES_OUT)}/` : new URL('../fixtures/', import.meta.url).pathname;
const T = 'type.googleapis.com/';

function write(rel, text) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return text;
}

const json = (data) => `${JSON.stringify(data, null, 2)}\n`;

/** `<case>.expected`: one line per planted defect, located by searching the text. */
function expected(rel, text, defects) {
  const name = path.basename(rel);
  const lines = defects.map((d) => {
    const pos = findValue(text, d.key, d.value, d.nth ?? 0);
    return `${name}:${pos.line}:${pos.column} ${d.severity} ${d.rule}/${d.messageId} ${d.kind}:${d.name}`;
  });
  write(rel.replace(/\.[^.]+$/, '.expected'), `${lines.join('\n')}\n`);
}

const bootstrap = (node, extra = {}) => ({ '@type': `${T}envoy.admin.v3.BootstrapConfigDump`, bootstrap: { node, ...extra } });
const listener = (name, port, protocol, filters) => ({
  '@type': `${T}envoy.config.listener.v3.Listener`,
  name,
  address: { socket_address: { address: '0.0.0.0', port_value: port, ...(protocol ? { protocol } : {}) } },
  ...(protocol === 'UDP' ? { udp_listener_config: {} } : {}),
  filter_chains: [{ filters }],
});
const tcpProxy = (cluster) => [{ name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': `${T}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`, stat_prefix: cluster, cluster } }];
const udpProxy = (cluster) => [{ name: 'envoy.filters.udp_listener.udp_proxy', typed_config: { '@type': `${T}envoy.extensions.filters.udp.udp_proxy.v3.UdpProxyConfig`, stat_prefix: cluster, cluster } }];
const rds = (routeConfig) => [
  {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type': `${T}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`,
      stat_prefix: 'http',
      rds: { route_config_name: routeConfig, config_source: { ads: {}, resource_api_version: 'V3' } },
      http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': `${T}envoy.extensions.filters.http.router.v3.Router` } }],
    },
  },
];
const staticCluster = (name, address, port) => ({
  '@type': `${T}envoy.config.cluster.v3.Cluster`,
  name,
  type: 'STATIC',
  connect_timeout: '1s',
  load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address, port_value: port } } } }] }] },
});
const edsCluster = (name, serviceName) => ({
  '@type': `${T}envoy.config.cluster.v3.Cluster`,
  name,
  type: 'EDS',
  connect_timeout: '1s',
  eds_cluster_config: { eds_config: { ads: {}, resource_api_version: 'V3' }, ...(serviceName ? { service_name: serviceName } : {}) },
});
/** A load assignment as Envoy 1.15 to 1.25 dump it for an EDS cluster without service_name: no cluster_name. */
const unnamedAssignment = (addresses) => ({
  '@type': `${T}envoy.config.endpoint.v3.ClusterLoadAssignment`,
  endpoints: [{ lb_endpoints: addresses.map((a) => ({ endpoint: { address: { socket_address: { address: a, port_value: 8080 } } }, health_status: 'HEALTHY' })) }],
  policy: { overprovisioning_factor: 140 },
});
const listeners = (dynamic) => ({ '@type': `${T}envoy.admin.v3.ListenersConfigDump`, dynamic_listeners: dynamic });
const clusters = (active) => ({ '@type': `${T}envoy.admin.v3.ClustersConfigDump`, dynamic_active_clusters: active.map((cluster) => ({ version_info: '1', cluster })) });
const endpoints = (dynamic) => ({ '@type': `${T}envoy.admin.v3.EndpointsConfigDump`, dynamic_endpoint_configs: dynamic.map((endpoint_config) => ({ endpoint_config })) });
const routes = (configs) => ({ '@type': `${T}envoy.admin.v3.RoutesConfigDump`, dynamic_route_configs: configs.map((route_config) => ({ version_info: '1', route_config: { '@type': `${T}envoy.config.route.v3.RouteConfiguration`, ...route_config } })) });
const egNode = { id: 'envoy-default-eg-e41e7b31', cluster: 'envoy-gateway-system', user_agent_name: 'envoy', user_agent_build_version: { version: { major_number: 1, minor_number: 31, patch: 2 } } };
const egBootstrap = bootstrap(egNode, {
  admin: { address: { socket_address: { address: '127.0.0.1', port_value: 19000 } } },
  dynamic_resources: { ads_config: { api_type: 'DELTA_GRPC', transport_api_version: 'V3', grpc_services: [{ envoy_grpc: { cluster_name: 'xds_cluster' } }] } },
});

// duplicate-listener-address: Envoy compares the socket type first (TCP and UDP on one port are different sockets).
{
  const dns = (name, protocol, filters) => ({ name, active_state: { version_info: '1', listener: listener(name, 5353, protocol, filters) } });
  const base = [egBootstrap, clusters([staticCluster('dns', '10.0.0.53', 53)])];
  write('duplicate-listener-address/pass/tcp-and-udp.json', json({ configs: [...base, listeners([dns('tcp-5353', undefined, tcpProxy('dns')), dns('udp-5353', 'UDP', udpProxy('dns'))])] }));
  const text = write('duplicate-listener-address/fail/udp-twice.json', json({ configs: [...base, listeners([dns('udp-5353', 'UDP', udpProxy('dns')), dns('udp-5353-b', 'UDP', udpProxy('dns'))])] }));
  expected('duplicate-listener-address/fail/udp-twice.json', text, [{ rule: 'duplicate-listener-address', messageId: 'bound', severity: 'error', kind: 'listener', name: 'udp-5353-b', key: 'name', value: 'udp-5353-b', nth: 1 }]);
}

// cluster-without-endpoints and unnamed load assignments.
{
  const osmNode = { id: 'b2d941c7-484a-4cd4-ad65-76e41b79e48a.sidecar.app.default.cluster.local', user_agent_name: 'envoy', user_agent_build_version: { version: { major_number: 1, minor_number: 18, patch: 3 } } };
  // One EDS cluster without service_name, one unnamed assignment: they are a pair, and the cluster has endpoints.
  write('cluster-without-endpoints/pass/unnamed-assignment.json', json({ configs: [bootstrap(osmNode), clusters([edsCluster('default/backend'), edsCluster('default/named', 'default/named')]), endpoints([unnamedAssignment(['10.244.0.7']), { ...unnamedAssignment(['10.244.0.8']), cluster_name: 'default/named' }])] }));
  // Two such clusters and two unnamed assignments, one of them empty: which cluster is empty cannot be told.
  const text = write('cluster-without-endpoints/fail/unnamed-ambiguous.json', json({ configs: [bootstrap(osmNode), clusters([edsCluster('default/a'), edsCluster('default/b')]), endpoints([unnamedAssignment(['10.244.0.7']), unnamedAssignment([])])] }));
  expected('cluster-without-endpoints/fail/unnamed-ambiguous.json', text, [{ rule: 'cluster-without-endpoints', messageId: 'unattributed', severity: 'info', kind: 'endpoints', name: '(unnamed load assignment)', key: 'endpoint_config', value: '{' }]);
}

// rejected-config: a new listener warming because its RDS route configuration never came; no per-chain 404.
{
  const warming = { name: 'http-8080', warming_state: { version_info: '2', listener: listener('http-8080', 8080, undefined, rds('http-8080-routes')) } };
  const config = { configs: [egBootstrap, clusters([staticCluster('backend', '10.0.0.9', 8080)]), listeners([warming]), routes([{ name: 'other-routes', virtual_hosts: [{ name: 'all', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'backend' } }] }] }])] };
  const text = write('rejected-config/fail/warming-waits-for-rds.json', json(config));
  expected('rejected-config/fail/warming-waits-for-rds.json', text, [{ rule: 'rejected-config', messageId: 'listenerWaiting', severity: 'error', kind: 'listener', name: 'http-8080', key: 'name', value: 'http-8080', nth: 1 }]);
  write('dangling-route-config/pass/warming-listener.json', text);
}

// rejected-config: a new listener warming for an SDS certificate still in dynamic_warming_secrets and an ECDS filter
// config never delivered (Istio's dumps show both: version "uninitialized", an ecds_filter with only its name).
{
  const chain = {
    transport_socket: {
      name: 'envoy.transport_sockets.tls',
      typed_config: { '@type': `${T}envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`, common_tls_context: { tls_certificate_sds_secret_configs: [{ name: 'kubernetes://shop-cert', sds_config: { ads: {}, resource_api_version: 'V3' } }] } },
    },
    filters: [
      { name: 'istio.stats', config_discovery: { config_source: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' }, type_urls: [`${T}envoy.extensions.filters.network.wasm.v3.Wasm`] } },
      ...tcpProxy('backend'),
    ],
  };
  const gateway = { id: 'router~10.244.0.9~istio-ingressgateway-5d9c8b7f6-abcde.istio-system~istio-system.svc.cluster.local' };
  const warming = { name: '0.0.0.0_8443', warming_state: { version_info: '2', listener: { ...listener('0.0.0.0_8443', 8443, undefined, []), filter_chains: [chain] } } };
  const config = {
    configs: [
      bootstrap(gateway),
      clusters([staticCluster('backend', '10.0.0.9', 8080)]),
      listeners([warming]),
      { '@type': `${T}envoy.admin.v3.SecretsConfigDump`, dynamic_warming_secrets: [{ name: 'kubernetes://shop-cert', version_info: 'uninitialized', last_updated: '1970-01-01T00:00:00Z', secret: { '@type': `${T}envoy.extensions.transport_sockets.tls.v3.Secret`, name: 'kubernetes://shop-cert' } }] },
      { '@type': `${T}envoy.admin.v3.EcdsConfigDump`, ecds_filters: [{ ecds_filter: { '@type': `${T}envoy.config.core.v3.TypedExtensionConfig`, name: 'istio.stats' }, last_updated: '1970-01-01T00:00:00Z' }] },
    ],
  };
  const text = write('rejected-config/fail/warming-waits-for-secret-and-ecds.json', json(config));
  expected('rejected-config/fail/warming-waits-for-secret-and-ecds.json', text, [{ rule: 'rejected-config', messageId: 'listenerWaiting', severity: 'error', kind: 'listener', name: '0.0.0.0_8443', key: 'name', value: '0.0.0.0_8443', nth: 1 }]);
}

// An egctl map in YAML (egctl config envoy-proxy all -o yaml): two proxies, one with a route to a missing cluster.
{
  const dump = (cluster) => ({ configs: [egBootstrap, clusters([staticCluster('httproute/default/backend/rule/0', '10.0.0.9', 8080)]), routes([{ name: 'default/eg/http', virtual_hosts: [{ name: 'default/eg/http/www_example_com', domains: ['www.example.com'], routes: [{ name: 'httproute/default/backend/rule/0/match/0/www_example_com', match: { prefix: '/' }, route: { cluster } }] }] }])] });
  const yamlText = toYaml({ default: { 'eg-6d8b7c9f4-abcde': dump('httproute/default/backend/rule/0'), 'eg2-5f7d9c8b6-fghij': dump('httproute/default/backend/rule/1') } });
  const text = write('egctl/two-proxies.yaml', yamlText.replace(/^\n/, ''));
  const lines = text.split('\n');
  const lineOf = (cluster) => lines.findIndex((l) => l.endsWith(`cluster: ${cluster}`)) + 1;
  const columnOf = (line, token) => (lines[line - 1] ?? '').indexOf(token) + 1;
  const [first, second] = [lineOf('httproute/default/backend/rule/0'), lineOf('httproute/default/backend/rule/1')];
  // Neither route sets a timeout (Envoy Gateway leaves Envoy's 15 s default): one info per proxy at its route action.
  const noTimeout = (line, proxy) => `two-proxies.yaml:${line}:${columnOf(line, 'cluster:')} info route-timeout-default/noTimeout route:route config default/eg/http, virtual host default/eg/http/www_example_com, route "httproute/default/backend/rule/0/match/0/www_example_com" default/${proxy}`;
  // The first proxy's route cluster has no circuit_breakers (Envoy's 1024 limits); the second's route names a missing one.
  const clusterName = lines.findIndex((l) => l.endsWith('  name: httproute/default/backend/rule/0')) + 1;
  write('egctl/two-proxies.expected', [
    `two-proxies.yaml:${clusterName}:${columnOf(clusterName, 'httproute/')} info circuit-breaker-limits/defaults cluster:httproute/default/backend/rule/0 default/eg-6d8b7c9f4-abcde`,
    noTimeout(first, 'eg-6d8b7c9f4-abcde'),
    noTimeout(second, 'eg2-5f7d9c8b6-fghij'),
    `two-proxies.yaml:${second}:${columnOf(second, 'httproute/default/backend/rule/1')} error dangling-cluster/missing cluster:httproute/default/backend/rule/1 default/eg2-5f7d9c8b6-fghij`,
  ].join('\n') + '\n');
}

// A Consul sidecar (node id <service>-sidecar-proxy, xDS from local_agent) with an EDS cluster lacking endpoints.
{
  const node = { id: 'frontend-7c9f-sidecar-proxy', cluster: 'frontend', metadata: { namespace: 'default', partition: 'default' }, user_agent_build_version: { version: { major_number: 1, minor_number: 28, patch: 1 } } };
  const config = {
    configs: [
      bootstrap(node, { admin: { address: { socket_address: { address: '127.0.0.1', port_value: 19000 } } }, dynamic_resources: { ads_config: { api_type: 'DELTA_GRPC', transport_api_version: 'V3', grpc_services: [{ envoy_grpc: { cluster_name: 'local_agent' } }] } } }),
      clusters([edsCluster('backend.default.dc1.internal.11111111-2222-3333-4444-555555555555.consul')]),
      endpoints([]),
    ],
  };
  const text = write('cluster-without-endpoints/fail/consul-upstream.json', json(config));
  expected('cluster-without-endpoints/fail/consul-upstream.json', text, [{ rule: 'cluster-without-endpoints', messageId: 'noAssignment', severity: 'warning', kind: 'cluster', name: 'backend.default.dc1.internal.11111111-2222-3333-4444-555555555555.consul', key: 'name', value: 'backend.default.dc1.internal.11111111-2222-3333-4444-555555555555.consul' }]);
}

/** Block-style YAML of plain data, as egctl -o yaml writes it (strings quoted only where YAML needs it). */
function toYaml(value, indent = '') {
  const scalar = (v) => {
    if (typeof v === 'string') return /^[A-Za-z0-9_./-][A-Za-z0-9_./ -]*$/.test(v) && !/^(true|false|null|yes|no|on|off|~|[-.\d]+)$/i.test(v) ? v : JSON.stringify(v);
    return JSON.stringify(v);
  };
  const key = (k) => (/^[A-Za-z_][\w.-]*$/.test(k) ? k : `'${k}'`);
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []\n';
    return `\n${value.map((item) => `${indent}-${block(item, `${indent}  `, true)}`).join('')}`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return ' {}\n';
    return `\n${entries.map(([k, v]) => `${indent}${key(k)}:${block(v, `${indent}  `)}`).join('')}`;
  }
  return ` ${scalar(value)}\n`;

  function block(v, inner, inList = false) {
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0 && inList) {
      const [first, ...rest] = Object.entries(v);
      const [k0, v0] = first;
      return ` ${key(k0)}:${toYaml(v0, `${inner}  `)}${rest.map(([k, val]) => `${inner}${key(k)}:${toYaml(val, `${inner}  `)}`).join('')}`;
    }
    return toYaml(v, inner);
  }
}
