import type { MeshFacts } from '../src/mesh/facts.js';
import { defineMeshRule } from '../src/mesh/rule.js';
import { proxyWords, someOf } from '../src/mesh/words.js';
import { indexBy } from '../src/model/graph.js';

type Versioned = { proxy: MeshFacts; version: string; location: MeshFacts['location'] };

/** The version most proxies run (ties: the highest, as the one an upgrade is heading to), and the others. */
function split(items: readonly Versioned[]): { common: string; odd: Versioned[] } | undefined {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i.version, (counts.get(i.version) ?? 0) + 1);
  if (counts.size < 2) return undefined;
  const [common] = [...counts].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0], undefined, { numeric: true }))[0] ?? [''];
  return { common, odd: items.filter((i) => i.version !== common) };
}

function envoyOf(p: MeshFacts): Versioned | undefined {
  return p.envoyVersion !== undefined ? { proxy: p, version: p.envoyVersion, location: p.envoyVersionLocation ?? p.location } : undefined;
}

function controlPlaneOf(p: MeshFacts): Versioned | undefined {
  return p.controlPlaneVersion !== undefined ? { proxy: p, version: p.controlPlaneVersion, location: p.controlPlaneVersionLocation ?? p.location } : undefined;
}

export default defineMeshRule({
  id: 'proxy-version-skew',
  meta: {
    description:
      'Proxies of the mesh run different Envoy or control-plane (proxy) versions (info), or replicas of one workload do (warning: one of them is stale, e.g. not restarted after an upgrade).',
    defaultSeverity: 'info',
    messages: {
      envoyVersions:
        '{{proxy}} runs Envoy {{version}} while {{count}} of the {{total}} proxies of the mesh run {{common}}: within the supported skew this is an upgrade in progress; otherwise features and fixes differ between the two sides of a connection. Restart the workloads still on the old proxy once the control plane is upgraded.',
      controlPlaneVersions:
        '{{proxy}} was injected by control plane version {{version}} while {{count}} of the {{total}} proxies of the mesh run {{common}}: the proxy and the control plane that configures it may be out of the supported skew. Restart it (Istio: kubectl rollout restart) so it gets the current sidecar.',
      replicaVersions:
        'replicas of workload {{workload}} run different proxy versions: {{proxy}} runs {{version}}, {{others}} run {{common}}. One of them is stale (a pod not restarted after an upgrade, or a canary left behind): restart the workload so every replica runs the same proxy.',
    },
  },
  check({ mesh, report }) {
    const proxies = mesh.proxies;
    const say = (messageId: 'envoyVersions' | 'controlPlaneVersions', pick: (p: MeshFacts) => Versioned | undefined): void => {
      const items = proxies.map(pick).filter((i): i is Versioned => i !== undefined);
      const result = split(items);
      if (!result) return;
      const example = items.find((i) => i.version === result.common);
      for (const odd of result.odd) {
        report({
          messageId,
          proxy: odd.proxy.proxy,
          resource: { kind: 'input', name: odd.proxy.proxy },
          location: odd.location,
          data: { proxy: proxyWords(odd.proxy), version: odd.version, common: result.common, count: items.length - result.odd.length, total: items.length },
          ...(example ? { related: [{ location: example.location, message: `${proxyWords(example.proxy)} runs ${result.common}` }] } : {}),
        });
      }
    };
    say('envoyVersions', envoyOf);
    say('controlPlaneVersions', controlPlaneOf);
    // Replicas: proxies that name one workload of one namespace (Istio's WORKLOAD_NAME and NAMESPACE metadata).
    const byWorkload = indexBy(
      proxies.filter((p) => p.workload !== undefined && p.namespace !== undefined),
      (p) => `${p.namespace ?? ''}/${p.workload ?? ''}`,
    );
    for (const [workload, replicas] of byWorkload) {
      if (replicas.length < 2) continue;
      const version = (p: MeshFacts): Versioned | undefined => {
        const parts = [p.controlPlaneVersion, p.envoyVersion !== undefined ? `Envoy ${p.envoyVersion}` : undefined].filter((s) => s !== undefined);
        return parts.length > 0 ? { proxy: p, version: parts.join(', '), location: p.controlPlaneVersionLocation ?? p.envoyVersionLocation ?? p.location } : undefined;
      };
      const items = replicas.map(version).filter((i): i is Versioned => i !== undefined);
      const result = split(items);
      if (!result) continue;
      const others = items.filter((i) => i.version === result.common);
      for (const odd of result.odd) {
        report({
          messageId: 'replicaVersions',
          severity: 'warning',
          proxy: odd.proxy.proxy,
          resource: { kind: 'input', name: odd.proxy.proxy },
          location: odd.location,
          data: { workload, proxy: odd.proxy.proxy, version: odd.version, common: result.common, others: someOf(others.map((o) => o.proxy.proxy)) },
          related: others.slice(0, 1).map((o) => ({ location: o.location, message: `${o.proxy.proxy} runs ${result.common}` })),
        });
      }
    }
  },
});
