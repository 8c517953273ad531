import rule from '../../rules/dangling-secret.js';
import { ruleTester } from '../rule-tester.js';

/** A TLS listener whose one chain presents the certificate `cert` (line 7, columns 80 on for a 9-character name). */
const https = (cert: string) => `{
  "name": "https",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 443 } },
  "filter_chains": [{
    "transport_socket": { "name": "envoy.transport_sockets.tls", "typed_config": {
      "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
      "common_tls_context": { "tls_certificate_sds_secret_configs": [{ "name": "${cert}" }] }
    } }
  }]
}`;

/** A cluster whose upstream TLS context has the given common_tls_context (line 5 of the snippet). */
const tlsCluster = (commonTlsContext: string) => `{
  "name": "shop",
  "transport_socket": { "name": "envoy.transport_sockets.tls", "typed_config": {
    "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
    "common_tls_context": ${commonTlsContext}
  } }
}`;
const validatedBy = (ca: string) => tlsCluster(`{ "validation_context_sds_secret_config": { "name": "${ca}" } }`);

ruleTester(rule, {
  valid: [
    { name: 'the listener certificate and the cluster CA are delivered', listeners: [https('shop-cert')], clusters: [validatedBy('shop-ca')], secrets: [{ name: 'shop-cert' }, { name: 'shop-ca' }] },
    { name: 'a static secret counts', clusters: [validatedBy('shop-ca')], secrets: [{ state: 'static', resource: { name: 'shop-ca' } }] },
    {
      name: 'a secret both active and warming (being rotated) is delivered',
      clusters: [validatedBy('shop-ca')],
      secrets: [{ name: 'shop-ca' }, { state: 'warming', resource: { name: 'shop-ca' } }],
    },
    { name: 'no SDS reference and no secrets section', clusters: [{ name: 'plain', type: 'STATIC' }] },
    { name: 'a draining listener is on its way out: what it names is not checked', listeners: [{ state: 'draining', resource: https('gone') }], secrets: [{ name: 'other' }] },
  ],
  invalid: [
    {
      name: 'a cluster validates with a secret the proxy lacks',
      clusters: [validatedBy('shop-ca')],
      secrets: [{ name: 'other' }],
      errors: [{ messageId: 'missing', text: '"shop-ca"', in: 'clusters/0', line: 5, column: 79, endLine: 5, endColumn: 88, severity: 'error', resource: { kind: 'secret', name: 'shop-ca' } }],
    },
    {
      name: 'a listener chain presents a certificate the proxy lacks',
      listeners: [https('shop-cert')],
      secrets: [{ name: 'other' }],
      errors: [{ messageId: 'missing', text: '"shop-cert"', in: 'listeners/0', line: 7, column: 80, endLine: 7, endColumn: 91 }],
    },
    {
      name: 'the SDS validation context inside combined_validation_context',
      clusters: [tlsCluster('{ "combined_validation_context": { "default_validation_context": {}, "validation_context_sds_secret_config": { "name": "ROOTCA" } } }')],
      secrets: [{ name: 'default' }],
      errors: [{ messageId: 'missing', text: '"ROOTCA"', in: 'clusters/0', line: 5, column: 146, endLine: 5, endColumn: 154 }],
    },
    {
      name: 'a requested secret that never arrived blocks the cluster that names it: error, on the secret',
      clusters: [validatedBy('shop-ca')],
      secrets: [{ state: 'warming', resource: { name: 'shop-ca' } }],
      // On the name of the SecretsConfigDump entry, which the tester writes itself: `{ "name": "shop-ca", "secret":`.
      errors: [{ messageId: 'warming', severity: 'error', text: '"shop-ca"', in: 'dump', column: 11, endColumn: 20, resource: { kind: 'secret', name: 'shop-ca' } }],
    },
    {
      name: 'a warming secret that nothing in the dump names: warning',
      clusters: [{ name: 'plain', type: 'STATIC' }],
      secrets: [{ state: 'warming', resource: { name: 'shop-ca' } }],
      errors: [{ messageId: 'warming', severity: 'warning', text: '"shop-ca"', in: 'dump' }],
    },
    {
      name: 'a missing certificate and a warming CA: both',
      listeners: [https('shop-cert')],
      clusters: [validatedBy('shop-ca')],
      secrets: [{ state: 'warming', resource: { name: 'shop-ca' } }],
      errors: [
        { messageId: 'missing', text: '"shop-cert"', in: 'listeners/0', line: 7 },
        { messageId: 'warming', text: '"shop-ca"', in: 'dump' },
      ],
    },
    {
      name: 'without a secrets section, once, as info, on the whole dump',
      listeners: [https('shop-cert')],
      clusters: [validatedBy('shop-ca')],
      // The span is the whole generated dump, so only its start is asserted.
      errors: [{ messageId: 'sectionAbsent', severity: 'info', in: 'dump', line: 1, column: 1 }],
    },
  ],
});
