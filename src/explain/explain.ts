// From one access-log entry to the configuration behind it: the request is rebuilt (request.ts), run through the
// trace engine, and the logged response flag is explained against what the trace found, citing the resources (and
// the lint findings on them) that cause it. When the dump cannot produce what the line shows, that is said: the
// configuration has changed since the line was written, or the request went another way.
import type { Origin } from '../generated/graph.js';
import type { PendingFinding } from '../engine/run.js';
import { ENVOY_CIRCUIT_BREAKER_DEFAULTS, type ClusterNode, type ProxyGraph, type RouteNode } from '../model/graph.js';
import type { IptablesInput } from '../load/iptables/index.js';
import { trace, type Hop, type TraceResult } from '../trace/index.js';
import { describeFlag, parseResponseFlags } from './flags.js';
import type { AccessLogEntry } from './log-format.js';
import type { RuntimeState } from '../load/runtime.js';
import { ownAddresses, rebuildRequest, type RequestOverrides } from './request.js';

export interface ExplainStep {
  text: string;
  origin?: Origin;
}

/**
 * explained: the dump produces what the line shows, and says why. partly: the dump fits the line but the cause is at
 * run time (health, load, the network). contradicts: today the request would end otherwise: the configuration changed
 * since the line was written, or the line is not the request it seems.
 */
export type Verdict = 'explained' | 'partly' | 'contradicts';

export interface Explanation {
  entry: AccessLogEntry;
  flags: string[];
  verdict: Verdict;
  /** One line, most likely cause first; also the key lines are grouped by. */
  cause: string;
  steps: ExplainStep[];
  /** Lint findings on the resources the request passed (the rule that already says what is wrong). */
  findings: PendingFinding[];
  /** What the line does not say and had to be assumed. */
  assumptions: string[];
  trace: TraceResult;
}

export interface ExplainContext {
  graph: ProxyGraph;
  iptables: readonly IptablesInput[];
  /** "Istio's" or "the sidecar's": whose capture trace assumes without iptables. */
  capture: string;
  findings: readonly PendingFinding[];
  /** The admin /clusters output given beside the dump: the hosts' health as the proxy saw it. */
  runtime?: RuntimeState;
}


function hopsOf(result: TraceResult, cluster: string | undefined): Hop[] {
  const branch = result.branches?.find((b) => b.cluster === cluster) ?? result.branches?.find((b) => b.outcome.kind !== 'endpoints') ?? result.branches?.[0];
  return [...result.hops, ...(branch?.hops ?? [])];
}

const STEP_LABEL: Record<Hop['step'], string> = {
  iptables: 'iptables',
  capture: 'capture',
  listener: 'listener',
  handoff: 'hand-off to',
  filter_chain: '',
  http_connection_manager: 'HTTP connection manager',
  tcp_proxy: 'tcp_proxy',
  route_config: 'route config',
  virtual_host: 'virtual host',
  route: '',
  cluster: 'cluster',
  endpoints: 'endpoints of',
};

/** A hop as one line; filter chains and routes are named in full by their display names already. */
function step(hop: Hop): ExplainStep {
  const label = STEP_LABEL[hop.step];
  const reason = hop.step === 'cluster' ? hop.reason.replace(/^cluster: /, '') : hop.reason;
  return { text: `${label ? `${label} ` : ''}${hop.resource ?? '(none)'}: ${reason}`, ...(hop.origin ? { origin: hop.origin } : {}) };
}

/** The route node a route hop stands for (matched by its origin). */
function routeOf(graph: ProxyGraph, hop: Hop | undefined): RouteNode | undefined {
  const origin = hop?.origin;
  if (!origin) return undefined;
  for (const rc of graph.routeConfigs) {
    for (const vh of rc.virtualHosts) {
      for (const r of vh.routes) if (r.origin.input === origin.input && r.origin.pointer === origin.pointer) return r;
    }
  }
  return undefined;
}

/** Findings about a resource of these names (routes are named by their route configuration). */
function findingsOn(findings: readonly PendingFinding[], names: ReadonlySet<string>, ruleIds?: readonly string[]): PendingFinding[] {
  return findings.filter((f) => names.has(f.resource.name) && (ruleIds === undefined || ruleIds.includes(f.ruleId)));
}

function circuitBreakerSteps(cluster: ClusterNode): ExplainStep[] {
  const thresholds = cluster.circuitBreakers?.thresholds.find((t) => t.priority === 'DEFAULT') ?? cluster.circuitBreakers?.thresholds[0];
  const steps: ExplainStep[] = [];
  for (const key of ['maxConnections', 'maxPendingRequests', 'maxRequests', 'maxRetries'] as const) {
    const written = thresholds?.[key];
    const origin = thresholds?.limitOrigins?.[key];
    const name = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    steps.push(
      written !== undefined
        ? { text: `${name} = ${written}${written === 0 ? ' (zero: every request overflows)' : ''}`, ...(origin ? { origin } : {}) }
        : { text: `${name}: not written, Envoy's default ${ENVOY_CIRCUIT_BREAKER_DEFAULTS[key]} applies`, ...(cluster.circuitBreakers ? { origin: cluster.circuitBreakers.origin } : { origin: cluster.nameOrigin ?? cluster.origin }) },
    );
  }
  return steps;
}

interface Judged {
  verdict: Verdict;
  cause: string;
  steps: ExplainStep[];
  findings: PendingFinding[];
}

function whereItGoesToday(result: TraceResult): string {
  return `today this request ends as ${result.outcome.kind}: ${result.outcome.summary}`;
}

const CHANGED = 'the configuration has probably changed since the line was written (or the line is not the request it seems)';

function judge(entry: AccessLogEntry, flags: readonly string[], result: TraceResult, ctx: ExplainContext): Judged {
  const { graph } = ctx;
  const loggedCluster = entry.upstreamCluster;
  const hops = hopsOf(result, loggedCluster);
  const failed = hops.find((h) => !h.matched);
  const routeHop = hops.find((h) => h.step === 'route' && h.matched);
  const clusterHop = [...hops].reverse().find((h) => h.step === 'cluster');
  const clusterName = loggedCluster ?? clusterHop?.resource ?? result.outcome.cluster;
  const cluster = clusterName !== undefined ? graph.cluster(clusterName) : undefined;
  const outcomes = new Set([result.outcome.kind, ...(result.branches ?? []).map((b) => b.outcome.kind)]);
  const path = hops.filter((h) => h.matched && h.step !== 'capture').map(step);
  const names = new Set(hops.flatMap((h) => (h.resource ? [h.resource] : [])));
  if (clusterName !== undefined) names.add(clusterName);
  const [flag] = flags;

  switch (flag) {
    case 'NR': {
      if (!outcomes.has('NR') && !outcomes.has('refused')) return { verdict: 'contradicts', cause: `NR, but ${whereItGoesToday(result)}`, steps: [...path, { text: CHANGED }], findings: [] };
      const at = failed ?? hops[hops.length - 1];
      const others = (at?.others ?? []).slice(0, 5).map((o) => ({ text: `nearest: ${o.resource}: ${o.reason}` }));
      const missingRds = at?.step === 'route_config';
      return {
        verdict: 'explained',
        cause: missingRds ? `NR: route configuration "${at.resource ?? ''}" is missing` : `NR: ${at?.reason ?? result.outcome.summary}`,
        steps: [...path, ...(at ? [step(at)] : []), ...others],
        findings: findingsOn(ctx.findings, names, ['dangling-route-config', 'host-port-domain', 'duplicate-domain', 'shadowed-route', 'dangling-filter-chain']),
      };
    }
    case 'NC': {
      if (!outcomes.has('NC')) return { verdict: 'contradicts', cause: `NC, but ${whereItGoesToday(result)}`, steps: [...path, { text: CHANGED }], findings: [] };
      const missing = [...hops].reverse().find((h) => h.step === 'cluster' && !h.matched);
      const branch = result.branches?.find((b) => b.outcome.kind === 'NC');
      const total = (result.branches ?? []).reduce((n, b) => n + (b.weight ?? 0), 0);
      const share = branch?.weight !== undefined && total > 0 ? `a weighted share of ${Math.round((branch.weight / total) * 1000) / 10}% of the route's requests: ` : '';
      const dangling = findingsOn(ctx.findings, names, ['dangling-cluster']);
      // A weighted share's cluster hop has no place of its own in the trace: the finding has the reference's.
      const origin = missing?.origin ?? dangling.find((f) => f.resource.name === missing?.resource)?.origin;
      return {
        verdict: 'explained',
        cause: `NC: the route sends ${share ? 'a share of its requests ' : ''}to cluster "${missing?.resource ?? clusterName ?? '?'}", which the proxy does not have`,
        steps: [...path, ...(missing ? [{ text: `${share}${step(missing).text}`, ...(origin ? { origin } : {}) }] : [])],
        findings: dangling,
      };
    }
    case 'UH': {
      const endpointsHop = [...hops].reverse().find((h) => h.step === 'endpoints');
      const live = ctx.runtime?.clusters?.find((c) => c.name === clusterName);
      if (live && live.hosts.length > 0) {
        const out = live.hosts.filter((h) => h.out.length > 0);
        const steps: ExplainStep[] = out.slice(0, 10).map((h) => ({ text: `host ${h.address} is out of rotation: ${h.out.join(', ')}`, origin: h.origin }));
        return {
          verdict: out.length === live.hosts.length ? 'explained' : 'partly',
          cause:
            out.length === live.hosts.length
              ? `UH: every host of cluster "${live.name}" is out of rotation in the /clusters output (${[...new Set(out.flatMap((h) => h.out))].join(', ')})`
              : `UH: ${out.length} of ${live.hosts.length} hosts of cluster "${live.name}" are out of rotation in the /clusters output; the rest were out when the line was written`,
          steps: [...path, { text: `/clusters: ${live.hosts.length - out.length} of ${live.hosts.length} hosts in rotation`, origin: live.origin }, ...steps],
          findings: findingsOn(ctx.findings, names, ['endpoints-unhealthy', 'cluster-without-endpoints', 'outlier-ejection-can-empty']),
        };
      }
      if (outcomes.has('UH')) {
        return {
          verdict: 'explained',
          cause: `UH: cluster "${clusterName ?? '?'}" has no healthy endpoint in the dump`,
          steps: [...path.filter((s) => !s.text.startsWith('endpoints')), ...(endpointsHop ? [step(endpointsHop)] : [])],
          findings: findingsOn(ctx.findings, names, ['cluster-without-endpoints', 'outlier-ejection-can-empty']),
        };
      }
      if (cluster === undefined) return { verdict: 'contradicts', cause: `UH, but ${whereItGoesToday(result)}`, steps: [...path, { text: CHANGED }], findings: [] };
      if (!endpointsHop) {
        return {
          verdict: 'partly',
          cause: `UH: cluster "${cluster.name}": the dump holds no endpoints (taken without ?include_eds), so which hosts it had is not in it`,
          steps: [...path, { text: 'take the dump with /config_dump?include_eds (and /clusters for live health) to see the hosts' }],
          findings: findingsOn(ctx.findings, names, ['outlier-ejection-can-empty']),
        };
      }
      const ejection = cluster.outlierDetection;
      return {
        verdict: 'partly',
        cause: `UH: cluster "${cluster.name}" has routable endpoints in the dump; they were unhealthy or ejected when the line was written`,
        steps: [
          ...path,
          ...(endpointsHop ? [step(endpointsHop)] : []),
          ejection
            ? { text: `outlier detection can eject its hosts${ejection.maxEjectionPercent !== undefined ? ` (max_ejection_percent ${ejection.maxEjectionPercent})` : ''}`, origin: ejection.maxEjectionPercentOrigin ?? ejection.origin }
            : { text: 'the cluster has no outlier detection: active health checks or EDS health status took the hosts out' },
          { text: "a dump holds the configuration, not the hosts' live health: the admin /clusters output shows which hosts were out and why" },
        ],
        findings: findingsOn(ctx.findings, names, ['outlier-ejection-can-empty']),
      };
    }
    case 'UO': {
      if (!cluster) return { verdict: 'contradicts', cause: `UO on cluster "${clusterName ?? '?'}", which the dump does not have`, steps: [...path, { text: CHANGED }], findings: [] };
      const steps = circuitBreakerSteps(cluster);
      const zero = steps.some((s) => s.text.includes('(zero'));
      return {
        verdict: zero ? 'explained' : 'partly',
        cause: zero ? `UO: a circuit-breaker limit of cluster "${cluster.name}" is 0` : `UO: cluster "${cluster.name}" reached a circuit-breaker limit`,
        steps: [...path, { text: `circuit breakers of cluster ${cluster.name} (default priority):`, origin: cluster.circuitBreakers?.origin ?? cluster.nameOrigin ?? cluster.origin }, ...steps, ...(zero ? [] : [{ text: 'whether the load reached them is run-time state: the cluster\'s upstream_rq_pending_overflow and upstream_cx_overflow stats say which' }])],
        findings: findingsOn(ctx.findings, names, ['circuit-breaker-limits']),
      };
    }
    case 'UT': {
      const route = routeOf(graph, routeHop);
      const timeout = route?.actionDetails?.timeout;
      const timeoutStep: ExplainStep = route
        ? timeout !== undefined
          ? { text: `route timeout ${timeout}${timeout === '0s' ? ' (disabled: the UT came from a per-try or gRPC timeout, or a header)' : ''}`, ...(route.actionDetails?.timeoutOrigin ? { origin: route.actionDetails.timeoutOrigin } : { origin: route.origin }) }
          : { text: "the route sets no timeout: Envoy's default of 15 s applies", origin: route.origin }
        : { text: 'the route the request takes today could not be found' };
      const idle = route?.actionDetails?.idleTimeout;
      const perTry = route?.actionDetails?.retryPolicy?.perTryTimeout;
      return {
        verdict: route ? 'explained' : 'contradicts',
        cause: route ? `UT: the upstream took longer than the route timeout (${timeout ?? '15s, the default'})` : `UT, but ${whereItGoesToday(result)}`,
        steps: [
          ...path,
          timeoutStep,
          ...(perTry !== undefined && route?.actionDetails?.retryPolicy ? [{ text: `retry_policy per_try_timeout ${perTry}: each try is cut at this, and the last try's UT is logged`, origin: route.actionDetails.retryPolicy.origin }] : []),
          ...(idle !== undefined ? [{ text: `route idle_timeout ${idle}` }] : []),
        ],
        findings: findingsOn(ctx.findings, names, ['route-timeout-default']),
      };
    }
    case 'UF':
    case 'URX':
    case 'UC':
    case 'UR':
    case 'UPE':
    case 'LR':
    case 'DF': {
      const meaning = describeFlag(flag)?.meaning ?? flag;
      const reason = entry.upstreamTransportFailureReason;
      const steps: ExplainStep[] = [...path];
      const retry = routeOf(graph, routeHop)?.actionDetails?.retryPolicy;
      if (flag === 'URX' || flag === 'UF' || flag === 'UC' || flag === 'UR') {
        steps.push(
          retry
            ? { text: `the route's retry_policy: retry_on ${retry.retryOn ?? '(none)'}, num_retries ${retry.numRetries ?? 1}${retry.perTryTimeout !== undefined ? `, per_try_timeout ${retry.perTryTimeout}` : ''}${flag === 'URX' ? ': every try failed' : ''}`, origin: retry.origin }
            : { text: "the route has no retry_policy of its own (the virtual host's, if any, applies; Istio's default is 2 retries on connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes)" },
        );
      }
      if (reason) steps.push({ text: `the line's upstream transport failure reason: ${reason}${/TLS|SSL|CERTIFICATE/i.test(reason) ? ' (a TLS mismatch: the cluster\'s transport socket and what the upstream serves disagree)' : ''}` });
      if (cluster) {
        steps.push({ text: `cluster ${cluster.name} (${cluster.discoveryType})`, origin: cluster.nameOrigin ?? cluster.origin });
        steps.push(
          cluster.connectTimeout !== undefined
            ? { text: `connect_timeout ${cluster.connectTimeout}: a host that does not accept within it is a connection failure`, ...(cluster.connectTimeoutOrigin ? { origin: cluster.connectTimeoutOrigin } : {}) }
            : { text: "connect_timeout not written: Envoy's 5s" },
        );
        const tls = cluster.upstreamTls;
        steps.push(
          tls
            ? { text: `the cluster speaks TLS to its hosts${tls.viaMatch ? ' (to those its transport_socket_matches select, e.g. Istio mTLS to sidecar pods; plaintext to the rest)' : ''}${tls.sni !== undefined ? `, SNI ${tls.sni}` : ''}: a host that does not terminate TLS, or presents a certificate the validation context refuses, fails the handshake`, origin: tls.origin }
            : { text: 'the cluster speaks plaintext to its hosts: a host that requires TLS (or mTLS) closes the connection' },
        );
      }
      steps.push({ text: 'what a dump cannot show: the upstream process (crashed, restarting, not listening), the network between, and timing; the upstream host is ' + (entry.upstreamHost ?? 'not in the line') });
      return {
        verdict: cluster || result.outcome.kind === 'passthrough' ? 'partly' : 'contradicts',
        cause: `${flag}: ${meaning}${reason ? ` (${reason})` : ''}${clusterName ? ` on cluster "${clusterName}"` : ''}`,
        steps,
        findings: findingsOn(ctx.findings, names),
      };
    }
    case undefined: {
      if (loggedCluster === 'BlackHoleCluster' || loggedCluster === 'PassthroughCluster') {
        const kind = loggedCluster === 'BlackHoleCluster' ? 'blackhole' : 'passthrough';
        const agrees = outcomes.has(kind);
        return {
          verdict: agrees ? 'explained' : 'contradicts',
          cause: agrees
            ? `${loggedCluster}: no service in the mesh matched this destination, and the outbound traffic policy is ${kind === 'blackhole' ? 'REGISTRY_ONLY' : 'ALLOW_ANY'}`
            : `${loggedCluster}, but ${whereItGoesToday(result)}`,
          steps: [...path, ...(agrees ? [] : [{ text: CHANGED }])],
          findings: findingsOn(ctx.findings, names),
        };
      }
      const servedBy = result.outcome.cluster ?? clusterHop?.resource;
      if (loggedCluster !== undefined && servedBy !== undefined && !outcomes.has('split') && servedBy !== loggedCluster) {
        return { verdict: 'contradicts', cause: `served by cluster "${loggedCluster}", but the route sends it to "${servedBy}" today`, steps: [...path, { text: CHANGED }], findings: [] };
      }
      return { verdict: 'explained', cause: `no response flag (${entry.responseCode ?? 'no code'}): ${result.outcome.summary}`, steps: path, findings: [] };
    }
    default: {
      const described = describeFlag(flag);
      return {
        verdict: 'partly',
        cause: `${flag}: ${described?.meaning ?? 'a response flag explain does not know'}`,
        steps: [...path, { text: described ? 'this flag comes from run time or another filter (fault, rate limit, ext_authz, timeouts of the connection), not from the routing explain follows' : `"${flag}" is not one of Envoy's response flags` }],
        findings: findingsOn(ctx.findings, names),
      };
    }
  }
}

/** The listener a capture hands ADDRESS:PORT to: the one bound to that address, else the wildcard one. */
function handoffListener(graph: ProxyGraph, address: string, port: number): string | undefined {
  const listeners = graph.listenersOnPort(port);
  return (listeners.find((l) => l.address === address) ?? listeners.find((l) => l.address === '0.0.0.0' || l.address === '::'))?.name;
}

/** Explains one entry; throws MissingFieldError when the line does not say enough to rebuild the request. */
export function explainEntry(entry: AccessLogEntry, ctx: ExplainContext, overrides: RequestOverrides = {}, flagOverride?: string): Explanation {
  const flags = flagOverride !== undefined ? parseResponseFlags(flagOverride) : parseResponseFlags(entry.responseFlags);
  const { request, assumptions } = rebuildRequest(entry, overrides, ownAddresses(ctx.graph.node));
  let result = trace(ctx.graph, ctx.iptables, request, ctx.capture);
  // A dump without the capture listener (a partial istioctl output, or one filtered with ?resource=) refuses what
  // the proxy took: start where the capture would have handed the connection, the listener for its port.
  const handoff = result.outcome.kind === 'refused' && request.listener === undefined ? handoffListener(ctx.graph, request.address, request.port) : undefined;
  if (handoff) {
    result = trace(ctx.graph, ctx.iptables, { ...request, listener: handoff }, ctx.capture);
    assumptions.push(`the dump has no listener that takes the connection (no capture listener): started at listener ${handoff}, which the capture hands port ${request.port} to`);
  }
  const judged = judge(entry, flags, result, ctx);
  return { entry, flags, ...judged, assumptions, trace: result };
}
