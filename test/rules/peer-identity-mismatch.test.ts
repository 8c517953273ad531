import fs from 'node:fs';
import path from 'node:path';
import rule from '../../rules/peer-identity-mismatch.js';
import { assignment, inboundChain, istioNode, meshRuleTester, outboundCluster, passthroughChains, permissive, strict, upstreamTls, virtualInbound, type MeshProxy } from '../mesh-tester.js';

const SVC = 'outbound|9080||reviews.default.svc.cluster.local';
const SERVER_IP = '10.244.0.7';
/** A workload certificate of the trust domain other.domain (fixtures/mesh/README.md). */
const OTHER_DOMAIN_CERT = fs.readFileSync(path.resolve(__dirname, '../../fixtures/mesh/certs/other-domain-reviews.pem'), 'utf8');

const client = (tls: Record<string, unknown>, extra: Partial<MeshProxy> = {}): MeshProxy => ({
  name: 'productpage',
  node: istioNode('10.244.0.5', { serviceAccount: 'bookinfo-productpage' }),
  clusters: [outboundCluster(SVC, 'auto', tls)],
  endpoints: [assignment(SVC, [{ ip: SERVER_IP, port: 9080 }])],
  ...extra,
});

const server = (options: { serviceAccount?: string; chains?: Array<Record<string, unknown>>; secrets?: Array<Record<string, unknown>> } = {}): MeshProxy => ({
  name: 'reviews',
  node: istioNode(SERVER_IP, { ...(options.serviceAccount !== undefined ? { serviceAccount: options.serviceAccount } : {}) }),
  listeners: [virtualInbound([...(options.chains ?? strict(9080)), ...passthroughChains()])],
  ...(options.secrets ? { secrets: options.secrets } : {}),
});

const exact = (value: string): Record<string, unknown> => ({ exact: value });

meshRuleTester(rule, {
  valid: [
    { name: 'the exact SPIFFE id of the server\'s service account', proxies: [client(upstreamTls({ san: [exact('spiffe://cluster.local/ns/default/sa/bookinfo-reviews')] })), server({ serviceAccount: 'bookinfo-reviews' })] },
    { name: 'one of several matchers admits it', proxies: [client(upstreamTls({ san: [exact('spiffe://cluster.local/ns/default/sa/a'), { suffix: '/sa/bookinfo-reviews' }] })), server({ serviceAccount: 'bookinfo-reviews' })] },
    { name: 'a trust-domain prefix', proxies: [client(upstreamTls({ san: [{ prefix: 'spiffe://cluster.local/' }] })), server({ serviceAccount: 'bookinfo-reviews' })] },
    { name: 'a regex (RE2, whole value)', proxies: [client(upstreamTls({ san: [{ safe_regex: { regex: 'spiffe://cluster\\.local/ns/default/sa/bookinfo-.*' } }] })), server({ serviceAccount: 'bookinfo-reviews' })] },
    { name: 'the client checks no SAN', proxies: [client(upstreamTls()), server({ serviceAccount: 'bookinfo-reviews' })] },
    { name: 'the server\'s identity is not known (no SERVICE_ACCOUNT, no certificate)', proxies: [client(upstreamTls({ san: [exact('spiffe://cluster.local/ns/default/sa/x')] })), server()] },
    { name: 'the matchers are in an SDS secret the dump lacks', proxies: [client(upstreamTls({ validationSecret: 'file-root:/etc/certs/root-cert.pem' })), server({ serviceAccount: 'bookinfo-reviews' })] },
    { name: 'plaintext ports are mtls-mismatch\'s', proxies: [client(upstreamTls({ san: [exact('spiffe://cluster.local/ns/default/sa/x')] })), server({ serviceAccount: 'bookinfo-reviews', chains: [inboundChain(9080, 'raw_buffer')] })] },
    { name: 'the same inline root on both sides', proxies: [client(upstreamTls({ trustedCa: 'ROOT-A' })), server({ chains: [inboundChain(9080, 'tls', { trustedCa: 'ROOT-A' })] })] },
    {
      name: "OSM: its nodes carry no IP, so no endpoint maps to a server (nothing is guessed)",
      proxies: [
        {
          name: 'bookbuyer',
          node: { id: '38cf2479-bfea-4c1e-a961-f8f8e2b2e8cb.sidecar.bookbuyer.bookbuyer.cluster.local', metadata: {} },
          clusters: [outboundCluster('bookstore/bookstore', 'tls', upstreamTls({ validationSecret: 'root-cert-for-mtls-outbound:bookstore/bookstore' }))],
          endpoints: [assignment('bookstore/bookstore', [{ ip: '10.244.1.9', port: 14001, sidecar: false }])],
          secrets: [{ name: 'root-cert-for-mtls-outbound:bookstore/bookstore', validation_context: { match_subject_alt_names: [exact('bookstore.bookstore.cluster.local')] } }],
        },
        {
          name: 'bookstore',
          node: { id: 'b2d941c7-484a-4cd4-ad65-76e41b79e48a.sidecar.bookstore-v2.bookstore.cluster.local', metadata: {} },
          listeners: [{ name: 'inbound-listener', address: { socket_address: { address: '0.0.0.0', port_value: 15003 } }, traffic_direction: 'INBOUND', listener_filters: [{ name: 'envoy.filters.listener.tls_inspector' }], filter_chains: [inboundChain(14001, 'tls')] }],
        },
      ],
    },
  ],
  invalid: [
    {
      name: 'the client expects another service account',
      proxies: [client(upstreamTls({ san: [exact('spiffe://cluster.local/ns/default/sa/bookinfo-ratings')] })), server({ serviceAccount: 'bookinfo-reviews', chains: permissive(9080) })],
      errors: [{ messageId: 'notAdmitted', proxy: 'productpage', text: '"spiffe://cluster.local/ns/default/sa/bookinfo-ratings"', severity: 'error', related: ['reviews'] }],
    },
    {
      name: 'a DNS-typed matcher does not admit a SPIFFE URI',
      proxies: [client(upstreamTls({ san: [] }), { clusters: [outboundCluster(SVC, 'auto', { ...upstreamTls(), typed_config: { ...(upstreamTls().typed_config as Record<string, unknown>), common_tls_context: { tls_certificate_sds_secret_configs: [{ name: 'default' }], validation_context: { match_typed_subject_alt_names: [{ san_type: 'DNS', matcher: { prefix: 'spiffe://cluster.local/' } }] } } } })] }), server({ serviceAccount: 'bookinfo-reviews' })],
      errors: [{ messageId: 'notAdmitted', proxy: 'productpage', text: '"spiffe://cluster.local/"' }],
    },
    {
      name: 'the matchers are in the SDS validation secret the dump holds (as OSM writes them)',
      proxies: [
        client(upstreamTls({ validationSecret: 'root-cert-for-mtls-outbound:default/reviews' }), { secrets: [{ name: 'root-cert-for-mtls-outbound:default/reviews', validation_context: { match_subject_alt_names: [exact('spiffe://cluster.local/ns/default/sa/reviews')] } }] }),
        server({ serviceAccount: 'bookinfo-reviews' }),
      ],
      errors: [{ messageId: 'notAdmitted', proxy: 'productpage', text: '"spiffe://cluster.local/ns/default/sa/reviews"' }],
    },
    {
      name: 'the server presents a certificate of another trust domain',
      proxies: [
        client(upstreamTls({ san: [exact('spiffe://cluster.local/ns/default/sa/bookinfo-reviews')] })),
        server({ secrets: [{ name: 'default', tls_certificate: { certificate_chain: { inline_string: OTHER_DOMAIN_CERT }, private_key: { inline_string: '[redacted]' } } }] }),
      ],
      errors: [{ messageId: 'otherTrustDomain', proxy: 'productpage', related: ['reviews'], data: { expected: 'cluster.local', actual: 'other.domain' } }],
    },
    {
      name: 'the two sides trust different inline roots',
      proxies: [client(upstreamTls({ trustedCa: 'ROOT-A' })), server({ chains: [inboundChain(9080, 'tls', { trustedCa: 'ROOT-B' })] })],
      errors: [{ messageId: 'otherTrustRoot', proxy: 'productpage', related: ['reviews'] }],
    },
  ],
});
