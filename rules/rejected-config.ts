import { defineRule } from '../src/engine/rule.js';

const KIND = { listener: 'listener', route_config: 'route configuration', cluster: 'cluster', endpoints: 'load assignment' } as const;

export default defineRule({
  id: 'rejected-config',
  meta: {
    description: 'The proxy rejected (NACKed) an update and runs stale config, or a resource is stuck warming.',
    defaultSeverity: 'error',
    messages: {
      rejected:
        'the proxy rejected the last update of {{kind}} "{{name}}" and keeps running the previous version: {{details}}. Fix the configuration the control plane generates (`istioctl proxy-status` shows the proxy as STALE).',
      warming:
        '{{kind}} "{{name}}" is still warming: it does not serve traffic until its dependencies (endpoints, secrets, routes) arrive. If it stays warming, check what it waits for (its EDS, SDS or RDS resources).',
    },
  },
  run({ graph, report }) {
    for (const r of graph.rejections) {
      report({ messageId: 'rejected', data: { kind: KIND[r.type], name: r.name, details: r.details || 'no details given' }, resource: { kind: r.type, name: r.name }, origin: r.origin });
    }
    const warming = [...graph.listeners, ...graph.clusters].filter((n) => n.state === 'warming');
    for (const node of warming) {
      const kind = 'filterChains' in node ? 'listener' : 'cluster';
      report({ messageId: 'warming', severity: 'warning', data: { kind, name: node.name }, resource: { kind, name: node.name }, origin: node.nameOrigin ?? node.origin });
    }
  },
});
