import { defineRule } from '../src/engine/rule.js';
import type { ControlPlaneId } from '../src/model/control-plane.js';
import type { CircuitBreakerThresholds } from '../src/generated/graph.js';
import { ENVOY_CIRCUIT_BREAKER_DEFAULTS, type ClusterNode, type ProxyGraph } from '../src/model/graph.js';

/** Envoy's limit for max_connections, max_pending_requests and max_requests when a thresholds entry leaves it out. */
const ENVOY_DEFAULT_LIMIT = ENVOY_CIRCUIT_BREAKER_DEFAULTS.maxConnections;

/** The limits whose 0 makes every request or connection overflow, with the field name as written. */
const LIMITS = [
  ['maxConnections', 'max_connections', 'every new connection overflows (upstream_cx_overflow)'],
  ['maxPendingRequests', 'max_pending_requests', 'a request that finds no idle connection (the first on each, and every one under HTTP/1.1 load) overflows instead of waiting (upstream_rq_pending_overflow)'],
  ['maxRequests', 'max_requests', 'every request overflows (upstream_rq_pending_overflow)'],
] as const;

/**
 * Control planes that write circuit_breakers on every cluster themselves (Istio: 4294967295 unless a DestinationRule's
 * connectionPool says otherwise; Kuma: its own defaults), so a cluster left on Envoy's 1024 is not their default.
 */
const SETS_LIMITS: ReadonlySet<ControlPlaneId> = new Set(['istio', 'kuma']);

/** The knob for the limits, in the control plane's terms. */
const KNOB: Partial<Record<ControlPlaneId, string>> = {
  istio: "the DestinationRule's trafficPolicy.connectionPool (tcp.maxConnections, http.http1MaxPendingRequests, http.http2MaxRequests)",
  'envoy-gateway': "a BackendTrafficPolicy's circuitBreaker (maxConnections, maxPendingRequests, maxParallelRequests)",
  contour: "Contour's circuit-breaker annotations on the Service (projectcontour.io/max-connections, max-pending-requests, max-requests)",
};
const ENVOY_KNOB = 'the cluster\'s circuit_breakers.thresholds (max_connections, max_pending_requests, max_requests)';

export default defineRule({
  id: 'circuit-breaker-limits',
  meta: {
    description:
      "A cluster's circuit breaker allows 0 connections, pending requests or requests (every request overflows: 503 UO), or clusters that carry traffic run on Envoy's default limits of 1024 on a control plane that does not set them.",
    defaultSeverity: 'warning',
    messages: {
      zero:
        'cluster "{{name}}" sets circuit_breakers {{field}} to 0{{priority}}: {{effect}}, so requests get 503 with response flag UO even at low load. Raise it (0 is not "unlimited"; leave it out for Envoy\'s 1024, or set a large value) in {{knob}}.',
      defaults:
        '{{count}} cluster(s) that routes or TCP proxies send to run on Envoy\'s default circuit breaker limits ({{limit}} connections, pending requests and requests per cluster), which {{server}} does not raise: under a burst of concurrent requests the excess gets 503 with response flag UO although the upstream is healthy. Clusters: {{clusters}}. If that is not a limit you chose, set it in {{knob}}.',
    },
  },
  run({ graph, target, report }) {
    const knob = KNOB[target.controlPlane.id] ?? ENVOY_KNOB;
    for (const cluster of graph.clusters) {
      if (cluster.state === 'error') continue;
      for (const t of cluster.circuitBreakers?.thresholds ?? []) {
        for (const [key, field, effect] of LIMITS) {
          if (t[key] !== 0) continue;
          const priority = t.priority === 'DEFAULT' ? '' : ` for ${t.priority} priority routes`;
          report({ messageId: 'zero', data: { name: cluster.name, field, priority, effect, knob }, resource: { kind: 'cluster', name: cluster.name }, origin: t.limitOrigins?.[key] ?? t.origin });
        }
      }
    }
    if (SETS_LIMITS.has(target.controlPlane.id)) return;
    const onDefaults = graph.clusters.filter((c) => c.state !== 'error' && carriesTraffic(graph, c) && usesDefaults(c));
    const [first] = onDefaults;
    if (!first) return;
    const names = onDefaults.slice(0, 5).map((c) => `"${c.name}"`).join(', ') + (onDefaults.length > 5 ? ` and ${onDefaults.length - 5} more` : '');
    report({
      messageId: 'defaults',
      severity: 'info',
      data: { count: onDefaults.length, limit: ENVOY_DEFAULT_LIMIT, server: target.controlPlane.advice.server, clusters: names, knob },
      resource: { kind: 'cluster', name: first.name },
      origin: first.circuitBreakers?.origin ?? first.nameOrigin ?? first.origin,
    });
  },
});

/** Whether a route, weighted cluster, mirror or TCP proxy of this proxy names the cluster. */
function carriesTraffic(graph: ProxyGraph, cluster: ClusterNode): boolean {
  return graph.referencesTo('cluster', cluster.name).length > 0;
}

/** Whether the DEFAULT priority leaves any of the three limits to Envoy's 1024. */
function usesDefaults(cluster: ClusterNode): boolean {
  const thresholds: CircuitBreakerThresholds | undefined = cluster.circuitBreakers?.thresholds.find((t) => t.priority === 'DEFAULT');
  if (!thresholds) return true;
  return LIMITS.some(([key]) => thresholds[key] === undefined);
}
