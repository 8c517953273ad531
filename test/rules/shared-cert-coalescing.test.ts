import rule from '../../rules/shared-cert-coalescing.js';
import { ruleTester } from '../rule-tester.js';

/** A TLS chain for `names` serving SDS secret `secret` (its name on the chain's last line) with ALPN `alpn`, routing by RDS `rds`. */
const chain = (names: string[], secret: string, rds: string, alpn = '["h2", "http/1.1"]') => `{
    "filter_chain_match": { "server_names": ${JSON.stringify(names)} },
    "filters": [{ "name": "envoy.filters.network.http_connection_manager", "typed_config": {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      "stat_prefix": "${rds}", "rds": { "route_config_name": "${rds}", "config_source": { "ads": {} } } } }],
    "transport_socket": { "name": "tls", "typed_config": { "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
      "common_tls_context": { "alpn_protocols": ${alpn}, "tls_certificate_sds_secret_configs": [{ "name": "${secret}" }] } } }
  }`;
const listener = (...chains: string[]) => `{
  "name": "https", "address": { "socket_address": { "address": "0.0.0.0", "port_value": 443 } },
  "filter_chains": [${chains.join(', ')}]
}`;
const rc = (name: string, ...hosts: string[]) => ({ name, virtual_hosts: hosts.map((h) => ({ name: h, domains: [h], routes: [] })) });

ruleTester(rule, {
  valid: [
    { name: 'each name its own certificate', listeners: [listener(chain(['a.example.com'], 'a', 'a'), chain(['b.example.com'], 'b', 'b'))], routeConfigs: [rc('a', 'a.example.com'), rc('b', 'b.example.com')] },
    { name: 'HTTP/1.1 only: browsers do not coalesce', listeners: [listener(chain(['a.example.com'], 'w', 'a', '["http/1.1"]'), chain(['b.example.com'], 'w', 'b', '["http/1.1"]'))], routeConfigs: [rc('a', 'a.example.com'), rc('b', 'b.example.com')] },
    { name: 'one route configuration for both chains', listeners: [listener(chain(['a.example.com'], 'w', 'ab'), chain(['b.example.com'], 'w', 'ab'))], routeConfigs: [rc('ab', 'a.example.com', 'b.example.com')] },
    { name: 'two route configurations that both serve both names', listeners: [listener(chain(['a.example.com'], 'w', 'x'), chain(['b.example.com'], 'w', 'y'))], routeConfigs: [rc('x', 'a.example.com', 'b.example.com'), rc('y', 'a.example.com', 'b.example.com')] },
    { name: 'an Istio sidecar: its TLS clients are Envoys, which do not coalesce', controlPlane: 'istio', listeners: [listener(chain(['a.example.com'], 'w', 'a'), chain(['b.example.com'], 'w', 'b'))], routeConfigs: [rc('a', 'a.example.com'), rc('b', 'b.example.com')] },
  ],
  invalid: [
    {
      name: 'a shared wildcard certificate over HTTP/2 with a route configuration per name: at the second chain\'s certificate',
      listeners: [listener(chain(['a.example.com'], 'wildcard', 'a'), chain(['b.example.com'], 'wildcard', 'b'))],
      routeConfigs: [rc('a', 'a.example.com'), rc('b', 'b.example.com')],
      errors: [{ messageId: 'coalesced', text: '"wildcard"', line: 16, severity: 'warning', resource: { kind: 'listener', name: 'https' } }],
    },
  ],
});
