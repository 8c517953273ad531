import { defineRule } from '../src/engine/rule.js';
import type { ProxyGraph, Reference } from '../src/model/graph.js';

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
      missingSubset:
        '{{owner}} {{verb}} cluster "{{name}}", which the proxy does not have although it has "{{base}}": no DestinationRule for {{host}} defines subset "{{subset}}"{{known}}, so {{symptom}}. Add subset "{{subset}}" (with the labels of the pods it stands for) to the spec.subsets of the DestinationRule for {{host}}, or route to a subset that exists.',
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
    let subsets: SubsetIndex | undefined;
    for (const ref of refs) {
      if (graph.resolves(ref) !== false) continue;
      const subset = missingIstioSubset(graph, ref.name, () => (subsets ??= subsetIndex(graph)));
      if (subset) {
        report({
          messageId: 'missingSubset',
          data: { owner: ref.fromName, verb: VIA[ref.via] ?? 'names', name: ref.name, symptom: symptom(ref), ...subset },
          resource: { kind: 'cluster', name: ref.name },
          origin: ref.origin,
        });
        continue;
      }
      report({
        messageId: 'missing',
        data: { owner: ref.fromName, verb: VIA[ref.via] ?? 'names', name: ref.name, symptom: symptom(ref), server: target.controlPlane.advice.server, check: target.controlPlane.advice.clusterCheck },
        resource: { kind: 'cluster', name: ref.name },
        origin: ref.origin,
      });
    }
  },
});

/** Istio's cluster name for a port of a host, and for one subset of it: `outbound|9080|v2|reviews.default.svc.cluster.local`. */
const ISTIO_SUBSET_NAME = /^(outbound|inbound)\|(\d+)\|([^|]+)\|(.+)$/;

/** The subsets the proxy has clusters for, by `direction|port|host`. */
type SubsetIndex = Map<string, string[]>;

/** Made once per run, when the first missing subset is found: asking every cluster per reference was quadratic. */
function subsetIndex(graph: ProxyGraph): SubsetIndex {
  const index: SubsetIndex = new Map();
  for (const { name } of graph.clusters) {
    const m = ISTIO_SUBSET_NAME.exec(name);
    if (!m) continue;
    const [, direction, port, subset, host] = m as unknown as [string, string, string, string, string];
    const key = `${direction}|${port}|${host}`;
    const known = index.get(key);
    if (known) known.push(subset);
    else index.set(key, [subset]);
  }
  return index;
}

/**
 * When `name` is the Istio cluster of a subset and the proxy has the cluster of the same direction, port and host
 * without a subset, the DestinationRule lacks that subset (istiod writes one cluster per subset it defines): the
 * parts for the message, with the subsets the proxy does have for that port and host.
 */
function missingIstioSubset(graph: ProxyGraph, name: string, subsets: () => SubsetIndex): { base: string; host: string; subset: string; known: string } | undefined {
  const m = ISTIO_SUBSET_NAME.exec(name);
  if (!m) return undefined;
  const [, direction, port, subset, host] = m as unknown as [string, string, string, string, string];
  const base = `${direction}|${port}||${host}`;
  if (!graph.cluster(base)) return undefined;
  const others = subsets().get(`${direction}|${port}|${host}`) ?? [];
  const known = others.length ? ` (the proxy has subset(s) ${[...new Set(others)].sort().map((s) => `"${s}"`).join(', ')})` : '';
  return { base, host, subset, known };
}
