import rule from '../../rules/mtls-mismatch.js';
import { assignment, inboundChain, istioNode, meshRuleTester, outboundCluster, passthroughChains, permissive, strict, upstreamTls, virtualInbound, type MeshProxy } from '../mesh-tester.js';

const SVC = 'outbound|9080||reviews.default.svc.cluster.local';
const SERVER_IP = '10.244.0.7';

/** A client sidecar whose one cluster sends to the server's port 9080 (`sidecar`: the endpoint is labelled tlsMode istio). */
const client = (mode: 'auto' | 'tls' | 'plaintext', options: { sidecar?: boolean; tls?: Record<string, unknown> } = {}): MeshProxy => ({
  name: 'productpage',
  node: istioNode('10.244.0.5', { serviceAccount: 'bookinfo-productpage', workload: 'productpage-v1' }),
  listeners: [virtualInbound(passthroughChains())],
  clusters: [outboundCluster(SVC, mode, options.tls)],
  endpoints: [assignment(SVC, [{ ip: SERVER_IP, port: 9080, ...(options.sidecar === false ? { sidecar: false } : {}) }])],
});

const server = (chains: Array<Record<string, unknown>>): MeshProxy => ({
  name: 'reviews',
  node: istioNode(SERVER_IP, { serviceAccount: 'bookinfo-reviews', workload: 'reviews-v1' }),
  listeners: [virtualInbound([...chains, ...passthroughChains()])],
});

meshRuleTester(rule, {
  valid: [
    { name: 'auto mTLS to a sidecar, STRICT server', proxies: [client('auto'), server(strict(9080))] },
    { name: 'auto mTLS to a sidecar, PERMISSIVE server', proxies: [client('auto'), server(permissive(9080))] },
    { name: 'plaintext to a PERMISSIVE server', proxies: [client('plaintext'), server(permissive(9080))] },
    { name: 'auto mTLS to an endpoint without a sidecar gets plaintext: PERMISSIVE (plaintext) server', proxies: [client('auto', { sidecar: false }), server([inboundChain(9080, 'raw_buffer')])] },
    { name: 'the server is not among the inputs', proxies: [client('plaintext'), { ...server(strict(9080)), node: istioNode('10.244.0.99') }] },
    { name: 'the server does not serve the port at all (endpoint-port-not-served says so)', proxies: [client('plaintext'), server(strict(9090))] },
    { name: 'one proxy is no mesh', proxies: [client('plaintext')] },
  ],
  invalid: [
    {
      name: 'plaintext client, STRICT server',
      proxies: [client('plaintext'), server(strict(9080))],
      errors: [{ messageId: 'plaintextToTls', proxy: 'productpage', text: `"${SVC}"`, severity: 'error', related: ['reviews', 'productpage'], data: { endpoints: `${SERVER_IP}:9080`, port: 9080 } }],
    },
    {
      name: 'auto mTLS with the endpoint not labelled tlsMode istio (plaintext), STRICT server',
      proxies: [client('auto', { sidecar: false }), server(strict(9080))],
      errors: [{ messageId: 'plaintextToTls', proxy: 'productpage', related: ['reviews', 'productpage'] }],
    },
    {
      name: 'forced TLS (DestinationRule ISTIO_MUTUAL) to a port that takes only plaintext',
      proxies: [client('tls'), server([inboundChain(9080, 'raw_buffer')])],
      errors: [{ messageId: 'tlsToPlaintext', proxy: 'productpage', related: ['reviews', 'productpage'] }],
    },
    {
      name: 'auto mTLS to a sidecar whose chain for the port is a plaintext one without transport_protocol',
      proxies: [client('auto'), server([inboundChain(9080, undefined)])],
      errors: [{ messageId: 'tlsToPlaintext', proxy: 'productpage' }],
    },
    {
      name: 'TLS without a client certificate (SIMPLE) to a chain that requires one',
      proxies: [client('tls', { tls: upstreamTls({ certificate: false }) }), server(strict(9080))],
      errors: [{ messageId: 'noClientCertificate', proxy: 'productpage' }],
    },
  ],
});
