import { defineRule } from '../src/engine/rule.js';
import type { ClusterNode } from '../src/model/graph.js';
import type { ControlPlaneId } from '../src/model/control-plane.js';
import type { ProxyGraph } from '../src/model/graph.js';

/** Envoy's max_ejection_percent when outlier_detection does not set it. */
const DEFAULT_MAX_EJECTION_PERCENT = 10;

/** What to change, in the control plane's terms. */
const FIX: Partial<Record<ControlPlaneId, string>> = {
  istio:
    "set the DestinationRule's trafficPolicy.outlierDetection.minHealthPercent above 0 (Istio writes healthy_panic_threshold 0 whenever outlierDetection is set and minHealthPercent is not), or lower maxEjectionPercent and run more than one endpoint",
  'envoy-gateway': "lower the BackendTrafficPolicy's healthCheck.passive.maxEjectionPercent, or run more than one endpoint",
};
const ENVOY_FIX = 'set common_lb_config.healthy_panic_threshold above 0 (panic routing then sends to every host when too few are healthy), or lower outlier_detection.max_ejection_percent and run more than one endpoint';

export default defineRule({
  id: 'outlier-ejection-can-empty',
  meta: {
    description: 'Outlier detection can eject every endpoint of a cluster while panic routing is off, so requests get 503 UH although the hosts are up.',
    defaultSeverity: 'warning',
    messages: {
      allEjectable:
        'Cluster "{{name}}" lets outlier detection eject {{percent}}% of its hosts and has healthy_panic_threshold 0: once every host has failed its checks (a slow deploy, one bad dependency) none is left and requests get 503 with response flag UH until the ejections expire, although the pods are up. To fix: {{fix}}.',
      fewEndpoints:
        'Cluster "{{name}}" has {{count}} endpoint(s) and outlier detection may eject {{ejectable}} of them (max_ejection_percent {{percent}}: Envoy ejects while the ejected share is below it, so the first host can always go), with healthy_panic_threshold 0: after a burst of errors every host is ejected and requests get 503 with response flag UH until the ejections expire. To fix: {{fix}}.',
    },
  },
  run({ graph, target, report }) {
    const fix = FIX[target.controlPlane.id] ?? ENVOY_FIX;
    for (const cluster of graph.clusters) {
      const outlier = cluster.outlierDetection;
      if (cluster.state === 'error' || !outlier?.ejects) continue;
      // Panic routing (any threshold above 0) sends to all hosts when too few are healthy: ejection never empties it.
      if (cluster.healthyPanicThreshold === undefined || cluster.healthyPanicThreshold > 0) continue;
      const percent = outlier.maxEjectionPercent ?? DEFAULT_MAX_EJECTION_PERCENT;
      const resource = { kind: 'cluster' as const, name: cluster.name };
      if (percent >= 100) {
        report({ messageId: 'allEjectable', data: { name: cluster.name, percent, fix }, resource, origin: outlier.maxEjectionPercentOrigin ?? outlier.origin });
        continue;
      }
      const count = endpointCount(graph, cluster);
      if (count === undefined || count === 0) continue; // unknown, or no endpoints at all (cluster-without-endpoints)
      const ejectable = maxEjectable(count, percent);
      if (ejectable < count) continue;
      report({ messageId: 'fewEndpoints', data: { name: cluster.name, count, ejectable, percent, fix }, resource, origin: cluster.healthyPanicThresholdOrigin ?? outlier.origin });
    }
  },
});

/**
 * How many of `count` hosts outlier detection can eject: it ejects a host only while the ejected share is below
 * max_ejection_percent, so the first host always goes (0% is below any positive percentage), then until the share
 * reaches the percentage.
 */
export function maxEjectable(count: number, percent: number): number {
  if (percent <= 0) return 0;
  return Math.min(count, Math.max(1, Math.ceil((count * percent) / 100)));
}

/** The cluster's endpoint count when the dump says it: an inline assignment, or the EDS assignment of a ?include_eds dump. */
function endpointCount(graph: ProxyGraph, cluster: ClusterNode): number | undefined {
  if (cluster.discoveryType === 'EDS') return graph.hasSection('endpoints') ? graph.endpointsFor(cluster)?.endpointCount : undefined;
  if (cluster.discoveryType === 'STATIC') return cluster.inlineEndpoints;
  return undefined; // DNS clusters resolve to hosts the dump does not show
}
