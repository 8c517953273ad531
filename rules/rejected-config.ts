import { defineRule } from '../src/engine/rule.js';
import { isLive, type ClusterNode, type ListenerNode } from '../src/model/graph.js';
import { clusterDependencies, describeDependency, listenerDependencies } from '../src/model/warming.js';

const KIND = { listener: 'listener', route_config: 'route configuration', cluster: 'cluster', endpoints: 'load assignment', secret: 'SDS secret', extension_config: 'ECDS filter config' } as const;

function address(listener: ListenerNode): string {
  if (listener.port === undefined) return 'its address';
  const host = listener.address ?? '0.0.0.0';
  return `${host.includes(':') ? `[${host}]` : host}:${listener.port}${listener.protocol === 'UDP' ? '/udp' : ''}`;
}

export default defineRule({
  id: 'rejected-config',
  meta: {
    description: 'The proxy rejected (NACKed) an update and runs stale config, or a resource is stuck warming.',
    defaultSeverity: 'error',
    messages: {
      rejected:
        'the proxy rejected the last update of {{kind}} "{{name}}" and keeps running the previous version: {{details}}. Fix the configuration {{server}} generates ({{status}}).',
      listenerWaiting:
        'listener "{{name}}" is still warming, waiting for {{waits}}: until then {{effect}}. Make {{server}} send what is missing (or fix the name that asks for it); envoy-lint reports the warming listener once instead of each chain\'s symptoms.',
      listenerWarming:
        'listener "{{name}}" is still warming and the dump shows nothing it waits for missing: until it warms {{effect}}. A dump taken mid-update or while the server is still starting (Envoy dumps every listener as warming until its workers start) shows this; if it stays warming, it waits for something the dump does not show (scoped routes, VHDS) — check the proxy logs.',
      clusterWaiting:
        'cluster "{{name}}" is still warming, waiting for {{waits}}: until then it takes no traffic{{previous}} (routes to it answer 503 NC). Make {{server}} send what is missing.',
      clusterWarming:
        'cluster "{{name}}" is still warming: it takes no traffic{{previous}} until its first endpoint load (EDS or DNS) and, if configured, an active health check pass complete; routes to it answer 503 NC. If it stays warming, check the proxy logs for its EDS subscription.',
    },
  },
  run({ graph, target, report }) {
    const { server, rejectedStatus } = target.controlPlane.advice;
    for (const r of graph.rejections) {
      report({ messageId: 'rejected', data: { kind: KIND[r.type], name: r.name, details: r.details || 'no details given', server, status: rejectedStatus }, resource: { kind: r.type, name: r.name }, origin: r.origin });
    }
    const servingListeners = new Set(graph.listeners.filter((l) => isLive(l.state) && l.state !== 'warming').map((l) => l.name));
    for (const listener of graph.listeners.filter((l) => l.state === 'warming')) {
      const waits = listenerDependencies(graph, listener);
      const updating = servingListeners.has(listener.name);
      // A new listener holds its port without listen() until it warms (Envoy's doFinalPreWorkerInit): refused.
      const effect = updating ? `this version does not serve ${address(listener)} (the previous version keeps serving)` : `connections to ${address(listener)} are refused`;
      const resource = { kind: 'listener' as const, name: listener.name };
      const origin = listener.nameOrigin ?? listener.origin;
      if (waits.length > 0) {
        // A new listener waiting for something the dump shows missing serves nothing at all: an error.
        report({ messageId: 'listenerWaiting', ...(updating ? { severity: 'warning' as const } : {}), data: { name: listener.name, waits: waits.map(describeDependency).join(', '), effect, server }, resource, origin });
      } else {
        report({ messageId: 'listenerWarming', severity: 'warning', data: { name: listener.name, effect }, resource, origin });
      }
    }
    const servingClusters = new Set(graph.clusters.filter((c: ClusterNode) => isLive(c.state) && c.state !== 'warming').map((c) => c.name));
    for (const cluster of graph.clusters.filter((c) => c.state === 'warming')) {
      const waits = clusterDependencies(graph, cluster);
      const previous = servingClusters.has(cluster.name) ? ' (its previous version keeps serving)' : '';
      const resource = { kind: 'cluster' as const, name: cluster.name };
      const origin = cluster.nameOrigin ?? cluster.origin;
      if (waits.length > 0) report({ messageId: 'clusterWaiting', severity: 'warning', data: { name: cluster.name, waits: waits.map(describeDependency).join(', '), previous, server }, resource, origin });
      else report({ messageId: 'clusterWarming', severity: 'warning', data: { name: cluster.name, previous }, resource, origin });
    }
  },
});
