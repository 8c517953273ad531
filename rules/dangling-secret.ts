import { defineRule } from '../src/engine/rule.js';
import type { ClusterNode, ListenerNode, Reference } from '../src/model/graph.js';

/** Where each SDS reference sits: the listener (through one of its chains) or the cluster whose socket names it. */
function owners(listeners: readonly ListenerNode[], clusters: readonly ClusterNode[]): Map<Reference, { kind: 'listener' | 'cluster'; name: string; warming: boolean }> {
  const out = new Map<Reference, { kind: 'listener' | 'cluster'; name: string; warming: boolean }>();
  for (const l of listeners) {
    for (const chain of [...l.filterChains, ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])]) {
      for (const ref of chain.secrets ?? []) out.set(ref, { kind: 'listener', name: l.name, warming: l.state === 'warming' });
    }
  }
  for (const c of clusters) for (const ref of c.secrets ?? []) out.set(ref, { kind: 'cluster', name: c.name, warming: c.state === 'warming' });
  return out;
}

function effect(owner: { kind: 'listener' | 'cluster'; warming: boolean } | undefined): string {
  if (!owner) return 'TLS on it cannot start';
  if (owner.kind === 'listener') return owner.warming ? 'the listener stays warming and its port serves nothing until the secret arrives' : 'TLS handshakes on this chain fail';
  return owner.warming ? 'the cluster stays warming and takes no traffic' : 'TLS connections to the cluster fail (503 with response flag UF)';
}

export default defineRule({
  id: 'dangling-secret',
  meta: {
    description: 'A listener or cluster names an SDS secret the proxy does not have, or a requested secret never arrived.',
    defaultSeverity: 'error',
    messages: {
      missing:
        '{{owner}} names SDS secret "{{name}}", which the proxy does not have (not in the SecretsConfigDump): {{effect}}. Make {{server}} send the secret (does the certificate or Kubernetes Secret "{{name}}" exist, and may the proxy read it?) or fix the name.',
      warming:
        'SDS secret "{{name}}" was requested but never arrived (dynamic_warming_secrets): {{blocked}}. Make {{server}} send it (does the certificate or Kubernetes Secret exist, and may the proxy read it?).',
      sectionAbsent:
        'the inputs hold no SDS secrets (no SecretsConfigDump): {{count}} secret reference(s) were not checked. Include the secrets section (a full /config_dump, or {{command}}) to check them.',
    },
  },
  run({ graph, target, report }) {
    const refs = graph.references.filter((r) => r.targetKind === 'secret');
    const { server, sectionCommand } = target.controlPlane.advice;
    if (!graph.hasSection('secret')) {
      if (refs.length > 0) {
        report({ messageId: 'sectionAbsent', severity: 'info', data: { count: refs.length, command: sectionCommand('secrets') }, resource: { kind: 'input', name: target.inputFiles[graph.origin.input] ?? '' }, origin: graph.origin });
      }
      return;
    }
    const ownerOf = owners(graph.listeners, graph.clusters);
    for (const ref of refs) {
      if (graph.resolves(ref) !== false) continue;
      report({ messageId: 'missing', data: { owner: ref.fromName, name: ref.name, effect: effect(ownerOf.get(ref)), server }, resource: { kind: 'secret', name: ref.name }, origin: ref.origin });
    }
    for (const secret of graph.secrets) {
      if (secret.state !== 'warming' || graph.secret(secret.name) !== secret) continue; // delivered in another state
      const users = [...new Set(refs.filter((r) => r.name === secret.name).map((r) => ownerOf.get(r)).filter((o) => o !== undefined).map((o) => `${o.kind} ${o.name}${o.warming ? ' (warming)' : ''}`))];
      const blocked = users.length > 0 ? `it blocks ${users.join(', ')}` : graph.hasSection('listener') || graph.hasSection('cluster') ? 'no listener or cluster in the dump names it now, so nothing waits for it' : 'the dump holds no listeners or clusters to tell what waits for it';
      report({ messageId: 'warming', ...(users.length > 0 ? {} : { severity: 'warning' as const }), data: { name: secret.name, blocked, server }, resource: { kind: 'secret', name: secret.name }, origin: secret.nameOrigin ?? secret.origin });
    }
  },
});
