import { defineRule } from '../src/engine/rule.js';
import type { FilterChainNode } from '../src/generated/graph.js';
import type { ControlPlaneId } from '../src/model/control-plane.js';
import type { ProxyGraph } from '../src/model/graph.js';
import { selectVirtualHost } from '../src/match/virtual-host.js';

/** What to change, in the control plane's terms. */
const FIX: Partial<Record<ControlPlaneId, string>> = {
  istio: 'give each Gateway server its own credentialName (a certificate for its hosts only), or put the hosts in one server so they share one route configuration',
  'envoy-gateway': 'give each HTTPS listener of the Gateway its own certificate Secret, or attach the HTTPRoutes of both hostnames to one listener',
};
const ENVOY_FIX =
  'serve each server name with its own certificate, or route both names from one route configuration; where neither is possible, answer 421 Misdirected Request for names a chain does not serve so that browsers retry on a new connection';

/** A chain by its name, else its index. */
function chainLabel(chain: FilterChainNode): string {
  return chain.name ? `"${chain.name}"` : `#${chain.index}`;
}

/** The route configuration a chain's connection manager uses, or undefined when it has none. */
function routeConfigName(chain: FilterChainNode): string | undefined {
  const hcm = chain.httpConnectionManager;
  return hcm ? (hcm.rds?.name ?? hcm.inlineRouteConfig) : undefined;
}

/** Whether every name resolves, in route configuration `rc`, to a virtual host that lists it (not only the catch-all). */
function servesAll(graph: ProxyGraph, rc: string, names: readonly string[]): boolean {
  const config = graph.routeConfig(rc);
  if (!config) return false;
  return names.every((n) => {
    const sel = selectVirtualHost(config, n.startsWith('*.') ? `x${n.slice(1)}` : n);
    return sel.vhost !== undefined && sel.kind !== 'any';
  });
}

export default defineRule({
  id: 'shared-cert-coalescing',
  meta: {
    description:
      'Two filter chains of one listener serve different server_names with the same certificate and HTTP/2 but different route configurations: browsers reuse one connection for both names (HTTP/2 connection coalescing) and the second name\'s requests get the first chain\'s routes (404 NR).',
    defaultSeverity: 'warning',
    messages: {
      coalesced:
        'listener {{listener}}: filter chains {{first}} ({{firstNames}}) and {{second}} ({{secondNames}}) serve the same certificate {{certificate}} with HTTP/2 (ALPN h2) but route with different route configurations ({{firstRoutes}}, {{secondRoutes}}): a browser that opened an HTTP/2 connection for one name reuses it for the other, since the certificate covers both and the address is the same, and Envoy keeps the first chain (it is chosen once per connection by SNI), so those requests get that chain\'s routes: 404 with response flag NR, or the wrong backend. To fix: {{fix}}.',
    },
  },
  run({ graph, target, report }) {
    const fix = FIX[target.controlPlane.id] ?? ENVOY_FIX;
    // Mesh sidecars take TLS from other Envoys, whose connection pools are per cluster: they never coalesce by name.
    const { id, role } = target.controlPlane;
    if ((id === 'istio' && role !== 'gateway') || id === 'osm' || id === 'consul') return;
    for (const listener of graph.listeners) {
      if (listener.state === 'error' || listener.state === 'draining' || listener.filterChainMatcher) continue;
      const seen: Array<{ chain: FilterChainNode; cert: string; rc: string; names: string[] }> = [];
      for (const chain of listener.filterChains) {
        const names = chain.match.serverNames ?? [];
        const rc = routeConfigName(chain);
        const tls = chain.tls;
        if (!tls || names.length === 0 || rc === undefined || !(tls.alpnProtocols ?? []).includes('h2')) continue;
        for (const cert of tls.certificates) {
          const earlier = seen.find((s) => s.cert === cert.id && s.rc !== rc && s.names.join() !== names.join());
          if (earlier && !(servesAll(graph, earlier.rc, names) && servesAll(graph, rc, earlier.names))) {
            report({
              messageId: 'coalesced',
              data: {
                listener: listener.name,
                first: chainLabel(earlier.chain),
                firstNames: earlier.names.join(', '),
                second: chainLabel(chain),
                secondNames: names.join(', '),
                certificate: cert.id,
                firstRoutes: earlier.rc,
                secondRoutes: rc,
                fix,
              },
              resource: { kind: 'listener', name: listener.name },
              origin: cert.origin,
            });
            break;
          }
          seen.push({ chain, cert: cert.id, rc, names });
        }
      }
    }
  },
});
