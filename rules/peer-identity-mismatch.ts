import type { ProxyIdentity } from '../src/mesh/facts.js';
import { admits, trustDomainOf } from '../src/mesh/identity.js';
import { serving, type MeshLink } from '../src/mesh/model.js';
import { defineMeshRule } from '../src/mesh/rule.js';
import { endpointWords, proxyWords, someOf } from '../src/mesh/words.js';

function identityWords(identities: readonly ProxyIdentity[]): string {
  const first = identities[0];
  const from = first?.source === 'certificate' ? 'its certificate' : 'its node metadata (the trust domain is not in it)';
  return `${someOf(identities.map((i) => (i.spiffePathOnly ? `spiffe://…${i.value}` : i.value)))} (from ${from})`;
}

export default defineMeshRule({
  id: 'peer-identity-mismatch',
  meta: {
    description:
      "A client proxy's SAN matchers (match_subject_alt_names, match_typed_subject_alt_names) do not admit the identity the server proxy it sends to presents, or the two trust different roots or trust domains: the TLS handshake fails.",
    defaultSeverity: 'error',
    messages: {
      notAdmitted:
        'cluster "{{cluster}}" accepts only a server whose SAN matches {{matchers}}, but {{endpoints}} is {{server}}, which presents {{identity}}: the handshake fails with CERTIFICATE_VERIFY_FAILED (503 UF, "TLS error"). Make the client expect the server\'s service account (Istio: the service\'s pods run under another service account than the one the client was given; check the Deployment\'s serviceAccountName), or run the server under the expected one.',
      otherTrustDomain:
        'cluster "{{cluster}}" expects the trust domain {{expected}}, but {{endpoints}} is {{server}}, whose certificate is of the trust domain {{actual}}: the handshake fails. Give both sides one trust domain, or list the other as a trust domain alias (Istio: meshConfig.trustDomainAliases).',
      otherTrustRoot:
        'cluster "{{cluster}}" validates servers with another root certificate than the one {{endpoints}}, {{server}}, validates its clients with: the two are not in one trust chain, so mutual TLS fails in one direction at least. Distribute one root to both sides (Istio: the same cacerts in every cluster of a multi-cluster mesh).',
    },
  },
  check({ mesh, report }) {
    const seen = new Set<string>();
    const once = (link: MeshLink, messageId: string): boolean => {
      const key = [link.client.proxy, link.cluster.name, link.server.proxy, messageId].join('\u0000');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    for (const link of mesh.links) {
      const tls = link.tls;
      if (!tls) continue;
      const outcome = serving(link.server, link.endpoint.ip, link.endpoint.port, 'tls');
      // A port that does not terminate TLS is mtls-mismatch's or endpoint-port-not-served's finding.
      if (outcome.kind !== 'served' || !outcome.chain.terminatesTls) continue;
      const base = { proxy: link.client.proxy, resource: { kind: 'cluster' as const, name: link.cluster.name } };
      const data = { cluster: link.cluster.name, endpoints: endpointWords(link.endpoint), server: proxyWords(link.server) };
      if (tls.trustedCa !== undefined && outcome.chain.trustedCa !== undefined && tls.trustedCa !== outcome.chain.trustedCa && once(link, 'otherTrustRoot')) {
        report({ ...base, messageId: 'otherTrustRoot', location: tls.location, data, related: [{ location: outcome.chain.location, message: "the server's chain and its validation context" }] });
      }
      const identities = link.server.identities;
      if (tls.sanMatchers.length === 0 || identities.length === 0) continue;
      const first = tls.sanMatchers[0];
      if (!first) continue;
      const related = [{ location: identities[0]?.location ?? link.server.location, message: `what the server presents: ${identityWords(identities)}` }];
      const expected = [...new Set(tls.sanMatchers.map((m) => trustDomainOf(m.value)).filter((td): td is string => td !== undefined))];
      const actual = [...new Set(identities.filter((i) => i.source === 'certificate').map((i) => trustDomainOf(i.value)).filter((td): td is string => td !== undefined))];
      if (expected.length > 0 && actual.length > 0 && !actual.some((td) => expected.includes(td))) {
        if (once(link, 'otherTrustDomain')) report({ ...base, messageId: 'otherTrustDomain', location: first.location, data: { ...data, expected: someOf(expected), actual: someOf(actual) }, related });
        continue;
      }
      if (admits(tls.sanMatchers, identities) !== 'refused' || !once(link, 'notAdmitted')) continue;
      const matchers = someOf(tls.sanMatchers.map((m) => `${m.kind} "${m.value}"`));
      report({ ...base, messageId: 'notAdmitted', location: first.location, data: { ...data, matchers, identity: identityWords(identities) }, related });
    }
  },
});
