import rule from '../../rules/rejected-config.js';
import { ruleTester } from '../rule-tester.js';

/** A listener (its name on line 2, columns 11 to 17) whose HTTP connection manager reads RDS route configuration `routeConfig`. */
const hcm = (routeConfig: string) => `{
  "name": "http",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 8080 } },
  "filter_chains": [{ "filters": [{
    "name": "envoy.filters.network.http_connection_manager",
    "typed_config": {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      "stat_prefix": "http",
      "rds": { "route_config_name": "${routeConfig}", "config_source": { "ads": {} } }
    }
  }] }]
}`;

/** A TLS listener (name on line 2) whose chain presents SDS certificate `cert`. */
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

/** A cluster (name on line 2, columns 11 to 17) that validates its upstream with SDS secret `ca`. */
const tlsCluster = (ca: string) => `{
  "name": "shop",
  "transport_socket": { "name": "envoy.transport_sockets.tls", "typed_config": {
    "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
    "common_tls_context": { "validation_context_sds_secret_config": { "name": "${ca}" } }
  } }
}`;

/** An EDS cluster, name on line 2 (columns 11 on). */
const eds = (name: string) => `{
  "name": "${name}",
  "type": "EDS"
}`;

ruleTester(rule, {
  valid: [
    { name: 'an active listener with its routes and an active cluster', listeners: [hcm('8080')], routeConfigs: [{ name: '8080' }], clusters: [eds('reviews')] },
    { name: 'a draining listener is not warming', listeners: [{ state: 'draining', resource: hcm('gone') }], routeConfigs: [{ name: 'other' }] },
    { name: 'static resources never warm', listeners: [{ state: 'static', resource: hcm('8080') }], routeConfigs: [{ name: '8080' }], clusters: [{ state: 'static', resource: eds('xds') }] },
  ],
  invalid: [
    {
      // The rejection is located at the error_state object, which the tester writes around the snippet ('dump').
      name: 'a NACKed cluster update: the proxy keeps the previous version',
      clusters: [{ state: 'error', details: 'Proto constraint validation failed: port_value 70000', resource: { name: 'reviews', type: 'STATIC' } }],
      errors: [{ messageId: 'rejected', severity: 'error', in: 'dump', resource: { kind: 'cluster', name: 'reviews' }, data: { kind: 'cluster', name: 'reviews', details: 'Proto constraint validation failed: port_value 70000', server: 'the control plane', status: "the proxy logs (and the control plane's own status)" } }],
    },
    {
      name: 'a NACKed listener, named by its dynamic listener entry',
      listeners: [{ state: 'error', details: 'error adding listener: duplicate address', resource: '{ "name": "http", "address": { "socket_address": { "address": "0.0.0.0", "port_value": 8080 } } }' }],
      errors: [{ messageId: 'rejected', in: 'dump', resource: { kind: 'listener', name: 'http' } }],
    },
    {
      name: 'a new listener warming for a route configuration that is not in the dump: error, on its name',
      listeners: [{ state: 'warming', resource: hcm('8080') }],
      routeConfigs: [{ name: 'other' }],
      errors: [{ messageId: 'listenerWaiting', severity: 'error', text: '"http"', in: 'listeners/0', line: 2, column: 11, endLine: 2, endColumn: 17, resource: { kind: 'listener', name: 'http' } }],
    },
    {
      name: 'an update warming beside its active version: warning (the old version serves)',
      listeners: [hcm('8080'), { state: 'warming', resource: hcm('8081') }],
      routeConfigs: [{ name: '8080' }],
      errors: [{ messageId: 'listenerWaiting', severity: 'warning', text: '"http"', in: 'listeners/1', line: 2, column: 11 }],
    },
    {
      name: 'a new listener warming for an SDS certificate requested and not delivered',
      listeners: [{ state: 'warming', resource: https('shop-cert') }],
      secrets: [{ state: 'warming', resource: { name: 'shop-cert' } }],
      errors: [{ messageId: 'listenerWaiting', severity: 'error', text: '"https"', in: 'listeners/0', line: 2, column: 11, endColumn: 18 }],
    },
    {
      name: 'a warming listener that the dump shows waiting for nothing: warning',
      listeners: [{ state: 'warming', resource: hcm('8080') }],
      routeConfigs: [{ name: '8080' }],
      errors: [{ messageId: 'listenerWarming', severity: 'warning', text: '"http"', in: 'listeners/0', line: 2, column: 11, endLine: 2, endColumn: 17 }],
    },
    {
      name: 'a warming cluster waiting for an SDS secret the dump lacks: warning, on its name',
      clusters: [{ state: 'warming', resource: tlsCluster('shop-ca') }],
      secrets: [{ name: 'other' }],
      errors: [{ messageId: 'clusterWaiting', severity: 'warning', text: '"shop"', in: 'clusters/0', line: 2, column: 11, endLine: 2, endColumn: 17, resource: { kind: 'cluster', name: 'shop' } }],
    },
    {
      name: 'a new warming cluster with nothing shown missing',
      clusters: [{ state: 'warming', resource: eds('reviews') }],
      errors: [{ messageId: 'clusterWarming', severity: 'warning', text: '"reviews"', in: 'clusters/0', line: 2, column: 11, endLine: 2, endColumn: 20, data: { name: 'reviews', previous: '' } }],
    },
    {
      name: 'a cluster update warming beside its active version: the previous one keeps serving',
      clusters: [eds('reviews'), { state: 'warming', resource: eds('reviews') }],
      errors: [{ messageId: 'clusterWarming', text: '"reviews"', in: 'clusters/1', line: 2, data: { name: 'reviews', previous: ' (its previous version keeps serving)' } }],
    },
  ],
});
