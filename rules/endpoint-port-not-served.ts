import { serving, type MeshLink, type Serving } from '../src/mesh/model.js';
import { defineMeshRule } from '../src/mesh/rule.js';
import { chainWords, endpointWords, proxyWords, someOf } from '../src/mesh/words.js';

/** What happens to the connection, in words. */
function fate(outcome: Extract<Serving, { kind: 'not-served' }>): string {
  if (!outcome.listener) return 'it has no listener that receives it, so the connection bypasses the proxy or is refused';
  if (!outcome.chain) return `listener ${outcome.listener.name} has no filter chain for it and no default chain, so the connection is closed at once`;
  if (outcome.chain.passthrough) return `it falls to ${chainWords(outcome.listener, outcome.chain)}, which passes it to the application unmanaged: no mTLS termination, no authorization policy, no telemetry`;
  return `it falls to ${chainWords(outcome.listener, outcome.chain)}, a catch-all chain, not one configured for that port`;
}

function relatedWords(outcome: Extract<Serving, { kind: 'not-served' }>, server: string): string {
  if (outcome.listener && outcome.chain) return `where the server sends it: ${chainWords(outcome.listener, outcome.chain)}`;
  return outcome.listener ? `the server's listener ${outcome.listener.name}` : `the server ${server}`;
}

export default defineMeshRule({
  id: 'endpoint-port-not-served',
  meta: {
    description:
      "A client proxy sends to IP:port of another proxy of the mesh that has no inbound listener or filter chain for that port, so the connection falls to a passthrough or catch-all chain, or is refused; and, as info, a client's endpoints whose proxies are not among the inputs (the mesh rules cannot check them).",
    defaultSeverity: 'warning',
    messages: {
      notServed:
        'cluster "{{cluster}}" sends to {{endpoints}}, {{server}}, which serves no inbound chain for port {{port}}: {{fate}}. The service\'s targetPort likely differs from the port the pod serves (or the server\'s sidecar has not received that port yet): compare the Service with the pod spec, and the server\'s inbound listeners (istioctl proxy-config listeners SERVER --port 15006).',
      serversNotInFleet:
        '{{count}} endpoint(s) this proxy sends to belong to no proxy among the inputs (e.g. server {{example}} of cluster "{{cluster}}"): mtls-mismatch, peer-identity-mismatch and endpoint-port-not-served did not check them. Add those servers\' dumps to the inputs to check them.',
    },
  },
  check({ mesh, report }) {
    const groups = new Map<string, { link: MeshLink; outcome: Extract<Serving, { kind: 'not-served' }>; endpoints: string[] }>();
    for (const link of mesh.links) {
      const outcome = serving(link.server, link.endpoint.ip, link.endpoint.port, link.transport);
      if (outcome.kind !== 'not-served') continue;
      const key = [link.client.proxy, link.cluster.name, link.server.proxy, link.endpoint.port].join('\u0000');
      const group = groups.get(key);
      if (group) group.endpoints.push(endpointWords(link.endpoint));
      else groups.set(key, { link, outcome, endpoints: [endpointWords(link.endpoint)] });
    }
    for (const { link, outcome, endpoints } of groups.values()) {
      const where = outcome.chain?.location ?? outcome.listener?.location ?? link.server.location;
      report({
        messageId: 'notServed',
        proxy: link.client.proxy,
        resource: { kind: 'cluster', name: link.cluster.name },
        location: link.endpoint.location,
        data: { cluster: link.cluster.name, endpoints: someOf(endpoints), server: `an endpoint of ${proxyWords(link.server)}`, port: link.endpoint.port, fate: fate(outcome) },
        related: [{ location: where, message: relatedWords(outcome, link.server.proxy) }],
      });
    }
    // Said once per client, so that a check that could not be made is not taken for one that passed.
    for (const { client, endpoints } of mesh.unmapped) {
      const first = endpoints[0];
      if (!first) continue;
      report({
        messageId: 'serversNotInFleet',
        severity: 'info',
        proxy: client.proxy,
        resource: { kind: 'cluster', name: first.cluster.name },
        location: first.endpoint.location,
        data: { count: endpoints.length, example: endpointWords(first.endpoint), cluster: first.cluster.name },
      });
    }
  },
});
