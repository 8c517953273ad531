import type { MeshFacts } from '../src/mesh/facts.js';
import { serving, type MeshLink, type Serving } from '../src/mesh/model.js';
import { defineMeshRule } from '../src/mesh/rule.js';
import { chainWords, endpointWords, proxyWords, someOf } from '../src/mesh/words.js';

type Mismatch = Extract<Serving, { kind: 'wrong-transport' | 'served' }>;

/** Links of one client cluster to one server port with the same outcome are one finding (replicas, several IPs). */
function groupKey(link: MeshLink, messageId: string): string {
  return [link.client.proxy, link.cluster.name, link.server.proxy, link.endpoint.port, messageId].join('\u0000');
}

export default defineMeshRule({
  id: 'mtls-mismatch',
  meta: {
    description:
      'A client proxy sends plaintext to a server port of another proxy of the mesh that accepts only TLS, or TLS (mTLS) to a port that accepts only plaintext, or without the client certificate the server requires: every connection fails.',
    defaultSeverity: 'error',
    messages: {
      plaintextToTls:
        'cluster "{{cluster}}" sends plaintext to {{endpoints}}, {{server}}, whose inbound side accepts only TLS on port {{port}} ({{chain}}): every connection is reset during the handshake. Give the cluster a TLS transport socket for these endpoints (Istio: a DestinationRule with ISTIO_MUTUAL, or auto mTLS with the endpoints labelled tlsMode istio), or let the server accept plaintext too (PeerAuthentication PERMISSIVE).',
      tlsToPlaintext:
        'cluster "{{cluster}}" sends TLS to {{endpoints}}, {{server}}, whose inbound side accepts only plaintext on port {{port}} ({{chain}}): the server reads a TLS ClientHello as its protocol and the connection fails. Send plaintext to these endpoints (Istio: DestinationRule tls mode DISABLE; its auto mTLS does so by itself for endpoints without tlsMode istio), or terminate TLS on the server.',
      noClientCertificate:
        'cluster "{{cluster}}" sends TLS without a client certificate to {{endpoints}}, {{server}}, whose chain for port {{port}} requires one ({{chain}}): the handshake fails. Give the cluster\'s TLS context a certificate (Istio: ISTIO_MUTUAL instead of SIMPLE), or stop requiring it on the server.',
    },
  },
  check({ mesh, report }) {
    const groups = new Map<string, { link: MeshLink; outcome: Mismatch; messageId: 'plaintextToTls' | 'tlsToPlaintext' | 'noClientCertificate'; endpoints: string[] }>();
    for (const link of mesh.links) {
      const outcome = serving(link.server, link.endpoint.ip, link.endpoint.port, link.transport);
      let messageId: 'plaintextToTls' | 'tlsToPlaintext' | 'noClientCertificate' | undefined;
      if (outcome.kind === 'wrong-transport') messageId = link.transport === 'plaintext' ? 'plaintextToTls' : 'tlsToPlaintext';
      else if (outcome.kind === 'served' && link.tls && outcome.chain.requireClientCertificate && !link.tls.presentsCertificate) messageId = 'noClientCertificate';
      if (!messageId || outcome.kind === 'not-served') continue;
      const key = groupKey(link, messageId);
      const group = groups.get(key);
      if (group) group.endpoints.push(endpointWords(link.endpoint));
      else groups.set(key, { link, outcome, messageId, endpoints: [endpointWords(link.endpoint)] });
    }
    for (const { link, outcome, messageId, endpoints } of groups.values()) {
      const location = link.tls?.location ?? link.cluster.location;
      report({
        messageId,
        proxy: link.client.proxy,
        resource: { kind: 'cluster', name: link.cluster.name },
        location,
        data: { cluster: link.cluster.name, endpoints: someOf(endpoints), server: serverWords(link.server), port: link.endpoint.port, chain: chainWords(outcome.listener, outcome.chain) },
        related: [
          { location: outcome.chain.location, message: `the server's ${chainWords(outcome.listener, outcome.chain)}` },
          ...(location !== link.endpoint.location ? [{ location: link.endpoint.location, message: `the endpoint ${endpointWords(link.endpoint)}${link.socketMatch !== undefined ? ` (transport socket match "${link.socketMatch}")` : ''}` }] : []),
        ],
      });
    }
  },
});

function serverWords(server: MeshFacts): string {
  return `an endpoint of ${proxyWords(server)}`;
}
