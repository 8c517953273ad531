// Listener nodes: the listener, its filter chains (match, HTTP connection manager, TCP proxy, unchecked filters), the
// SDS secrets and ECDS filter configs they need, and filter_chain_matcher actions.
import type { FilterChainMatchSummary, FilterChainNode, HttpConnectionManagerNode, ListenerNode, Reference, ResourceState, TcpProxyNode } from '../../generated/graph.js';
import { Msg, childPointer, isList, isObject } from '../../load/reader.js';
import type { BuildContext, RefOwner } from './context.js';
import { downstreamTls } from './downstream-tls.js';
import { listenerFilter, namedClusters } from './listener-extras.js';
import { buildRouteConfig } from './route.js';
import { buildChainMatcher, chainMatcherActions } from './chain-matcher.js';
import { sdsSecrets } from './tls.js';

const HCM = '.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const TCP_PROXY = '.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy';
const TYPED_STRUCTS = new Set(['udpa.type.v1.TypedStruct', 'xds.type.v3.TypedStruct']);

export function buildListener(outer: BuildContext, msg: Msg, state: ResourceState): ListenerNode {
  const ctx = outer.inListener(state);
  const name = msg.str('name')?.value ?? '(unnamed listener)';
  const address = msg.msg('address');
  const socket = address?.msg('socket_address');
  const node: ListenerNode = {
    name,
    state,
    bindToPort: msg.bool('bind_to_port') ?? msg.msg('deprecated_v1')?.bool('bind_to_port') ?? true,
    useOriginalDst: msg.bool('use_original_dst') ?? false,
    filterChains: [],
    references: [],
    origin: ctx.origin(msg.pointer),
    nameOrigin: ctx.nameOrigin(msg),
  };
  const addr = socket?.str('address')?.value;
  const port = socket?.num('port_value')?.value;
  if (addr !== undefined) node.address = addr;
  if (port !== undefined) {
    node.port = port;
    node.portOrigin = ctx.origin(socket?.num('port_value')?.pointer ?? msg.pointer);
  }
  if (socket?.enumName('protocol') === 'UDP') node.protocol = 'UDP';
  if (address?.has('envoy_internal_address') || msg.has('internal_listener')) node.internal = true;
  const direction = msg.enumName('traffic_direction');
  if (direction === 'INBOUND' || direction === 'OUTBOUND' || direction === 'UNSPECIFIED') node.trafficDirection = direction;
  const clusters = new Set<string>();
  node.filterChains = msg.list('filter_chains').map((chain, i) => filterChain(ctx, chain, i, name, clusters));
  const fallback = msg.msg('default_filter_chain');
  if (fallback) node.defaultFilterChain = filterChain(ctx, fallback, -1, name, clusters);
  const listenerFilters = msg.list('listener_filters');
  for (const filter of listenerFilters) {
    const ref = configDiscovery(ctx, filter, { fromKind: 'listener', fromName: `listener ${name}` });
    if (ref) node.references.push(ref);
  }
  if (listenerFilters.length > 0) node.listenerFilters = listenerFilters.map((f) => listenerFilter(ctx, f, filterConfig(f)));
  const filtersTimeout = msg.raw('listener_filters_timeout')?.value;
  if (typeof filtersTimeout === 'string') node.listenerFiltersTimeout = filtersTimeout;
  if (msg.bool('continue_on_listener_filters_timeout')) node.continueOnListenerFiltersTimeout = true;
  namedClusters(msg.raw('access_log')?.value, clusters);
  if (clusters.size > 0) node.namedClusters = [...clusters];
  const matcher = msg.msg('filter_chain_matcher');
  if (matcher) {
    node.filterChainMatcher = buildChainMatcher(ctx, matcher);
    // Envoy looks action names up among filter_chains only (FilterChainManagerImpl::addFilterChains builds
    // filter_chains_by_name from them): a name found nowhere there closes the connection, even when it is the
    // default_filter_chain's name.
    const chainNames = new Set(node.filterChains.map((c) => c.name).filter((n) => n !== undefined));
    for (const action of chainMatcherActions(node.filterChainMatcher)) {
      if (action.chain === undefined || !action.chainOrigin) continue;
      const ref = ctx.ref('filter_chain', 'filter_chain_matcher', { value: action.chain, pointer: action.chainOrigin.pointer }, { fromKind: 'listener', fromName: `listener ${name}` });
      node.references.push(ref);
      if (!chainNames.has(action.chain)) ctx.yields.danglingChains.push(ref);
    }
  }
  return node;
}

/** One filter chain; the cluster names its filter configs hold besides routes and TCP proxies go into `clusters`. */
function filterChain(ctx: BuildContext, chain: Msg, index: number, listenerName: string, clusters: Set<string>): FilterChainNode {
  const chainName = chain.str('name')?.value;
  const displayName = `listener ${listenerName}, ${index < 0 ? 'default filter chain' : `filter chain ${chainName ? `"${chainName}"` : index}`}`;
  const node: FilterChainNode = { index, displayName, isDefault: index < 0, match: chainMatch(chain.msg('filter_chain_match'), ctx.input), origin: ctx.origin(chain.pointer) };
  if (chainName !== undefined) node.name = chainName;
  const owner: RefOwner = { fromKind: 'filter_chain', fromName: displayName };
  const unchecked: string[] = [];
  const extensionConfigs: Reference[] = [];
  const filterTypes: string[] = [];
  chain.list('filters').forEach((filter) => {
    const discovered = configDiscovery(ctx, filter, owner);
    if (discovered) return extensionConfigs.push(discovered);
    const config = filterConfig(filter);
    const typeName = config?.type ? config.registry.nameOf(config.type) : undefined;
    if (typeName !== undefined) filterTypes.push(typeName.replace(/^\./, ''));
    if (config) filterClusterNames(config, typeName, clusters);
    if (config && typeName === HCM) {
      node.httpConnectionManager = hcm(ctx, config, owner);
      for (const httpFilter of config.list('http_filters')) {
        const ref = configDiscovery(ctx, httpFilter, owner);
        if (ref) extensionConfigs.push(ref);
      }
    } else if (config && typeName === TCP_PROXY) node.tcpProxy = tcpProxy(ctx, config, owner);
    else unchecked.push(filter.str('name')?.value ?? '(unnamed filter)');
  });
  if (unchecked.length > 0) node.uncheckedFilters = unchecked;
  if (filterTypes.length > 0) node.filterTypes = filterTypes;
  const tls = downstreamTls(ctx, chain.msg('transport_socket')?.msg('typed_config') ?? chain.msg('tls_context'));
  if (tls) node.tls = tls;
  const secrets = sdsSecrets(ctx, chain.raw('transport_socket'), owner);
  if (secrets.length > 0) node.secrets = secrets;
  if (extensionConfigs.length > 0) node.extensionConfigs = extensionConfigs;
  return node;
}

/**
 * Cluster names a network filter's config holds besides route actions and TCP proxy clusters (an ext_authz or rate
 * limit service, a tracing collector, an access log service): the HTTP filters, access logs and tracing of an HTTP
 * connection manager (not its routes), a TCP proxy's access logs, and the whole config of every other filter.
 */
function filterClusterNames(config: Msg, typeName: string | undefined, out: Set<string>): void {
  if (typeName === HCM) {
    for (const field of ['http_filters', 'access_log', 'tracing']) namedClusters(config.raw(field)?.value, out);
  } else if (typeName === TCP_PROXY) namedClusters(config.raw('access_log')?.value, out);
  else namedClusters(config.value, out);
}

/** A filter whose config comes by ECDS (`config_discovery`): a reference to the filter config it asks for by name. */
function configDiscovery(ctx: BuildContext, filter: Msg, owner: RefOwner): Reference | undefined {
  if (!filter.has('config_discovery')) return undefined;
  const name = filter.str('name');
  return name ? ctx.ref('extension_config', 'config_discovery', name, owner) : undefined;
}

/** A filter's config: typed_config (an Any, possibly a TypedStruct around the real message) or the old `config` Struct. */
function filterConfig(filter: Msg): Msg | undefined {
  const typed = filter.msg('typed_config');
  if (typed) {
    const url = typed.typeUrl() ?? '';
    if (TYPED_STRUCTS.has(filter.registry.canonicalName(url))) {
      const inner = typed.raw('value');
      const innerUrl = typed.str('type_url')?.value;
      if (inner && isObject(inner.value) && innerUrl) return new Msg(filter.registry, inner.value, inner.pointer, filter.registry.messageType(innerUrl));
      return undefined;
    }
    return typed;
  }
  const legacy = filter.raw('config') ?? (isObject(filter.value.config) ? { value: filter.value.config, pointer: childPointer(filter.pointer, 'config') } : undefined);
  const name = filter.str('name')?.value;
  if (legacy && isObject(legacy.value) && name) return new Msg(filter.registry, legacy.value, legacy.pointer, filter.registry.structConfigType(name));
  return undefined;
}

function chainMatch(match: Msg | undefined, input: number): FilterChainMatchSummary {
  const summary: FilterChainMatchSummary = {};
  if (!match) return summary;
  const port = match.num('destination_port');
  if (port !== undefined) {
    summary.destinationPort = port.value;
    summary.destinationPortOrigin = { input, pointer: port.pointer };
  }
  const cidrs = (field: string): string[] =>
    match.list(field).map((r) => `${r.str('address_prefix')?.value ?? ''}/${r.num('prefix_len')?.value ?? 0}`);
  if (match.has('prefix_ranges')) summary.prefixRanges = cidrs('prefix_ranges');
  if (match.has('source_prefix_ranges')) summary.sourcePrefixRanges = cidrs('source_prefix_ranges');
  if (match.has('direct_source_prefix_ranges')) summary.directSourcePrefixRanges = cidrs('direct_source_prefix_ranges');
  if (match.has('server_names')) summary.serverNames = match.strings('server_names');
  const transport = match.str('transport_protocol')?.value;
  if (transport !== undefined) summary.transportProtocol = transport;
  if (match.has('application_protocols')) summary.applicationProtocols = match.strings('application_protocols');
  const sourceType = match.enumName('source_type');
  if (sourceType !== undefined) summary.sourceType = sourceType;
  const sourcePorts = match.raw('source_ports');
  if (sourcePorts && isList(sourcePorts.value)) summary.sourcePorts = [...sourcePorts.value].filter((p): p is number => typeof p === 'number');
  return summary;
}

function hcm(ctx: BuildContext, config: Msg, owner: RefOwner): HttpConnectionManagerNode {
  const node: HttpConnectionManagerNode = { origin: ctx.origin(config.pointer) };
  const rdsName = config.msg('rds')?.str('route_config_name');
  if (rdsName) node.rds = ctx.ref('route_config', 'rds', rdsName, owner);
  const inline = config.msg('route_config');
  if (inline) {
    const routeConfig = buildRouteConfig(ctx, inline, ctx.listenerState === 'draining' ? 'draining' : 'inline', `(inline route config in ${owner.fromName})`);
    ctx.yields.routeConfigs.push(routeConfig);
    node.inlineRouteConfig = routeConfig.name;
  }
  if (config.has('scoped_routes')) node.scopedRoutes = true;
  const codec = config.enumName('codec_type');
  if (codec !== undefined) node.codecType = codec;
  if (config.bool('strip_any_host_port')) node.stripAnyHostPort = true;
  if (config.bool('strip_matching_host_port')) node.stripMatchingHostPort = true;
  return node;
}

function tcpProxy(ctx: BuildContext, config: Msg, owner: RefOwner): TcpProxyNode {
  const clusters: Reference[] = [];
  const cluster = config.str('cluster');
  if (cluster) clusters.push(ctx.ref('cluster', 'tcp_proxy.cluster', cluster, owner));
  for (const weighted of config.msg('weighted_clusters')?.list('clusters') ?? []) {
    const name = weighted.str('name');
    if (name) clusters.push(ctx.ref('cluster', 'tcp_proxy.weighted_clusters', name, owner));
  }
  return { clusters, origin: ctx.origin(config.pointer) };
}
