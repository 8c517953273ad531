// What a cluster does with a request: its endpoints and their health, or the fallbacks Istio builds with clusters.
import type { ClusterNode, EndpointsNode, ProxyGraph } from '../model/graph.js';
import { isBlackHoleName, PASSTHROUGH_CLUSTER } from '../model/istio.js';

export type ClusterOutcomeKind =
  /** Healthy (or unknown-health) endpoints exist: the request is sent. */
  | 'endpoints'
  /** ORIGINAL_DST (Istio's PassthroughCluster, InboundPassthroughCluster, inbound|port|| of older sidecars). */
  | 'passthrough'
  /** Istio's BlackHoleCluster: a STATIC cluster with no endpoints, the REGISTRY_ONLY fallback. */
  | 'blackhole'
  /** The cluster does not exist: 503 with response flag NC. */
  | 'NC'
  /** No healthy upstream: 503 with response flag UH. */
  | 'UH'
  /** Cannot tell from the inputs (no clusters or endpoints section, an extension cluster type...). */
  | 'unknown';

export interface ClusterOutcome {
  kind: ClusterOutcomeKind;
  name: string;
  cluster?: ClusterNode;
  endpoints?: EndpointsNode;
  reason: string;
}

const DNS_TYPES = new Set(['STRICT_DNS', 'LOGICAL_DNS']);

/**
 * Endpoint health: Envoy load-balances over HEALTHY and UNKNOWN hosts (an absent health_status is UNKNOWN); when none
 * is routable it answers 503 with response flag UH ("no healthy upstream", access log format docs).
 */
export function resolveCluster(graph: ProxyGraph, name: string): ClusterOutcome {
  if (!graph.hasSection('cluster')) {
    // Istio's fallbacks are known by name even when the inputs carry no clusters section.
    if (isBlackHoleName(name)) return { kind: 'blackhole', name, reason: "Istio's BlackHoleCluster (known by name; the inputs hold no clusters): the request is dropped" };
    if (name === PASSTHROUGH_CLUSTER) return { kind: 'passthrough', name, reason: "Istio's PassthroughCluster (known by name; the inputs hold no clusters): forwarded to the original destination, unmanaged" };
    return { kind: 'unknown', name, reason: 'the inputs hold no clusters: cannot tell whether it exists' };
  }
  const cluster = graph.cluster(name);
  if (!cluster) return { kind: 'NC', name, reason: `cluster "${name}" does not exist: 503, response flag NC` };
  if (isBlackHoleName(name)) return { kind: 'blackhole', name, cluster, reason: 'BlackHoleCluster has no endpoints: the request is dropped (REGISTRY_ONLY)' };
  const type = cluster.discoveryType;
  if (type === 'ORIGINAL_DST') return { kind: 'passthrough', name, cluster, reason: 'forwarded to the original destination address, unmanaged' };
  if (type === 'EDS') {
    if (!graph.hasSection('endpoints')) return { kind: 'unknown', name, cluster, reason: 'EDS cluster; the inputs hold no endpoints (dump without ?include_eds): health unknown' };
    const endpoints = graph.endpointsFor(cluster);
    const service = cluster.edsServiceName ?? name;
    if (!endpoints) return { kind: 'UH', name, cluster, reason: `EDS cluster without a ClusterLoadAssignment for "${service}": no endpoints, 503 with response flag UH` };
    if (endpoints.healthyCount === 0)
      return { kind: 'UH', name, cluster, endpoints, reason: `${endpoints.endpointCount} endpoint(s), none HEALTHY or UNKNOWN: 503 with response flag UH` };
    return { kind: 'endpoints', name, cluster, endpoints, reason: `${endpoints.healthyCount} of ${endpoints.endpointCount} endpoint(s) routable (HEALTHY or UNKNOWN)` };
  }
  if (type === 'STATIC' || DNS_TYPES.has(type)) {
    const count = cluster.inlineEndpoints;
    if (count === undefined) {
      const fromEds = graph.endpointsFor(cluster);
      if (fromEds && fromEds.healthyCount > 0) return { kind: 'endpoints', name, cluster, endpoints: fromEds, reason: `${fromEds.healthyCount} endpoint(s)` };
      return { kind: 'UH', name, cluster, reason: `${type} cluster without a load_assignment: no endpoints, 503 with response flag UH` };
    }
    if (count === 0) return { kind: 'UH', name, cluster, reason: `${type} cluster with an empty load_assignment: 503 with response flag UH` };
    const dns = DNS_TYPES.has(type) ? ', resolved by DNS at run time' : '';
    return { kind: 'endpoints', name, cluster, reason: `${count} endpoint(s) in its load_assignment${dns}` };
  }
  return { kind: 'unknown', name, cluster, reason: `cluster type ${type} is not modelled` };
}
