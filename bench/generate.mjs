// Generates an Istio-like sidecar /config_dump?include_eds for a given number of services, written as a stream so
// that dumps larger than V8's largest string can be made. Each service gets what an unscoped sidecar gets from
// istiod: an outbound EDS cluster with mTLS and circuit breakers, its endpoints, a virtual host in the port's route
// configuration, and (for TCP services) a per-IP listener. A few planted defects give the rules work to do.
// Usage: node bench/generate.mjs SERVICES OUT.json [lines|indented]
import fs from 'node:fs';

const T = 'type.googleapis.com/';
const NS = ['default', 'payments', 'search', 'catalog', 'checkout', 'identity', 'media', 'ledger'];
const HTTP_PORTS = [80, 8080, 9080, 3000, 5000];

export function serviceOf(i) {
  const ns = NS[i % NS.length];
  const host = `svc-${i}.${ns}.svc.cluster.local`;
  const tcp = i % 7 === 0;
  const port = tcp ? 5432 + (i % 3) : HTTP_PORTS[i % HTTP_PORTS.length];
  const ip = `10.${96 + ((i >> 16) & 7)}.${(i >> 8) & 255}.${i & 255}`;
  return { i, ns, host, tcp, port, ip, cluster: `outbound|${port}||${host}` };
}

function tlsSocket(host, ns) {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': `${T}envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`,
      common_tls_context: {
        tls_params: { tls_minimum_protocol_version: 'TLSv1_2', tls_maximum_protocol_version: 'TLSv1_3' },
        alpn_protocols: ['istio-peer-exchange', 'istio'],
        tls_certificate_sds_secret_configs: [{ name: 'default', sds_config: { api_config_source: { api_type: 'GRPC', transport_api_version: 'V3', grpc_services: [{ envoy_grpc: { cluster_name: 'sds-grpc' } }], set_node_on_first_message_only: true }, initial_fetch_timeout: '0s', resource_api_version: 'V3' } }],
        combined_validation_context: {
          default_validation_context: { match_subject_alt_names: [{ exact: `spiffe://cluster.local/ns/${ns}/sa/${host.split('.')[0]}` }] },
          validation_context_sds_secret_config: { name: 'ROOTCA', sds_config: { api_config_source: { api_type: 'GRPC', transport_api_version: 'V3', grpc_services: [{ envoy_grpc: { cluster_name: 'sds-grpc' } }], set_node_on_first_message_only: true }, initial_fetch_timeout: '0s', resource_api_version: 'V3' } },
        },
      },
      sni: `outbound_.${host}`,
    },
  };
}

function cluster(s) {
  return {
    '@type': `${T}envoy.config.cluster.v3.Cluster`,
    name: s.cluster,
    type: 'EDS',
    eds_cluster_config: { eds_config: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' }, service_name: s.cluster },
    connect_timeout: '10s',
    lb_policy: 'LEAST_REQUEST',
    circuit_breakers: { thresholds: [{ max_connections: 4294967295, max_pending_requests: 4294967295, max_requests: 4294967295, max_retries: 4294967295, track_remaining: true }] },
    common_lb_config: { locality_weighted_lb_config: {} },
    metadata: { filter_metadata: { istio: { services: [{ host: s.host, name: `svc-${s.i}`, namespace: s.ns }], default_original_port: s.port } } },
    filters: [{ name: 'istio.metadata_exchange', typed_config: { '@type': `${T}envoy.tcp.metadataexchange.config.MetadataExchange`, protocol: 'istio-peer-exchange', enable_discovery: true } }],
    transport_socket_matches: [{ name: 'tlsMode-istio', match: { tlsMode: 'istio' }, transport_socket: tlsSocket(s.host, s.ns) }, { name: 'tlsMode-disabled', match: {}, transport_socket: { name: 'envoy.transport_sockets.raw_buffer', typed_config: { '@type': `${T}envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer` } } }],
  };
}

function endpoints(s) {
  const eps = [];
  for (let k = 0; k < 3; k++) {
    eps.push({
      endpoint: { address: { socket_address: { address: `10.${(s.i >> 8) & 255}.${s.i & 255}.${10 + k}`, port_value: s.port } }, health_check_config: {} },
      health_status: 'HEALTHY',
      metadata: { filter_metadata: { 'envoy.transport_socket_match': { tlsMode: 'istio' }, istio: { workload: `svc-${s.i}-v1;${s.ns};svc-${s.i};v1;Kubernetes` } } },
      load_balancing_weight: 1,
    });
  }
  return { '@type': `${T}envoy.config.endpoint.v3.ClusterLoadAssignment`, cluster_name: s.cluster, endpoints: [{ locality: { region: 'us-east1', zone: 'us-east1-b' }, lb_endpoints: eps, load_balancing_weight: 3 }] };
}

function tcpListener(s) {
  return {
    '@type': `${T}envoy.config.listener.v3.Listener`,
    name: `${s.ip}_${s.port}`,
    address: { socket_address: { address: s.ip, port_value: s.port } },
    filter_chains: [{
      filters: [
        { name: 'istio.stats', typed_config: { '@type': `${T}udpa.type.v1.TypedStruct`, type_url: `${T}stats.PluginConfig`, value: {} } },
        { name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': `${T}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`, stat_prefix: s.cluster, cluster: s.cluster, access_log: [{ name: 'envoy.access_loggers.file', typed_config: { '@type': `${T}envoy.extensions.access_loggers.file.v3.FileAccessLog`, path: '/dev/stdout', log_format: { text_format_source: { inline_string: '[%START_TIME%] %RESPONSE_FLAGS% %UPSTREAM_CLUSTER%\n' } } } }] } },
      ],
    }],
    deprecated_v1: { bind_to_port: false },
    traffic_direction: 'OUTBOUND',
    bind_to_port: false,
  };
}

function httpListener(port) {
  return {
    '@type': `${T}envoy.config.listener.v3.Listener`,
    name: `0.0.0.0_${port}`,
    address: { socket_address: { address: '0.0.0.0', port_value: port } },
    filter_chains: [{ filters: [{ name: 'envoy.filters.network.http_connection_manager', typed_config: { '@type': `${T}envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`, stat_prefix: `outbound_0.0.0.0_${port}`, rds: { config_source: { ads: {}, initial_fetch_timeout: '0s', resource_api_version: 'V3' }, route_config_name: String(port) }, http_filters: [{ name: 'envoy.filters.http.router', typed_config: { '@type': `${T}envoy.extensions.filters.http.router.v3.Router` } }], use_remote_address: false, normalize_path: true } }] }],
    bind_to_port: false,
    traffic_direction: 'OUTBOUND',
  };
}

function vhost(s, missing) {
  const target = missing ? `outbound|${s.port}|canary|${s.host}` : s.cluster;
  return {
    name: `${s.host}:${s.port}`,
    domains: [s.host, `svc-${s.i}.${s.ns}`, `svc-${s.i}.${s.ns}.svc`, s.ip],
    routes: [{ name: 'default', match: { prefix: '/' }, route: { cluster: target, timeout: '0s', retry_policy: { retry_on: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes', num_retries: 2, retry_host_predicate: [{ name: 'envoy.retry_host_predicates.previous_hosts', typed_config: { '@type': `${T}envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate` } }], host_selection_retry_max_attempts: '5', retriable_status_codes: [503] }, max_grpc_timeout: '0s' }, decorator: { operation: `${s.host}:${s.port}/*` } }],
    include_request_attempt_count: true,
  };
}

/** A list written element by element (made on the fly), so that dumps beyond V8's largest string can be written. */
class Stream {
  constructor(items, each) {
    this.items = items;
    this.each = each;
  }
}

/**
 * Writes `value` as JSON. Layout 'lines': the shape of a hand-built dump, one resource per line. Layout 'indented':
 * what the admin endpoint itself writes (protobuf's JSON printer with two-space indent: `"key": value`, one value
 * per line), the shape of real dumps.
 */
function writeJson(w, value, layout, depth = 0) {
  const pad = (d) => (layout === 'indented' ? `\n${'  '.repeat(d)}` : '');
  if (value instanceof Stream) {
    w('[');
    let k = 0;
    for (const item of value.items) {
      const json = layout === 'indented' ? JSON.stringify(value.each(item), null, 2).replace(/\n/g, `\n${'  '.repeat(depth + 1)}`) : JSON.stringify(value.each(item));
      w(`${k++ ? ',' : ''}${layout === 'indented' ? pad(depth + 1) : '\n'}${json}`);
    }
    w(`${pad(depth)}]`);
  } else if (Array.isArray(value)) {
    w('[');
    value.forEach((item, k) => {
      w(`${k ? ',' : ''}${layout === 'indented' ? pad(depth + 1) : k ? '\n' : ''}`);
      writeJson(w, item, layout, depth + 1);
    });
    w(`${layout === 'indented' ? pad(depth) : '\n'}]`);
  } else if (value && typeof value === 'object' && Object.values(value).some((v) => v instanceof Stream || Array.isArray(v))) {
    w('{');
    Object.entries(value).forEach(([key, v], k) => {
      w(`${k ? ',' : ''}${layout === 'indented' ? pad(depth + 1) : k ? ' ' : ''}${JSON.stringify(key)}: `);
      writeJson(w, v, layout, depth + 1);
    });
    w(`${pad(depth)}}`);
  } else {
    w(layout === 'indented' ? JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`) : JSON.stringify(value));
  }
}

/**
 * Writes the dump; returns { bytes, services }. Every 1000th service routes to a missing subset cluster, every 500th
 * has no endpoints. `layout`: 'lines' (one resource per line) or 'indented' (the admin endpoint's own layout).
 */
export function generate(services, out, layout = 'lines') {
  const fd = fs.openSync(out, 'w');
  let bytes = 0;
  const w = (s) => { bytes += Buffer.byteLength(s); fs.writeSync(fd, s); };
  const all = Array.from({ length: services }, (_, i) => serviceOf(i));
  const listeners = [
    { '@type': `${T}envoy.config.listener.v3.Listener`, name: 'virtualOutbound', address: { socket_address: { address: '0.0.0.0', port_value: 15001 } }, use_original_dst: true, traffic_direction: 'OUTBOUND', filter_chains: [{ filters: [{ name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': `${T}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`, stat_prefix: 'PassthroughCluster', cluster: 'PassthroughCluster' } }] }] },
    ...HTTP_PORTS.map(httpListener),
    ...all.filter((s) => s.tcp).map(tcpListener),
  ];
  const routeConfig = (port) => {
    const hosts = all.filter((s) => !s.tcp && s.port === port);
    return { version_info: 'bench', route_config: { '@type': `${T}envoy.config.route.v3.RouteConfiguration`, name: String(port), virtual_hosts: [...hosts.map((s) => vhost(s, s.i % 1000 === 1)), { name: 'allow_any', domains: ['*'], routes: [{ name: 'allow_any', match: { prefix: '/' }, route: { cluster: 'PassthroughCluster', timeout: '0s' } }] }], validate_clusters: false }, last_updated: '2026-11-25T10:00:00Z' };
  };
  const dump = {
    configs: [
      { '@type': `${T}envoy.admin.v3.BootstrapConfigDump`, bootstrap: { node: { id: 'sidecar~10.0.0.5~bench-0.default~default.svc.cluster.local', cluster: 'bench.default' } } },
      {
        '@type': `${T}envoy.admin.v3.ClustersConfigDump`,
        version_info: 'bench',
        static_clusters: [
          { cluster: { '@type': `${T}envoy.config.cluster.v3.Cluster`, name: 'BlackHoleCluster', type: 'STATIC', connect_timeout: '10s' } },
          { cluster: { '@type': `${T}envoy.config.cluster.v3.Cluster`, name: 'PassthroughCluster', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED' } },
        ],
        dynamic_active_clusters: new Stream(all, (s) => ({ version_info: 'bench', cluster: cluster(s), last_updated: '2026-11-25T10:00:00Z' })),
      },
      { '@type': `${T}envoy.admin.v3.ListenersConfigDump`, version_info: 'bench', dynamic_listeners: new Stream(listeners, (l) => ({ name: l.name, active_state: { version_info: 'bench', listener: l, last_updated: '2026-11-25T10:00:00Z' } })) },
      { '@type': `${T}envoy.admin.v3.RoutesConfigDump`, dynamic_route_configs: new Stream(HTTP_PORTS, routeConfig) },
      { '@type': `${T}envoy.admin.v3.EndpointsConfigDump`, dynamic_endpoint_configs: new Stream(all.filter((s) => s.i % 500 !== 2), (s) => ({ version_info: 'bench', endpoint_config: endpoints(s) })) },
    ],
  };
  writeJson(w, dump, layout);
  w('\n');
  fs.closeSync(fd);
  return { bytes, services };
}

/** The same proxy as istioctl-style per-section files (bare arrays), each far below V8's string limit. */
export function generateSections(services, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const all = Array.from({ length: services }, (_, i) => serviceOf(i));
  const writeArray = (name, items) => {
    const fd = fs.openSync(`${dir}/${name}`, 'w');
    fs.writeSync(fd, '[');
    items.forEach((item, k) => fs.writeSync(fd, (k ? ',\n' : '\n') + JSON.stringify(item)));
    fs.writeSync(fd, '\n]\n');
    fs.closeSync(fd);
  };
  writeArray('clusters.json', [{ name: 'BlackHoleCluster', type: 'STATIC', connect_timeout: '10s' }, { name: 'PassthroughCluster', type: 'ORIGINAL_DST', connect_timeout: '10s', lb_policy: 'CLUSTER_PROVIDED' }, ...all.map(cluster)]);
  writeArray('listeners.json', [
    { name: 'virtualOutbound', address: { socket_address: { address: '0.0.0.0', port_value: 15001 } }, use_original_dst: true, traffic_direction: 'OUTBOUND', filter_chains: [{ filters: [{ name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': `${T}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`, stat_prefix: 'PassthroughCluster', cluster: 'PassthroughCluster' } }] }] },
    ...HTTP_PORTS.map(httpListener),
    ...all.filter((s) => s.tcp).map(tcpListener),
  ]);
  writeArray('routes.json', HTTP_PORTS.map((port) => ({ name: String(port), virtual_hosts: [...all.filter((s) => !s.tcp && s.port === port).map((s) => vhost(s, s.i % 1000 === 1)), { name: 'allow_any', domains: ['*'], routes: [{ name: 'allow_any', match: { prefix: '/' }, route: { cluster: 'PassthroughCluster', timeout: '0s' } }] }], validate_clusters: false })));
  writeArray('endpoints.json', all.filter((s) => s.i % 500 !== 2).map(endpoints));
}

if (process.argv[1] && process.argv[1].endsWith('generate.mjs')) {
  const [services, out, layout] = process.argv.slice(2);
  const r = generate(Number(services), out, layout ?? 'lines');
  console.log(`${out}: ${r.services} services, ${(r.bytes / 1e6).toFixed(1)} MB`);
}
