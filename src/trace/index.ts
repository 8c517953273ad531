// trace: follow one request through the sidecar — iptables (when given), listener, filter chain, HTTP connection
// manager or TCP proxy, route configuration, virtual host, route, cluster, endpoints — saying at each hop what matched
// and why the others did not. No I/O: the CLI loads the inputs.
import type { IptablesInput } from '../load/iptables/index.js';
import { INBOUND_CAPTURE_PORT, VIRTUAL_INBOUND } from '../model/istio.js';
import type { FilterChainNode, ListenerNode, ProxyGraph, RouteConfigNode } from '../model/graph.js';
import { inboundByPort, outboundByPort, outcomeAt, rulesetsFor } from '../model/interception/index.js';
import { resolveCluster, type ClusterOutcome } from '../match/cluster.js';
import { describeConnection, selectFilterChain, usesFilterChainMatcher } from '../match/filter-chain.js';
import { parseIp } from '../match/ip.js';
import { boundListener, handoffListener, servingListeners } from '../match/listener.js';
import { routeTarget } from '../match/action.js';
import type { Connection } from '../match/request.js';
import { invalidRegex } from '../match/invalid-regex.js';
import { selectRoute } from '../match/route.js';
import { domainMatches, selectVirtualHost } from '../match/virtual-host.js';
import { matcherHop } from './chain-matcher.js';
import type { Hop, TraceBranch, TraceOutcome, TraceRequest, TraceResult } from './types.js';

export type * from './types.js';
export { formatTrace } from './format.js';

const OTHERS_CAP = 8;

function capped<T>(items: readonly T[], map: (item: T) => { resource: string; reason: string }): Pick<Hop, 'others' | 'othersOmitted'> {
  if (items.length === 0) return {};
  const others = items.slice(0, OTHERS_CAP).map(map);
  return items.length > OTHERS_CAP ? { others, othersOmitted: items.length - OTHERS_CAP } : { others };
}

class Tracer {
  readonly hops: Hop[] = [];
  readonly warnings: string[] = [];
  branches: TraceBranch[] | undefined;

  constructor(
    private readonly graph: ProxyGraph,
    private readonly iptables: readonly IptablesInput[],
    private readonly request: TraceRequest,
    /** Whose capture is assumed without iptables: "Istio's", "the sidecar's". */
    private readonly capture: string,
  ) {}

  run(): TraceOutcome {
    if (this.request.listener !== undefined) return this.namedListener(this.request.listener);
    const entry = this.entryPort();
    if ('outcome' in entry) return entry.outcome;
    const { port, redirected } = entry;
    const req = this.request;
    const bound = boundListener(this.graph, req.address, port);
    this.hops.push({
      step: 'listener',
      matched: bound.listener !== undefined,
      ...(bound.listener ? { resource: bound.listener.name, origin: bound.listener.nameOrigin ?? bound.listener.origin } : {}),
      reason: bound.reason,
      ...capped(bound.others, (o) => ({ resource: o.listener.name, reason: o.reason })),
    });
    if (!bound.listener) {
      if (!this.graph.hasSection('listener')) return { kind: 'unknown', summary: 'the inputs hold no listeners: cannot tell which listener takes the connection' };
      return { kind: 'refused', summary: `nothing listens on port ${port}: the connection is refused` };
    }
    let listener = bound.listener;
    if (listener.useOriginalDst && redirected) {
      const handoff = handoffListener(this.graph, listener, req.address, req.port);
      this.hops.push({
        step: 'handoff',
        matched: handoff.listener !== undefined,
        ...(handoff.listener ? { resource: handoff.listener.name, origin: handoff.listener.nameOrigin ?? handoff.listener.origin } : {}),
        reason: handoff.reason,
        ...capped(handoff.others, (o) => ({ resource: o.listener.name, reason: o.reason })),
      });
      if (handoff.listener) listener = handoff.listener;
    }
    return this.filterChain(listener);
  }

  /** --listener: the connection starts at the named listener, whatever its address (internal listeners have none). */
  private namedListener(name: string): TraceOutcome {
    const listener = this.graph.listeners.find((l) => l.name === name && l.state !== 'draining' && l.state !== 'error');
    this.hops.push({
      step: 'listener',
      matched: listener !== undefined,
      ...(listener ? { resource: listener.name, origin: listener.nameOrigin ?? listener.origin } : { resource: name }),
      reason: listener ? `named by --listener${listener.internal ? ' (an internal listener)' : ''}` : `the inputs have no listener named "${name}"`,
    });
    if (!listener) return { kind: 'unknown', summary: `no listener named "${name}" in the inputs` };
    return this.filterChain(listener);
  }

  /** Where the connection enters Envoy: through the iptables model, or Istio's usual capture when none is given. */
  private entryPort(): { port: number; redirected: boolean } | { outcome: TraceOutcome } {
    const req = this.request;
    const family = parseIp(req.address)?.family ?? 'ipv4';
    const rules = this.iptables.flatMap((i) => rulesetsFor(i.parse, family));
    const ruleset = rules[0];
    if (ruleset) {
      const ranges =
        req.direction === 'inbound'
          ? inboundByPort(ruleset, { source: req.sourceIp ?? null })
          : outboundByPort(ruleset, { uid: req.uid ?? 1000, gid: req.gid ?? req.uid ?? 1000, destination: req.address });
      const decided = outcomeAt(ranges, req.port);
      if (!decided) return { outcome: { kind: 'unknown', summary: `port ${req.port} is outside the iptables model` } };
      const o = decided.outcome;
      const by = decided.decidedBy;
      const where = by.line !== null ? `${by.table}/${by.chain} rule at line ${by.line}` : `${by.table}/${by.chain} policy`;
      const line = { file: by.file, line: by.line };
      const chain = req.direction === 'inbound' ? 'PREROUTING' : 'OUTPUT';
      const who = req.direction === 'inbound' ? 'inbound' : `outbound from uid ${req.uid ?? 1000}`;
      const subject = `${who} TCP to ${req.address}:${req.port}`;
      switch (o.kind) {
        case 'redirect':
        case 'tproxy': {
          const port = o.toPort ?? req.port;
          this.hops.push({ step: 'iptables', resource: `${chain} → ${o.kind === 'redirect' ? 'REDIRECT' : 'TPROXY'} ${port}`, matched: true, reason: `${subject} is captured by the ${where}`, line });
          return { port, redirected: true };
        }
        case 'bypass':
          this.hops.push({ step: 'iptables', resource: `${chain} → ${o.via}`, matched: false, reason: `${subject} is not captured (${where}): Envoy never sees it`, line });
          return { outcome: { kind: 'bypass', summary: `not intercepted: the connection goes to ${req.address}:${req.port} without the proxy` } };
        case 'drop':
          this.hops.push({ step: 'iptables', resource: `${chain} → ${o.via}`, matched: false, reason: `${subject} is dropped by the ${where}`, line });
          return { outcome: { kind: 'dropped', summary: `iptables ${o.via === 'policy' ? 'policy DROP' : o.via} drops the connection` } };
        case 'other':
          this.hops.push({ step: 'iptables', resource: `${chain} → ${o.target}`, matched: false, reason: `${subject} reaches ${o.target} (${where}), which the model does not follow`, line });
          return { outcome: { kind: 'unknown', summary: `iptables target ${o.target} is not modelled` } };
      }
    }
    // No iptables: the sidecar's usual capture (Istio's, Kuma's, OSM's...), when the listeners look like a sidecar's.
    const serving = servingListeners(this.graph);
    if (req.direction === 'inbound') {
      const inbound = serving.find((l) => l.bindToPort && !l.useOriginalDst && (l.name === VIRTUAL_INBOUND || l.port === INBOUND_CAPTURE_PORT));
      if (inbound?.port !== undefined) {
        this.hops.push({ step: 'capture', resource: `→ ${inbound.port}`, matched: true, reason: `no iptables given: assuming ${this.capture} inbound capture (every inbound TCP connection is redirected to ${inbound.port})` });
        return { port: inbound.port, redirected: true };
      }
    }
    const outbound = serving.find((l) => l.bindToPort && l.useOriginalDst);
    if (outbound?.port !== undefined) {
      const what = req.direction === 'inbound' ? 'inbound (old sidecars redirect inbound traffic to the use_original_dst listener too)' : 'outbound';
      this.hops.push({ step: 'capture', resource: `→ ${outbound.port}`, matched: true, reason: `no iptables given: assuming ${this.capture} ${what} capture to ${outbound.name} on ${outbound.port}` });
      return { port: outbound.port, redirected: true };
    }
    this.hops.push({ step: 'capture', matched: false, reason: 'no iptables given and no use_original_dst listener: the connection goes straight to the destination port' });
    return { port: req.port, redirected: false };
  }

  private connection(): Connection {
    const req = this.request;
    const tls = req.tls ?? (req.sni !== undefined || req.http.tls !== undefined);
    // Plaintext HTTP: Istio's listeners run http_inspector, which reports http/1.1 or h2c as the application protocol.
    const alpn = req.alpn ?? (tls ? [] : ['http/1.1']);
    const conn: Connection = { destinationIp: req.address, destinationPort: req.port, transportProtocol: tls ? 'tls' : 'raw_buffer', applicationProtocols: alpn };
    if (req.sni !== undefined) conn.serverName = req.sni;
    if (req.sourceIp !== undefined) conn.sourceIp = req.sourceIp;
    if (req.sourcePort !== undefined) conn.sourcePort = req.sourcePort;
    return conn;
  }

  private filterChain(listener: ListenerNode): TraceOutcome {
    const conn = this.connection();
    const sel = selectFilterChain(listener, conn);
    const dropped = sel.steps.flatMap((s) => s.dropped.map((chain) => ({ chain, why: `${s.criterion}: needs ${describeCriterion(chain, s.criterion)}, the connection has ${s.value}${s.kept.startsWith('any') ? '' : ` (a chain with ${s.kept} is more specific)`}` })));
    if (usesFilterChainMatcher(listener)) this.hops.push(matcherHop(listener, sel));
    else {
      this.hops.push({
        step: 'filter_chain',
        matched: sel.chain !== undefined,
        ...(sel.chain ? { resource: sel.chain.displayName, origin: sel.chain.origin } : {}),
        reason: sel.reason,
        ...capped(dropped, (d) => ({ resource: d.chain.displayName, reason: d.why })),
      });
    }
    if (sel.ambiguous.length > 1) this.warnings.push(`${sel.ambiguous.length} filter chains of ${listener.name} have identical criteria for this connection (${sel.ambiguous.map((c) => c.displayName).join('; ')})`);
    if (sel.unevaluated) return { kind: 'unknown', summary: sel.reason };
    if (!sel.chain && sel.matcher) return { kind: 'NR', responseFlag: 'NR', summary: `listener ${listener.name}: ${sel.reason}` };
    if (!sel.chain) return { kind: 'NR', responseFlag: 'NR', summary: `no filter chain of ${listener.name} matches ${describeConnection(conn)}: the connection is closed (response flag NR)` };
    return this.network(sel.chain);
  }

  private network(chain: FilterChainNode): TraceOutcome {
    const hcm = chain.httpConnectionManager;
    if (hcm) return this.http(chain, hcm);
    if (chain.tcpProxy) {
      const refs = chain.tcpProxy.clusters;
      this.hops.push({ step: 'tcp_proxy', resource: refs.map((r) => r.name).join(', ') || '(no cluster)', matched: refs.length > 0, reason: refs.length > 1 ? 'weighted_clusters: one of these per connection' : 'tcp_proxy cluster', origin: chain.tcpProxy.origin });
      if (refs.length === 0) return { kind: 'unknown', summary: 'the TCP proxy names no cluster' };
      if (refs.length === 1 && refs[0]) return this.cluster(refs[0].name, refs[0].origin, this.hops, false);
      return this.split(refs.map((r) => ({ name: r.name })), false);
    }
    const filters = chain.uncheckedFilters?.join(', ') ?? 'none';
    return { kind: 'unknown', summary: `the filter chain has neither an HTTP connection manager nor a TCP proxy (filters: ${filters})` };
  }

  private inlineRouteConfig(name: string, hcmPointer: string, input: number): RouteConfigNode | undefined {
    return (
      this.graph.routeConfigs.find((r) => r.state === 'inline' && r.name === name && r.origin.input === input && r.origin.pointer.startsWith(`${hcmPointer}/`)) ??
      this.graph.routeConfigs.find((r) => r.name === name)
    );
  }

  private http(chain: FilterChainNode, hcm: NonNullable<FilterChainNode['httpConnectionManager']>): TraceOutcome {
    const req = this.request.http;
    if (hcm.scopedRoutes) {
      this.hops.push({ step: 'http_connection_manager', matched: false, reason: 'scoped_routes (SRDS) are not evaluated', origin: hcm.origin });
      return { kind: 'unknown', summary: 'the HTTP connection manager uses scoped routes, which trace does not evaluate' };
    }
    let rc: RouteConfigNode | undefined;
    if (hcm.rds) {
      rc = this.graph.routeConfig(hcm.rds.name);
      this.hops.push({
        step: 'route_config',
        resource: hcm.rds.name,
        matched: rc !== undefined,
        reason: rc ? `RDS route_config_name "${hcm.rds.name}"` : `RDS names "${hcm.rds.name}", which the inputs do not have`,
        origin: rc ? (rc.nameOrigin ?? rc.origin) : hcm.rds.origin,
      });
      if (!rc) {
        if (!this.graph.hasSection('route_config')) return { kind: 'unknown', summary: 'the inputs hold no route configurations: cannot follow the HTTP request further' };
        return { kind: 'NR', responseFlag: 'NR', status: 404, summary: `route configuration "${hcm.rds.name}" is missing: 404, response flag NR` };
      }
    } else if (hcm.inlineRouteConfig !== undefined) {
      rc = this.inlineRouteConfig(hcm.inlineRouteConfig, hcm.origin.pointer, hcm.origin.input);
      this.hops.push({ step: 'route_config', resource: hcm.inlineRouteConfig, matched: rc !== undefined, reason: 'inline route_config of the HTTP connection manager', origin: rc?.origin ?? hcm.origin });
      if (!rc) return { kind: 'unknown', summary: 'the inline route configuration could not be read' };
    } else {
      this.hops.push({ step: 'http_connection_manager', matched: false, reason: 'the HTTP connection manager has neither rds nor route_config', origin: hcm.origin });
      return { kind: 'unknown', summary: `${chain.displayName}: no route configuration` };
    }
    const invalid = invalidRegex(rc);
    if (invalid) {
      const { route, pattern, error } = invalid;
      this.warnings.push(`route configuration "${rc.name}" would be rejected: ${route.displayName} has regex /${pattern}/, which RE2 refuses (${error}). Envoy NACKs the whole resource, so the proxy cannot be running it as traced here (it keeps its previous version, if it had one)`);
    }
    const vsel = selectVirtualHost(rc, req.authority);
    const otherHosts = rc.virtualHosts.filter((v) => v !== vsel.vhost);
    this.hops.push({
      step: 'virtual_host',
      matched: vsel.vhost !== undefined,
      ...(vsel.vhost ? { resource: vsel.vhost.name, origin: vsel.vhost.nameOrigin ?? vsel.vhost.origin } : {}),
      reason: vsel.reason,
      ...capped(otherHosts, (v) => ({ resource: v.name, reason: v.domains.some((d) => domainMatches(d, vsel.host)) ? 'matches too, less specifically' : `no domain matches "${vsel.host}"` })),
    });
    if (!vsel.vhost) return { kind: 'NR', responseFlag: 'NR', status: 404, summary: `no virtual host of "${rc.name}" matches :authority "${req.authority}": 404, response flag NR` };
    const rsel = selectRoute(vsel.vhost, req);
    for (const m of rsel.maybe) this.warnings.push(`${m.route.displayName} may take the request first: ${m.reason}`);
    this.hops.push({
      step: 'route',
      matched: rsel.route !== undefined,
      ...(rsel.route ? { resource: rsel.route.displayName, origin: rsel.route.origin, reason: rsel.reason ?? '' } : { reason: `none of the ${vsel.vhost.routes.length} route(s) matches ${req.method} ${req.path}` }),
      ...capped(rsel.skipped, (s) => ({ resource: s.route.displayName, reason: s.reason })),
    });
    if (!rsel.route) return { kind: 'NR', responseFlag: 'NR', status: 404, summary: `no route of virtual host ${vsel.vhost.name} matches ${req.method} ${req.path}: 404, response flag NR` };
    const target = routeTarget(rsel.route, req);
    switch (target.kind) {
      case 'cluster':
        return this.cluster(target.cluster, rsel.route.references[0]?.origin ?? rsel.route.origin, this.hops, true);
      case 'weighted':
        return this.split(target.clusters, true);
      case 'cluster_header':
        if (target.cluster === undefined) return { kind: 'NC', responseFlag: 'NC', status: 503, summary: `the route takes its cluster from header ${target.header}, which the request lacks: no cluster (response flag NC)` };
        return this.cluster(target.cluster, rsel.route.origin, this.hops, true);
      case 'redirect':
        return { kind: 'redirect', status: target.status, summary: `redirect ${target.status} to ${target.location}` };
      case 'direct_response':
        return { kind: 'direct_response', status: target.status, summary: `direct response ${target.status} from the proxy` };
      case 'unsupported':
        return { kind: 'unknown', summary: `route action ${target.action} is not evaluated` };
    }
  }

  private split(targets: ReadonlyArray<{ name: string; weight?: number }>, http: boolean): TraceOutcome {
    const branches: TraceBranch[] = targets.map((t) => {
      const hops: Hop[] = [];
      const outcome = this.cluster(t.name, undefined, hops, http);
      return { cluster: t.name, ...(t.weight !== undefined ? { weight: t.weight } : {}), hops, outcome };
    });
    this.branches = branches;
    const kinds = new Set(branches.map((b) => b.outcome.kind));
    const [only] = kinds;
    const total = targets.reduce((s, t) => s + (t.weight ?? 0), 0);
    const parts = branches.map((b) => `${b.cluster}${b.weight !== undefined && total > 0 ? ` (${Math.round((b.weight / total) * 1000) / 10}%)` : ''}: ${b.outcome.kind}`);
    if (kinds.size === 1 && only !== undefined) return { kind: only, summary: `split over ${branches.length} clusters, all ${only}: ${parts.join('; ')}` };
    return { kind: 'split', summary: `split over ${branches.length} clusters with different outcomes: ${parts.join('; ')}` };
  }

  private cluster(name: string, refOrigin: Hop['origin'], hops: Hop[], http: boolean): TraceOutcome {
    const c: ClusterOutcome = resolveCluster(this.graph, name);
    hops.push({ step: 'cluster', resource: name, matched: c.cluster !== undefined, reason: `${c.cluster ? `${c.cluster.discoveryType} cluster` : 'cluster'}: ${c.reason}`, ...(c.cluster ? { origin: c.cluster.nameOrigin ?? c.cluster.origin } : refOrigin ? { origin: refOrigin } : {}) });
    if (c.endpoints) hops.push({ step: 'endpoints', resource: c.endpoints.clusterName, matched: c.endpoints.healthyCount > 0, reason: `${c.endpoints.healthyCount}/${c.endpoints.endpointCount} routable`, origin: c.endpoints.nameOrigin ?? c.endpoints.origin });
    const status = http ? 503 : undefined;
    switch (c.kind) {
      case 'endpoints':
        return { kind: 'endpoints', cluster: name, summary: `sent to cluster ${name}: ${c.reason}` };
      case 'passthrough':
        return { kind: 'passthrough', cluster: name, summary: `${name}: forwarded to the original destination ${this.request.address}:${this.request.port} (ORIGINAL_DST)` };
      case 'blackhole':
        return { kind: 'blackhole', cluster: name, summary: `${name}: the connection is dropped (REGISTRY_ONLY fallback)`, ...(http ? { status: 502 } : {}) };
      case 'NC':
        return { kind: 'NC', cluster: name, responseFlag: 'NC', ...(status ? { status } : {}), summary: `cluster ${name} does not exist: ${http ? '503, ' : 'connection closed, '}response flag NC` };
      case 'UH':
        return { kind: 'UH', cluster: name, responseFlag: 'UH', ...(status ? { status } : {}), summary: `cluster ${name} has no healthy endpoint: ${http ? '503, ' : 'connection closed, '}response flag UH` };
      case 'unknown':
        return { kind: 'unknown', cluster: name, summary: `cluster ${name}: ${c.reason}` };
    }
  }
}

function describeCriterion(chain: FilterChainNode, criterion: string): string {
  const m = chain.match;
  switch (criterion) {
    case 'destination_port':
      return m.destinationPort === undefined ? 'any port' : String(m.destinationPort);
    case 'prefix_ranges':
      return m.prefixRanges?.join(',') || 'any address';
    case 'server_names':
      return m.serverNames?.join(',') || 'no SNI condition';
    case 'transport_protocol':
      return m.transportProtocol ?? 'any transport';
    case 'application_protocols':
      return m.applicationProtocols?.join(',') || 'no ALPN condition';
    case 'source_type':
      return m.sourceType ?? 'ANY';
    case 'source_prefix_ranges':
      return m.sourcePrefixRanges?.join(',') || 'any source';
    case 'source_ports':
      return m.sourcePorts?.join(',') || 'any source port';
    default:
      return '?';
  }
}

/** Follows one request through the proxy described by the graph (and its iptables, when given). */
/**
 * Follows one request through the proxy. `capture` names whose iptables capture is assumed when none are given and the
 * proxy has a use_original_dst listener ("Istio's" for an Istio sidecar).
 */
export function trace(graph: ProxyGraph, iptables: readonly IptablesInput[], request: TraceRequest, capture = "the sidecar's"): TraceResult {
  const tracer = new Tracer(graph, iptables, request, capture);
  const outcome = tracer.run();
  return { request, hops: tracer.hops, ...(tracer.branches ? { branches: tracer.branches } : {}), outcome, warnings: tracer.warnings };
}
