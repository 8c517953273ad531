// Route configuration nodes: virtual hosts, routes with their match and action summaries, and the cluster references
// routes hold (route.cluster, weighted clusters, mirrors).
import type { HeaderMatch, Reference, ResourceState, RouteActionSummary, RouteConfigNode, RouteMatchSummary, RouteNode, VirtualHostNode } from '../../generated/graph.js';
import { childPointer, isObject, type Msg } from '../../load/reader.js';
import type { BuildContext, RefOwner } from './context.js';

export function buildRouteConfig(ctx: BuildContext, msg: Msg, state: ResourceState, fallbackName: string | undefined): RouteConfigNode {
  const name = msg.str('name')?.value ?? fallbackName ?? '(unnamed route config)';
  const virtualHosts = msg.list('virtual_hosts').map((vh) => virtualHost(ctx, vh, name));
  const node: RouteConfigNode = { name, state, virtualHosts, origin: ctx.origin(msg.pointer), nameOrigin: ctx.nameOrigin(msg) };
  if (msg.bool('ignore_port_in_host_matching')) node.ignorePortInHostMatching = true;
  return node;
}

function virtualHost(ctx: BuildContext, msg: Msg, routeConfigName: string): VirtualHostNode {
  const name = msg.str('name')?.value ?? '(unnamed virtual host)';
  const routes = msg.list('routes').map((r, i) => route(ctx, r, i, `route config ${routeConfigName}, virtual host ${name}`));
  return { name, domains: msg.strings('domains'), routes, origin: ctx.origin(msg.pointer), nameOrigin: ctx.nameOrigin(msg) };
}

function route(ctx: BuildContext, msg: Msg, index: number, where: string): RouteNode {
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
      references.push(ctx.ref('cluster', 'route.cluster', cluster, owner));
    } else if (weighted) {
      action = 'weighted_clusters';
      for (const entry of weighted.list('clusters')) {
        const name = entry.str('name');
        if (name) references.push(ctx.ref('cluster', 'route.weighted_clusters', name, owner));
      }
    } else if (routeAction.has('cluster_header')) action = 'cluster_header';
    else if (routeAction.has('cluster_specifier_plugin') || routeAction.has('inline_cluster_specifier_plugin')) action = 'cluster_specifier_plugin';
    for (const mirror of routeAction.list('request_mirror_policies')) {
      const name = mirror.str('cluster');
      if (name) references.push(ctx.ref('cluster', 'route.request_mirror_policies', name, owner));
    }
    // The v2 singular form, still found in old dumps.
    const legacyMirror = routeAction.raw('request_mirror_policy') ?? routeAction.raw('requestMirrorPolicy');
    if (legacyMirror && isObject(legacyMirror.value) && typeof legacyMirror.value.cluster === 'string') {
      references.push(ctx.ref('cluster', 'route.request_mirror_policies', { value: legacyMirror.value.cluster, pointer: childPointer(legacyMirror.pointer, 'cluster') }, owner));
    }
  } else if (msg.has('redirect')) action = 'redirect';
  else if (msg.has('direct_response')) action = 'direct_response';
  else if (msg.has('filter_action')) action = 'filter_action';
  else if (msg.has('non_forwarding_action')) action = 'non_forwarding';
  const node: RouteNode = { index, displayName, action, references, origin: ctx.origin(msg.pointer) };
  if (routeName !== undefined) node.name = routeName;
  const match = msg.msg('match');
  if (match) node.match = routeMatch(match);
  node.actionDetails = routeActionDetails(msg, ctx.input);
  return node;
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

function routeActionDetails(route: Msg, input: number): RouteActionSummary {
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
    if (timeout) {
      out.timeout = timeout.value;
      out.timeoutOrigin = { input, pointer: timeout.pointer };
    }
    out.actionOrigin = { input, pointer: action.pointer };
    const idle = action.str('idle_timeout');
    if (idle) out.idleTimeout = idle.value;
    const retry = action.msg('retry_policy');
    if (retry) {
      const retryOn = retry.str('retry_on')?.value;
      const numRetries = retry.num('num_retries')?.value;
      const perTry = retry.str('per_try_timeout')?.value;
      out.retryPolicy = { origin: { input, pointer: retry.pointer }, ...(retryOn !== undefined ? { retryOn } : {}), ...(numRetries !== undefined ? { numRetries } : {}), ...(perTry !== undefined ? { perTryTimeout: perTry } : {}) };
    }
    const stream = action.msg('max_stream_duration');
    const streamMax = stream?.str('max_stream_duration');
    if (streamMax) out.maxStreamDuration = streamMax.value;
    const grpcMax = stream?.str('grpc_timeout_header_max');
    if (grpcMax) out.grpcTimeoutHeaderMax = grpcMax.value;
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

