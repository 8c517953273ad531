import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'cluster-without-endpoints',
  meta: {
    description: 'An EDS cluster has no endpoints, or none that Envoy would route to, in a dump that includes endpoints.',
    defaultSeverity: 'warning',
    messages: {
      noAssignment:
        'EDS cluster "{{name}}" has no load assignment "{{service}}" in the endpoints section: requests routed to it get 503 with response flag UH. Check that the service has ready pods (and the subset labels match), or that istiod sends its endpoints.',
      empty:
        'EDS cluster "{{name}}" has an empty load assignment: requests routed to it get 503 with response flag UH. Check that the service has ready pods and that the subset labels select some.',
      noneHealthy:
        'EDS cluster "{{name}}" has {{count}} endpoint(s) but none is HEALTHY or UNKNOWN: requests get 503 with response flag UH. Check the pods\' readiness and outlier/health checking.',
    },
  },
  run({ graph, report }) {
    if (!graph.hasSection('endpoints')) return; // without ?include_eds the absence of endpoints proves nothing
    for (const cluster of graph.clusters) {
      if (cluster.discoveryType !== 'EDS' || cluster.state === 'error') continue;
      const resource = { kind: 'cluster' as const, name: cluster.name };
      const assignment = graph.endpointsFor(cluster);
      const service = cluster.edsServiceName ?? cluster.name;
      if (!assignment) report({ messageId: 'noAssignment', data: { name: cluster.name, service }, resource, origin: cluster.nameOrigin ?? cluster.origin });
      else if (assignment.endpointCount === 0) report({ messageId: 'empty', data: { name: cluster.name }, resource, origin: assignment.nameOrigin ?? assignment.origin });
      else if (assignment.healthyCount === 0) report({ messageId: 'noneHealthy', data: { name: cluster.name, count: assignment.endpointCount }, resource, origin: assignment.nameOrigin ?? assignment.origin });
    }
  },
});
