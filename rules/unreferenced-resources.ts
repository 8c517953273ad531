import { defineRule } from '../src/engine/rule.js';
import type { ControlPlaneId } from '../src/model/control-plane.js';
import type { ClusterNode, ProxyGraph } from '../src/model/graph.js';

/** Reported only when at least this many clusters are unreachable... */
const MIN_UNREACHABLE = 10;
/** ...and they are at least this share of the proxy's dynamic clusters. */
const MIN_SHARE = 0.25;

/** Network filters that pick a cluster at run time (by SNI or by host), so any cluster may be reached. */
const DYNAMIC_CLUSTER_FILTER = /sni_cluster|SniCluster|sni_dynamic_forward_proxy|SniDynamicForwardProxy/i;

/** How to scope the configuration down, in the control plane's terms. */
const SCOPE: Partial<Record<ControlPlaneId, string>> = {
  istio:
    "a Sidecar resource whose egress.hosts lists only the services this workload calls (or exportTo on the services, VirtualServices and DestinationRules that other namespaces do not need); subset clusters nothing routes to come from DestinationRule subsets no VirtualService uses",
  consul: 'upstreams limited to the services this workload calls',
  kuma: 'reachable services (reachableServices / MeshTrafficPermission-based reachable backends) for this dataplane',
};
const ENVOY_SCOPE = 'a CDS response limited to the clusters this proxy routes to';

export default defineRule({
  id: 'unreferenced-resources',
  meta: {
    description:
      'Many clusters that no route, TCP proxy, listener filter or aggregate cluster of the proxy can reach, with the share of the configuration they take: memory and push time spent on services the workload never calls.',
    defaultSeverity: 'info',
    messages: {
      unreachable:
        '{{count}} of the proxy\'s {{total}} clusters ({{percent}}%, about {{size}} of cluster configuration) are named by no route, TCP proxy, listener filter or aggregate cluster, so nothing this proxy serves can reach them: they cost memory and push time on every change. Examples: {{examples}}. To scope them away: {{scope}}.',
    },
  },
  run({ graph, target, report }) {
    if (!graph.hasSection('cluster') || !graph.hasSection('listener') || !complete(graph)) return;
    const reachable = reachableNames(graph);
    if (!reachable) return;
    const dynamic = graph.clusters.filter((c) => c.state !== 'static' && c.state !== 'error');
    const unreachable = dynamic.filter((c) => !reachable.has(c.name));
    if (unreachable.length < MIN_UNREACHABLE || unreachable.length < dynamic.length * MIN_SHARE) return;
    const [first] = unreachable;
    if (!first) return;
    report({
      messageId: 'unreachable',
      data: {
        count: unreachable.length,
        total: dynamic.length,
        percent: Math.round((unreachable.length / dynamic.length) * 100),
        size: formatBytes(estimatedBytes(unreachable, dynamic)),
        examples: unreachable.slice(0, 3).map((c) => `"${c.name}"`).join(', '),
        scope: SCOPE[target.controlPlane.id] ?? ENVOY_SCOPE,
      },
      resource: { kind: 'cluster', name: first.name },
      origin: first.nameOrigin ?? first.origin,
    });
  },
});

/** Whether every route configuration the listeners name is in the dump: otherwise their clusters are unknown. */
function complete(graph: ProxyGraph): boolean {
  return graph.references.every((r) => r.targetKind !== 'route_config' || graph.resolves(r) === true);
}

/** Names some part of the proxy can send to, or undefined when a route or filter picks clusters at run time. */
function reachableNames(graph: ProxyGraph): Set<string> | undefined {
  for (const rc of graph.routeConfigs) {
    for (const vh of rc.virtualHosts) {
      if (vh.routes.some((r) => r.action === 'cluster_header' || r.action === 'cluster_specifier_plugin')) return undefined;
    }
  }
  const names = new Set<string>();
  for (const listener of graph.listeners) {
    for (const chain of [...listener.filterChains, ...(listener.defaultFilterChain ? [listener.defaultFilterChain] : [])]) {
      if ([...(chain.filterTypes ?? []), ...(chain.uncheckedFilters ?? [])].some((t) => DYNAMIC_CLUSTER_FILTER.test(t))) return undefined;
    }
    for (const n of listener.namedClusters ?? []) names.add(n);
  }
  for (const ref of graph.references) if (ref.targetKind === 'cluster') names.add(ref.name);
  for (const cluster of graph.clusters) for (const n of cluster.namedClusters ?? []) names.add(n);
  return names;
}

/** The unreachable clusters' size: their measured sizes scaled to their count (the sizes are sampled on large dumps). */
function estimatedBytes(unreachable: readonly ClusterNode[], all: readonly ClusterNode[]): number {
  const measured = (list: readonly ClusterNode[]) => list.filter((c) => c.configBytes !== undefined);
  const mean = (list: readonly ClusterNode[]) => list.reduce((s, c) => s + (c.configBytes ?? 0), 0) / Math.max(1, list.length);
  const own = measured(unreachable);
  return Math.round((own.length ? mean(own) : mean(measured(all))) * unreachable.length);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
