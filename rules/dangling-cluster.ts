import { defineRule } from '../src/engine/rule.js';
import type { Reference } from '../src/model/graph.js';

const VIA: Record<string, string> = {
  'route.cluster': 'routes to',
  'route.weighted_clusters': 'sends a weighted share of its traffic to',
  'route.request_mirror_policies': 'mirrors requests to',
  'tcp_proxy.cluster': 'proxies TCP connections to',
  'tcp_proxy.weighted_clusters': 'sends a weighted share of its TCP connections to',
};

function symptom(ref: Reference): string {
  if (ref.via === 'route.request_mirror_policies') return 'the mirrored copies are dropped';
  if (ref.via.startsWith('tcp_proxy')) return 'connections are closed with response flag UF/NC';
  return 'requests get 503 with response flag NC';
}

export default defineRule({
  id: 'dangling-cluster',
  meta: {
    description: 'A route, weighted cluster, request mirror or TCP proxy names a cluster that the proxy does not have.',
    defaultSeverity: 'error',
    messages: {
      missing:
        '{{owner}} {{verb}} cluster "{{name}}", which the proxy does not have: {{symptom}}. Make {{server}} send cluster "{{name}}" ({{check}}) or fix the name.',
      sectionAbsent:
        'the inputs hold no clusters (no ClustersConfigDump): {{count}} cluster reference(s) were not checked. Include the clusters section (a full /config_dump, or {{command}}) to check them.',
    },
  },
  run({ graph, target, report }) {
    const refs = graph.references.filter((r) => r.targetKind === 'cluster');
    if (refs.length === 0) return;
    if (!graph.hasSection('cluster')) {
      report({ messageId: 'sectionAbsent', severity: 'info', data: { count: refs.length, command: target.controlPlane.advice.sectionCommand('clusters') }, resource: { kind: 'input', name: target.inputFiles[graph.origin.input] ?? '' }, origin: graph.origin });
      return;
    }
    for (const ref of refs) {
      if (graph.resolves(ref) !== false) continue;
      report({
        messageId: 'missing',
        data: { owner: ref.fromName, verb: VIA[ref.via] ?? 'names', name: ref.name, symptom: symptom(ref), server: target.controlPlane.advice.server, check: target.controlPlane.advice.clusterCheck },
        resource: { kind: 'cluster', name: ref.name },
        origin: ref.origin,
      });
    }
  },
});
