// Builds the ProxyGraph from the resources of one proxy's inputs (one or several files merged).
import type {
  CircuitBreakerThresholds,
  ClusterNode,
  EndpointsNode,
  ExtensionConfigNode,
  FilterChainMatchSummary,
  FilterChainNode,
  HeaderMatch,
  HttpConnectionManagerNode,
  ListenerNode,
  Origin,
  Reference,
  ResourceState,
  RouteActionSummary,
  RouteConfigNode,
  RouteMatchSummary,
  RouteNode,
  SecretNode,
  TcpProxyNode,
  VirtualHostNode,
} from '../generated/graph.js';
import { Msg, isObject, childPointer, type Located } from '../load/reader.js';
import type { RawResource, ResourceSet } from '../load/resources.js';
import { ProxyGraph, type GraphNote, type RejectedUpdate, type ValueProblem } from './graph.js';

const HCM = '.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const TCP_PROXY = '.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy';
const TYPED_STRUCTS = new Set(['udpa.type.v1.TypedStruct', 'xds.type.v3.TypedStruct']);

type RefOwner = Pick<Reference, 'fromKind' | 'fromName'>;

class Builder {
  readonly listeners: ListenerNode[] = [];
  readonly routeConfigs: RouteConfigNode[] = [];
  readonly clusters: ClusterNode[] = [];
  readonly endpoints: EndpointsNode[] = [];
  readonly secrets: SecretNode[] = [];
  readonly extensionConfigs: ExtensionConfigNode[] = [];
  readonly notes: GraphNote[] = [];
  private input = 0;

  origin(pointer: string): Origin {
    return { input: this.input, pointer };
  }

  resource(resource: RawResource): void {
    this.input = resource.input;
    switch (resource.type) {
      case 'listener':
        this.listeners.push(this.listener(resource.msg, resource.state));
        break;
      case 'route_config':
        this.routeConfigs.push(this.routeConfig(resource.msg, resource.state, undefined));
        break;
      case 'cluster':
        this.clusters.push(this.cluster(resource.msg, resource.state));
        break;
      case 'endpoints':
        this.endpoints.push(this.loadAssignment(resource.msg, resource.state));
        break;
      case 'secret':
        this.secrets.push({ name: resource.msg.str('name')?.value ?? '(unnamed secret)', state: resource.state, origin: this.origin(resource.msg.pointer), nameOrigin: this.nameOrigin(resource.msg) });
        break;
      case 'extension_config':
        this.extensionConfigs.push({ name: resource.msg.str('name')?.value ?? '(unnamed filter config)', state: resource.state, origin: this.origin(resource.msg.pointer), nameOrigin: this.nameOrigin(resource.msg) });
        break;
    }
  }

  private ref(targetKind: Reference['targetKind'], via: Reference['via'], name: { value: string; pointer: string }, owner: RefOwner): Reference {
    return { targetKind, via, name: name.value, origin: this.origin(name.pointer), ...owner };
  }

  /** The origin of a resource's name value, or of the resource itself when it has no name. */
  private nameOrigin(msg: Msg, field = 'name'): Origin {
    return this.origin(msg.str(field)?.pointer ?? msg.pointer);
  }

  /** The state of the listener being built: routes inlined in a draining listener drain with it. */
  private listenerState: ResourceState = 'active';

  listener(msg: Msg, state: ResourceState): ListenerNode {
    this.listenerState = state;
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
      origin: this.origin(msg.pointer),
      nameOrigin: this.nameOrigin(msg),
    };
    const addr = socket?.str('address')?.value;
    const port = socket?.num('port_value')?.value;
    if (addr !== undefined) node.address = addr;
    if (port !== undefined) node.port = port;
    if (socket?.enumName('protocol') === 'UDP') node.protocol = 'UDP';
    if (address?.has('envoy_internal_address')) node.internal = true;
    const direction = msg.enumName('traffic_direction');
    if (direction === 'INBOUND' || direction === 'OUTBOUND' || direction === 'UNSPECIFIED') node.trafficDirection = direction;
    node.filterChains = msg.list('filter_chains').map((chain, i) => this.filterChain(chain, i, name));
    const fallback = msg.msg('default_filter_chain');
    if (fallback) node.defaultFilterChain = this.filterChain(fallback, -1, name);
    for (const filter of msg.list('listener_filters')) {
      const ref = this.configDiscovery(filter, { fromKind: 'listener', fromName: `listener ${name}` });
      if (ref) node.references.push(ref);
    }
    const matcher = msg.raw('filter_chain_matcher');
    if (matcher && isObject(matcher.value)) {
      const chainNames = new Set(node.filterChains.map((c) => c.name).filter((n) => n !== undefined));
      if (node.defaultFilterChain?.name) chainNames.add(node.defaultFilterChain.name);
      for (const action of matcherActions(matcher.value, matcher.pointer)) {
        const ref = this.ref('filter_chain', 'filter_chain_matcher', action, { fromKind: 'listener', fromName: `listener ${name}` });
        node.references.push(ref);
        if (!chainNames.has(action.value)) this.danglingChains.push(ref);
      }
    }
    return node;
  }

  /** filter_chain_matcher names unknown among the listener's chains: resolved here, where the chains are known. */
  readonly danglingChains: Reference[] = [];

  private filterChain(chain: Msg, index: number, listenerName: string): FilterChainNode {
    const chainName = chain.str('name')?.value;
    const displayName = `listener ${listenerName}, ${index < 0 ? 'default filter chain' : `filter chain ${chainName ? `"${chainName}"` : index}`}`;
    const node: FilterChainNode = { index, displayName, isDefault: index < 0, match: this.chainMatch(chain.msg('filter_chain_match')), origin: this.origin(chain.pointer) };
    if (chainName !== undefined) node.name = chainName;
    const owner: RefOwner = { fromKind: 'filter_chain', fromName: displayName };
    const unchecked: string[] = [];
    const extensionConfigs: Reference[] = [];
    chain.list('filters').forEach((filter) => {
      const discovered = this.configDiscovery(filter, owner);
      if (discovered) return extensionConfigs.push(discovered);
      const config = this.filterConfig(filter);
      const typeName = config?.type ? config.registry.nameOf(config.type) : undefined;
      if (config && typeName === HCM) {
        node.httpConnectionManager = this.hcm(config, owner);
        for (const httpFilter of config.list('http_filters')) {
          const ref = this.configDiscovery(httpFilter, owner);
          if (ref) extensionConfigs.push(ref);
        }
      } else if (config && typeName === TCP_PROXY) node.tcpProxy = this.tcpProxy(config, owner);
      else unchecked.push(filter.str('name')?.value ?? '(unnamed filter)');
    });
    if (unchecked.length > 0) node.uncheckedFilters = unchecked;
    const secrets = this.sdsSecrets(chain.raw('transport_socket'), owner);
    if (secrets.length > 0) node.secrets = secrets;
    if (extensionConfigs.length > 0) node.extensionConfigs = extensionConfigs;
    return node;
  }

  /** A filter whose config comes by ECDS (`config_discovery`): a reference to the filter config it asks for by name. */
  private configDiscovery(filter: Msg, owner: RefOwner): Reference | undefined {
    if (!filter.has('config_discovery')) return undefined;
    const name = filter.str('name');
    return name ? this.ref('extension_config', 'config_discovery', name, owner) : undefined;
  }

  /**
   * The SDS secrets a transport socket names: tls_certificate_sds_secret_configs and validation_context_sds_secret_config
   * (also inside combined_validation_context), found wherever they sit, since control planes wrap the TLS socket in
   * others (Istio's internal_upstream and tcp_stats sockets) whose config types envoy-lint does not walk.
   */
  private sdsSecrets(socket: Located<unknown> | undefined, owner: RefOwner): Reference[] {
    const out: Reference[] = [];
    if (!socket) return out;
    const named = (value: unknown, at: string): void => {
      if (isObject(value) && typeof value.name === 'string') out.push(this.ref('secret', 'transport_socket.sds', { value: value.name, pointer: childPointer(at, 'name') }, owner));
    };
    const walk = (value: unknown, at: string, depth: number): void => {
      if (depth > 32) return;
      if (Array.isArray(value)) return value.forEach((item, i) => walk(item, childPointer(at, i), depth + 1));
      if (!isObject(value)) return;
      for (const [key, child] of Object.entries(value)) {
        const here = childPointer(at, key);
        if (key === 'tls_certificate_sds_secret_configs' || key === 'tlsCertificateSdsSecretConfigs') {
          if (Array.isArray(child)) child.forEach((item, i) => named(item, childPointer(here, i)));
        } else if (key === 'validation_context_sds_secret_config' || key === 'validationContextSdsSecretConfig') named(child, here);
        else walk(child, here, depth + 1);
      }
    };
    walk(socket.value, socket.pointer, 0);
    return out;
  }

  /** A filter's config: typed_config (an Any, possibly a TypedStruct around the real message) or the old `config` Struct. */
  private filterConfig(filter: Msg): Msg | undefined {
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

  private chainMatch(match: Msg | undefined): FilterChainMatchSummary {
    const summary: FilterChainMatchSummary = {};
    if (!match) return summary;
    const port = match.num('destination_port')?.value;
    if (port !== undefined) summary.destinationPort = port;
    const cidrs = (field: string): string[] =>
      match.list(field).map((r) => `${r.str('address_prefix')?.value ?? ''}/${r.num('prefix_len')?.value ?? 0}`);
    if (match.has('prefix_ranges')) summary.prefixRanges = cidrs('prefix_ranges');
    if (match.has('source_prefix_ranges')) summary.sourcePrefixRanges = cidrs('source_prefix_ranges');
    if (match.has('server_names')) summary.serverNames = match.strings('server_names');
    const transport = match.str('transport_protocol')?.value;
    if (transport !== undefined) summary.transportProtocol = transport;
    if (match.has('application_protocols')) summary.applicationProtocols = match.strings('application_protocols');
    const sourceType = match.enumName('source_type');
    if (sourceType !== undefined) summary.sourceType = sourceType;
    const sourcePorts = match.raw('source_ports');
    if (sourcePorts && Array.isArray(sourcePorts.value)) summary.sourcePorts = sourcePorts.value.filter((p): p is number => typeof p === 'number');
    return summary;
  }

  private hcm(config: Msg, owner: RefOwner): HttpConnectionManagerNode {
    const node: HttpConnectionManagerNode = { origin: this.origin(config.pointer) };
    const rdsName = config.msg('rds')?.str('route_config_name');
    if (rdsName) node.rds = this.ref('route_config', 'rds', rdsName, owner);
    const inline = config.msg('route_config');
    if (inline) {
      const routeConfig = this.routeConfig(inline, this.listenerState === 'draining' ? 'draining' : 'inline', `(inline route config in ${owner.fromName})`);
      this.routeConfigs.push(routeConfig);
      node.inlineRouteConfig = routeConfig.name;
    }
    if (config.has('scoped_routes')) node.scopedRoutes = true;
    return node;
  }

  private tcpProxy(config: Msg, owner: RefOwner): TcpProxyNode {
    const clusters: Reference[] = [];
    const cluster = config.str('cluster');
    if (cluster) clusters.push(this.ref('cluster', 'tcp_proxy.cluster', cluster, owner));
    for (const weighted of config.msg('weighted_clusters')?.list('clusters') ?? []) {
      const name = weighted.str('name');
      if (name) clusters.push(this.ref('cluster', 'tcp_proxy.weighted_clusters', name, owner));
    }
    return { clusters, origin: this.origin(config.pointer) };
  }

  routeConfig(msg: Msg, state: ResourceState, fallbackName: string | undefined): RouteConfigNode {
    const name = msg.str('name')?.value ?? fallbackName ?? '(unnamed route config)';
    const virtualHosts = msg.list('virtual_hosts').map((vh) => this.virtualHost(vh, name));
    const node: RouteConfigNode = { name, state, virtualHosts, origin: this.origin(msg.pointer), nameOrigin: this.nameOrigin(msg) };
    if (msg.bool('ignore_port_in_host_matching')) node.ignorePortInHostMatching = true;
    return node;
  }

  private virtualHost(msg: Msg, routeConfigName: string): VirtualHostNode {
    const name = msg.str('name')?.value ?? '(unnamed virtual host)';
    const routes = msg.list('routes').map((route, i) => this.route(route, i, `route config ${routeConfigName}, virtual host ${name}`));
    return { name, domains: msg.strings('domains'), routes, origin: this.origin(msg.pointer), nameOrigin: this.nameOrigin(msg) };
  }

  private route(msg: Msg, index: number, where: string): RouteNode {
    const routeName = msg.str('name')?.value;
    const displayName = `${where}, route ${routeName ? `"${routeName}"` : index}`;
    const owner: RefOwner = { fromKind: 'route', fromName: displayName };
    const references: Reference[] = [];
    let action: RouteNode['action'] = 'none';
    const routeAction = msg.msg('route');
    if (routeAction) {
      const cluster = routeAction.str('cluster');
      const weighted = routeAction.msg('weighted_clusters');
      if (cluster) {
        action = 'cluster';
        references.push(this.ref('cluster', 'route.cluster', cluster, owner));
      } else if (weighted) {
        action = 'weighted_clusters';
        for (const entry of weighted.list('clusters')) {
          const name = entry.str('name');
          if (name) references.push(this.ref('cluster', 'route.weighted_clusters', name, owner));
        }
      } else if (routeAction.has('cluster_header')) action = 'cluster_header';
      else if (routeAction.has('cluster_specifier_plugin') || routeAction.has('inline_cluster_specifier_plugin')) action = 'cluster_specifier_plugin';
      for (const mirror of routeAction.list('request_mirror_policies')) {
        const name = mirror.str('cluster');
        if (name) references.push(this.ref('cluster', 'route.request_mirror_policies', name, owner));
      }
      // The v2 singular form, still found in old dumps.
      const legacyMirror = routeAction.raw('request_mirror_policy') ?? routeAction.raw('requestMirrorPolicy');
      if (legacyMirror && isObject(legacyMirror.value) && typeof legacyMirror.value.cluster === 'string') {
        references.push(this.ref('cluster', 'route.request_mirror_policies', { value: legacyMirror.value.cluster, pointer: childPointer(legacyMirror.pointer, 'cluster') }, owner));
      }
    } else if (msg.has('redirect')) action = 'redirect';
    else if (msg.has('direct_response')) action = 'direct_response';
    else if (msg.has('filter_action')) action = 'filter_action';
    else if (msg.has('non_forwarding_action')) action = 'non_forwarding';
    const node: RouteNode = { index, displayName, action, references, origin: this.origin(msg.pointer) };
    if (routeName !== undefined) node.name = routeName;
    const match = msg.msg('match');
    if (match) node.match = routeMatch(match);
    node.actionDetails = routeActionDetails(msg);
    return node;
  }

  cluster(msg: Msg, state: ResourceState): ClusterNode {
    const name = msg.str('name')?.value ?? '(unnamed cluster)';
    const discoveryType = msg.enumName('type') ?? msg.msg('cluster_type')?.str('name')?.value ?? 'STATIC';
    const node: ClusterNode = { name, state, discoveryType, origin: this.origin(msg.pointer), nameOrigin: this.nameOrigin(msg) };
    if (discoveryType === 'EDS') {
      const serviceName = msg.msg('eds_cluster_config')?.str('service_name')?.value;
      node.edsServiceName = serviceName || name;
      if (serviceName) node.serviceNameGiven = true;
    }
    const assignment = msg.msg('load_assignment');
    if (assignment) node.inlineEndpoints = countEndpoints(assignment).total;
    const owner: RefOwner = { fromKind: 'cluster', fromName: `cluster ${name}` };
    const secrets = [msg.raw('transport_socket'), ...msg.list('transport_socket_matches').map((m) => m.raw('transport_socket'))].flatMap((socket) => this.sdsSecrets(socket, owner));
    if (secrets.length > 0) node.secrets = secrets;
    const breakers = msg.msg('circuit_breakers');
    if (breakers) node.circuitBreakers = { thresholds: breakers.list('thresholds').map((t) => this.thresholds(t)), origin: this.origin(breakers.pointer) };
    return node;
  }

  private thresholds(msg: Msg): CircuitBreakerThresholds {
    const out: CircuitBreakerThresholds = { priority: msg.enumName('priority') ?? 'DEFAULT', origin: this.origin(msg.pointer) };
    for (const [field, key] of [['max_connections', 'maxConnections'], ['max_pending_requests', 'maxPendingRequests'], ['max_requests', 'maxRequests'], ['max_retries', 'maxRetries']] as const) {
      const limit = msg.num(field) ?? msg.msg(field)?.num('value');
      if (limit) out[key] = limit.value;
    }
    return out;
  }

  loadAssignment(msg: Msg, state: ResourceState): EndpointsNode {
    const counts = countEndpoints(msg);
    const name = msg.str('cluster_name')?.value;
    return {
      clusterName: name || '(unnamed load assignment)',
      state,
      endpointCount: counts.total,
      healthyCount: counts.healthy,
      origin: this.origin(msg.pointer),
      nameOrigin: this.nameOrigin(msg, 'cluster_name'),
      ...(name ? {} : { unnamed: true }),
    };
  }
}

/** A StringMatcher (exact / prefix / suffix / contains / safe_regex, ignore_case) as a HeaderMatch's kind and value. */
function stringMatch(m: Msg): Pick<HeaderMatch, 'kind' | 'value' | 'ignoreCase'> {
  const out: Pick<HeaderMatch, 'kind' | 'value' | 'ignoreCase'> = { kind: 'any' };
  for (const kind of ['exact', 'prefix', 'suffix', 'contains'] as const) {
    const v = m.str(kind);
    if (v) Object.assign(out, { kind, value: v.value });
  }
  const regex = m.msg('safe_regex')?.str('regex');
  if (regex) Object.assign(out, { kind: 'regex', value: regex.value });
  if (m.bool('ignore_case')) out.ignoreCase = true;
  return out;
}

/** HeaderMatcher → HeaderMatch (Envoy: route_components.proto HeaderMatcher; the deprecated *_match forms too). */
function headerMatch(h: Msg): HeaderMatch {
  const out: HeaderMatch = { name: h.str('name')?.value ?? '', kind: 'any', invert: h.bool('invert_match') ?? false };
  const sm = h.msg('string_match');
  if (sm) Object.assign(out, stringMatch(sm));
  for (const [field, kind] of [['exact_match', 'exact'], ['prefix_match', 'prefix'], ['suffix_match', 'suffix'], ['contains_match', 'contains']] as const) {
    const v = h.str(field);
    if (v) Object.assign(out, { kind, value: v.value });
  }
  const regex = h.msg('safe_regex_match')?.str('regex');
  if (regex) Object.assign(out, { kind: 'regex', value: regex.value });
  const present = h.bool('present_match');
  if (present !== undefined) out.kind = present ? 'present' : 'absent';
  const range = h.msg('range_match');
  if (range) Object.assign(out, { kind: 'range', rangeStart: range.num('start')?.value ?? 0, rangeEnd: range.num('end')?.value ?? 0 });
  if (h.bool('treat_missing_header_as_empty')) out.treatMissingAsEmpty = true;
  return out;
}

function queryMatch(q: Msg): HeaderMatch {
  const out: HeaderMatch = { name: q.str('name')?.value ?? '', kind: 'present', invert: false };
  const sm = q.msg('string_match');
  if (sm) Object.assign(out, stringMatch(sm));
  if (q.bool('present_match') === false) out.kind = 'absent';
  return out;
}

function routeMatch(m: Msg): RouteMatchSummary {
  const out: RouteMatchSummary = { caseSensitive: m.bool('case_sensitive') ?? true, headers: m.list('headers').map(headerMatch), queryParameters: m.list('query_parameters').map(queryMatch) };
  for (const [field, key] of [['prefix', 'prefix'], ['path', 'path'], ['path_separated_prefix', 'pathSeparatedPrefix']] as const) {
    const v = m.str(field);
    if (v) out[key] = v.value;
  }
  const regex = m.msg('safe_regex')?.str('regex');
  if (regex) out.safeRegex = regex.value;
  const policy = m.msg('path_match_policy')?.str('name');
  if (policy) out.pathMatchPolicy = policy.value;
  if (m.has('connect_matcher')) out.connectMatcher = true;
  if (m.has('runtime_fraction')) out.runtimeFraction = true;
  if (m.has('grpc')) out.grpc = true;
  if (m.has('dynamic_metadata')) out.dynamicMetadata = true;
  const tls = m.msg('tls_context');
  if (tls) {
    out.tlsContext = {};
    const presented = tls.bool('presented');
    const validated = tls.bool('validated');
    if (presented !== undefined) out.tlsContext.presented = presented;
    if (validated !== undefined) out.tlsContext.validated = validated;
  }
  return out;
}

function routeActionDetails(route: Msg): RouteActionSummary {
  const out: RouteActionSummary = {};
  const action = route.msg('route');
  if (action) {
    const cluster = action.str('cluster');
    if (cluster) out.cluster = cluster.value;
    const weighted = action.msg('weighted_clusters');
    if (weighted) out.weightedClusters = weighted.list('clusters').map((c) => ({ name: c.str('name')?.value ?? '', weight: c.num('weight')?.value ?? 0 }));
    const header = action.str('cluster_header');
    if (header) out.clusterHeader = header.value;
    const prefixRewrite = action.str('prefix_rewrite');
    if (prefixRewrite) out.prefixRewrite = prefixRewrite.value;
    const regexRewrite = action.msg('regex_rewrite');
    if (regexRewrite) out.regexRewrite = { pattern: regexRewrite.msg('pattern')?.str('regex')?.value ?? '', substitution: regexRewrite.str('substitution')?.value ?? '' };
    const host = action.str('host_rewrite_literal');
    if (host) out.hostRewriteLiteral = host.value;
    if (action.bool('auto_host_rewrite')) out.autoHostRewrite = true;
    const timeout = action.str('timeout');
    if (timeout) out.timeout = timeout.value;
  }
  const redirect = route.msg('redirect');
  if (redirect) {
    const r: NonNullable<RouteActionSummary['redirect']> = {};
    for (const [field, key] of [['host_redirect', 'hostRedirect'], ['path_redirect', 'pathRedirect'], ['prefix_rewrite', 'prefixRewrite'], ['scheme_redirect', 'schemeRedirect']] as const) {
      const v = redirect.str(field);
      if (v) r[key] = v.value;
    }
    if (redirect.bool('https_redirect')) r.httpsRedirect = true;
    const port = redirect.num('port_redirect');
    if (port) r.portRedirect = port.value;
    const code = redirect.enumName('response_code');
    if (code) r.responseCode = code;
    if (redirect.bool('strip_query')) r.stripQuery = true;
    out.redirect = r;
  }
  const direct = route.msg('direct_response')?.num('status');
  if (direct) out.directResponseStatus = direct.value;
  return out;
}

/** Envoy routes to HEALTHY and UNKNOWN hosts alike; absent health_status means UNKNOWN. */
const ROUTABLE_HEALTH = new Set([undefined, 'HEALTHY', 'UNKNOWN']);

function countEndpoints(assignment: Msg): { total: number; healthy: number } {
  let total = 0;
  let healthy = 0;
  for (const locality of assignment.list('endpoints')) {
    for (const lb of locality.list('lb_endpoints')) {
      total++;
      if (ROUTABLE_HEALTH.has(lb.enumName('health_status'))) healthy++;
    }
  }
  return { total, healthy };
}

/**
 * The filter-chain names a filter_chain_matcher's actions pick. The matcher tree has many node kinds; every action
 * is a google.protobuf.StringValue Any naming a chain, so walk the tree for those rather than modelling each node.
 */
function matcherActions(tree: Record<string, unknown>, pointer: string): Array<{ value: string; pointer: string }> {
  const out: Array<{ value: string; pointer: string }> = [];
  const walk = (value: unknown, at: string, depth: number): void => {
    if (depth > 64) return;
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, childPointer(at, i), depth + 1));
    else if (isObject(value)) {
      const type = value['@type'];
      if (typeof type === 'string' && type.endsWith('google.protobuf.StringValue') && typeof value.value === 'string') {
        out.push({ value: value.value, pointer: childPointer(at, 'value') });
        return;
      }
      for (const [key, child] of Object.entries(value)) walk(child, childPointer(at, key), depth + 1);
    }
  };
  walk(tree, pointer, 0);
  return out;
}

/**
 * Builds the graph as resources arrive: the loader hands each resource over as soon as it is read, and the builder
 * keeps only node summaries, so an input's parse tree need not outlive its reading.
 */
export class GraphBuilder {
  private readonly builder = new Builder();

  /** Adds one resource's nodes. */
  resource(resource: RawResource): void {
    this.builder.resource(resource);
  }

  /**
   * Takes back everything an input added: a lazily read input can turn out to be damaged halfway through, and then it
   * is unreadable as a whole (like one that fails to parse at once), not half a proxy.
   */
  dropInput(input: number): void {
    const b = this.builder;
    // In place (the lists are the builder's own), without spreading: they can hold hundreds of thousands of nodes.
    const keep = <T extends { origin: Origin }>(list: T[]): void => {
      let kept = 0;
      for (const item of list) if (item.origin.input !== input) list[kept++] = item;
      list.length = kept;
    };
    keep(b.listeners);
    keep(b.routeConfigs);
    keep(b.clusters);
    keep(b.endpoints);
    keep(b.secrets);
    keep(b.extensionConfigs);
    keep(b.notes);
    keep(b.danglingChains);
  }

  /** The graph, from the resources added and each input's sections, notes, problems and rejections. */
  finish(sets: readonly ResourceSet[]): ProxyGraph {
    const builder = this.builder;
    const rejections: RejectedUpdate[] = [];
    const problems: ValueProblem[] = [];
    const sections = new Set<RawResource['type']>();
    let node: ResourceSet['node'];
    for (const set of sets) {
      for (const resource of set.resources) builder.resource(resource);
      for (const r of set.rejections) rejections.push({ type: r.type, name: r.name, details: r.details, origin: { input: r.input, pointer: r.pointer } });
      for (const section of set.sections) sections.add(section);
      for (const p of set.problems) problems.push({ origin: { input: p.input, pointer: p.pointer }, message: p.message, ...(p.resource ? { resource: p.resource } : {}) });
      for (const note of set.notes) {
        const origin: Origin = note.line !== undefined ? { input: note.input, pointer: note.pointer, line: note.line } : { input: note.input, pointer: note.pointer };
        builder.notes.push({ origin, message: note.message });
      }
      node ??= set.node;
    }
    const graph = new ProxyGraph({
      listeners: builder.listeners,
      routeConfigs: builder.routeConfigs,
      clusters: builder.clusters,
      endpoints: builder.endpoints,
      secrets: builder.secrets,
      extensionConfigs: builder.extensionConfigs,
      rejections,
      sections,
      notes: builder.notes,
      problems,
      inputs: sets.map((s) => s.input),
      ...(sets[0] ? { origin: { input: sets[0].input, pointer: sets[0].pointer } } : {}),
      ...(node !== undefined ? { node } : {}),
    });
    graph.setDanglingChains(builder.danglingChains);
    return graph;
  }
}
