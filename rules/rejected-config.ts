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
        'listener "{{name}}" is still warming, waiting for {{waits}}: until that arrives it serves nothing on {{address}}{{previous}}. Make {{server}} send it (or fix the name that asks for it); envoy-lint reports the warming listener once instead of each chain\'s symptoms.',
      listenerWarming:
        'listener "{{name}}" is still warming: it serves nothing on {{address}}{{previous}} until its dependencies arrive, and the dump shows none of them missing (a dump taken mid-update, or a dependency envoy-lint cannot see such as scoped routes or VHDS). If it stays warming, check the proxy logs for what its init manager waits for.',
      clusterWaiting:
        'cluster "{{name}}" is still warming, waiting for {{waits}}: it takes no traffic until that arrives{{previous}}. Make {{server}} send it.',
      clusterWarming:
        'cluster "{{name}}" is still warming: it takes no traffic until its endpoints (EDS) and secrets (SDS) arrive{{previous}}. If it stays warming, check what it waits for in the proxy logs.',
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
      const previous = updating ? ' with this version (the previous version keeps serving)' : ' (the port does not serve yet)';
      const resource = { kind: 'listener' as const, name: listener.name };
      const origin = listener.nameOrigin ?? listener.origin;
      if (waits.length > 0) {
        // A new listener waiting for something the dump shows missing serves nothing at all: an error.
        report({ messageId: 'listenerWaiting', ...(updating ? { severity: 'warning' as const } : {}), data: { name: listener.name, waits: waits.map(describeDependency).join(', '), address: address(listener), previous, server }, resource, origin });
      } else {
        report({ messageId: 'listenerWarming', severity: 'warning', data: { name: listener.name, address: address(listener), previous }, resource, origin });
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
