import { defineRule } from '../src/engine/rule.js';
import type { ClusterNode, EndpointsNode } from '../src/model/graph.js';

export default defineRule({
  id: 'cluster-without-endpoints',
  meta: {
    description: 'An EDS cluster has no endpoints, or none that Envoy would route to, in a dump that includes endpoints.',
    defaultSeverity: 'warning',
    messages: {
      noAssignment:
        'EDS cluster "{{name}}" has no load assignment "{{service}}" in the endpoints section: requests routed to it get 503 with response flag UH. Check {{check}}.',
      empty:
        'EDS cluster "{{name}}" has an empty load assignment: requests routed to it get 503 with response flag UH. Check {{check}}.',
      noneHealthy:
        'EDS cluster "{{name}}" has {{count}} endpoint(s) but none is HEALTHY, UNKNOWN or DEGRADED: Envoy is in panic mode for it and spreads requests over the unhealthy hosts (with healthy_panic_threshold 0, as Istio sets with outlier detection, they get 503 with response flag UH). Check the hosts\' readiness and outlier/health checking.',
      unattributed:
        '{{assignments}} load assignment(s) were dumped without cluster_name (Envoy 1.15 to 1.25 leave it out when the cluster sets no eds_cluster_config.service_name), so which of the EDS clusters {{clusters}} each belongs to cannot be told; {{problem}}. Their endpoint checks were skipped: check them in the proxy\'s /clusters output, or capture the dump from a newer Envoy, which names them.',
    },
  },
  run({ graph, target, report }) {
    if (!graph.hasSection('endpoints')) return; // without ?include_eds the absence of endpoints proves nothing
    const check = target.controlPlane.advice.endpointsCheck;
    const ambiguous: ClusterNode[] = [];
    for (const cluster of graph.clusters) {
      // Envoy dumps assignments of active clusters only: a warming one has none to show (rejected-config reports it).
      if (cluster.discoveryType !== 'EDS' || cluster.state === 'error' || cluster.state === 'warming') continue;
      const resource = { kind: 'cluster' as const, name: cluster.name };
      const assignment = graph.endpointsFor(cluster);
      const service = cluster.edsServiceName ?? cluster.name;
      if (!assignment) {
        if (graph.unattributedFor(cluster).length > 0) ambiguous.push(cluster);
        else report({ messageId: 'noAssignment', data: { name: cluster.name, service, check }, resource, origin: cluster.nameOrigin ?? cluster.origin });
      } else if (assignment.endpointCount === 0) report({ messageId: 'empty', data: { name: cluster.name, check }, resource, origin: assignment.nameOrigin ?? assignment.origin });
      else if (assignment.healthyCount === 0) report({ messageId: 'noneHealthy', data: { name: cluster.name, count: assignment.endpointCount }, resource, origin: assignment.nameOrigin ?? assignment.origin });
    }
    // Unnamed assignments that cannot be paired with their clusters: never a warning about endpoints that may be there,
    // but said once when one of them (or a cluster left without any) would be worth a warning.
    const groups = new Map<readonly EndpointsNode[], ClusterNode[]>();
    for (const cluster of ambiguous) {
      const key = graph.unattributedFor(cluster);
      const list = groups.get(key);
      if (list) list.push(cluster);
      else groups.set(key, [cluster]);
    }
    for (const [assignments, clusters] of groups) {
      const unhealthy = assignments.filter((a) => a.healthyCount === 0).length;
      const missing = clusters.length - assignments.length;
      if (unhealthy === 0 && missing <= 0) continue;
      const problems = [
        ...(unhealthy > 0 ? [`${unhealthy} of them ${unhealthy === 1 ? 'has' : 'have'} no healthy endpoint`] : []),
        ...(missing > 0 ? [`${missing} of the clusters ${missing === 1 ? 'has' : 'have'} no assignment at all`] : []),
      ];
      const first = assignments[0];
      if (!first) continue;
      report({
        messageId: 'unattributed',
        severity: 'info',
        data: { assignments: assignments.length, clusters: clusters.map((c) => `"${c.name}"`).join(', '), problem: problems.join(' and ') },
        resource: { kind: 'endpoints', name: first.clusterName },
        origin: first.origin,
      });
    }
  },
});
