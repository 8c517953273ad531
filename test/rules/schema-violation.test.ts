import { describe } from 'vitest';
import rule from '../../rules/schema-violation.js';
import { ruleTester } from '../rule-tester.js';

/** A listener on `port` (written as given: line 3, columns 72 on). */
const listener = (port: string) => `{
  "name": "http",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": ${port} } }
}`;

/** A cluster with one more field, on line 3. */
const cluster = (field: string) => `{
  "name": "reviews",
  ${field}
}`;

ruleTester(rule, {
  valid: [
    { name: 'proto3 JSON accepts an integer as a string', listeners: [listener('"8080"')] },
    { name: 'camelCase keys (istioctl output) are the same fields', listeners: [`{\n  "name": "http",\n  "address": { "socketAddress": { "address": "0.0.0.0", "portValue": 8080 } }\n}`] },
    { name: 'a field the bundled protos do not know (a newer Envoy) is left alone', clusters: [cluster('"future_field": { "x": 1 }')] },
    { name: 'an enum as its number', clusters: [cluster('"type": 3')] },
    { name: 'absent fields prove nothing (a dump omits defaults)', clusters: [{ name: 'reviews' }], routeConfigs: [{ name: '80' }], endpoints: [{ cluster_name: 'reviews' }] },
    { name: 'a bootstrap node with string values', node: { id: 'sidecar~10.0.0.1~reviews.default~default.svc.cluster.local', cluster: 'reviews.default' } },
  ],
  invalid: [
    {
      name: 'a port above 65535',
      listeners: [listener('70000')],
      errors: [{ messageId: 'inResource', severity: 'error', text: '70000', in: 'listeners/0', line: 3, column: 72, endLine: 3, endColumn: 77, resource: { kind: 'listener', name: 'http' } }],
    },
    {
      name: 'a negative port in a warming listener (every state is checked)',
      listeners: [{ state: 'warming', resource: listener('-1') }],
      errors: [{ messageId: 'inResource', text: '-1', in: 'listeners/0', line: 3, column: 72, endLine: 3, endColumn: 74 }],
    },
    {
      name: 'an enum name the enum does not have',
      clusters: [cluster('"type": "EDSX"')],
      errors: [{ messageId: 'inResource', text: '"EDSX"', in: 'clusters/0', line: 3, column: 11, endLine: 3, endColumn: 17, resource: { kind: 'cluster', name: 'reviews' } }],
    },
    {
      name: 'an object where a list is expected',
      routeConfigs: [`{\n  "name": "80",\n  "virtual_hosts": {}\n}`],
      errors: [{ messageId: 'inResource', text: '{}', in: 'routeConfigs/0', line: 3, column: 20, endLine: 3, endColumn: 22, resource: { kind: 'route_config', name: '80' } }],
    },
    {
      name: 'a negative uint32 weight in a load assignment',
      endpoints: [`{\n  "cluster_name": "reviews",\n  "endpoints": [{ "lb_endpoints": [{ "load_balancing_weight": -5 }] }]\n}`],
      errors: [{ messageId: 'inResource', text: '-5', in: 'endpoints/0', line: 3, column: 63, endLine: 3, endColumn: 65, resource: { kind: 'endpoints', name: 'reviews' } }],
    },
    {
      name: 'an Any without "@type"',
      clusters: [cluster('"transport_socket": { "name": "envoy.transport_sockets.tls", "typed_config": { "sni": "shop" } }')],
      errors: [{ messageId: 'inResource', text: '{ "sni": "shop" }', in: 'clusters/0', line: 3, column: 80, endLine: 3, endColumn: 97 }],
    },
    {
      // The listener's own "@type" is written out: the tester adds one only to a snippet with no "@type" anywhere,
      // and the nested typed_config has one.
      name: 'a typed filter config is checked through its own proto',
      listeners: [
        `{
  "@type": "type.googleapis.com/envoy.config.listener.v3.Listener",
  "name": "http",
  "filter_chains": [{ "filters": [{ "name": "envoy.filters.network.http_connection_manager", "typed_config": {
    "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
    "stat_prefix": ["http"]
  } }] }]
}`,
      ],
      errors: [{ messageId: 'inResource', text: '["http"]', in: 'listeners/0', line: 6, column: 20, endLine: 6, endColumn: 28, resource: { kind: 'listener', name: 'http' } }],
    },
    {
      name: 'a number where a DataSource message is expected, in a secret',
      secrets: [`{\n  "name": "shop-cert",\n  "tls_certificate": { "certificate_chain": 5 }\n}`],
      errors: [{ messageId: 'inResource', text: '5', in: 'secrets/0', line: 3, column: 45, endLine: 3, endColumn: 46, resource: { kind: 'secret', name: 'shop-cert' } }],
    },
    {
      name: 'two problems in one resource: an empty name (min_len 1) and a malformed duration, one finding each',
      clusters: [`{\n  "name": "",\n  "connect_timeout": "5 seconds"\n}`],
      errors: [
        { messageId: 'inResource', text: '""', in: 'clusters/0', line: 2, column: 11, endLine: 2, endColumn: 13 },
        { messageId: 'inResource', text: '"5 seconds"', in: 'clusters/0', line: 3, column: 22, endLine: 3, endColumn: 33 },
      ],
    },
    {
      // The node is in the BootstrapConfigDump, outside every resource: the tester writes it on dump line 4 as
      // `"bootstrap": { "node": {"id":5} } }`.
      name: 'a value outside every resource: the bootstrap node id is a number',
      node: { id: 5 },
      errors: [{ messageId: 'inInput', severity: 'error', text: '5', in: 'dump', line: 4, column: 30, endLine: 4, endColumn: 31 }],
    },
  ],
});

// Cluster.type carries `(validate.rules).enum.defined_only: true` (in src/proto/envoy-types.json too), so Envoy
// rejects a number that is no DiscoveryType value; the validator (src/load/validate.ts, case 'enum') checks numbers
// against the enum when the field says defined_only (it once checked names only).
describe('fixed: an enum number the enum does not define', () => {
  ruleTester(rule, {
    valid: [],
    invalid: [
      {
        name: 'a DiscoveryType number that does not exist',
        clusters: [cluster('"type": 42')],
        errors: [{ messageId: 'inResource', text: '42', in: 'clusters/0', line: 3, column: 11, endLine: 3, endColumn: 13 }],
      },
    ],
  });
});

// proto3 JSON: "null is accepted for all field types and treated as the default value of the corresponding field type"
// (the protobuf JSON mapping, which Envoy's JSON loading follows), so the validator skips null members (it once
// reported them as wrong types). Real dumps never write null: this matters for hand-written input only.
describe('fixed: null is the default value in proto3 JSON', () => {
  ruleTester(rule, {
    valid: [{ name: 'null for a string and an enum field', clusters: [`{\n  "name": "reviews",\n  "alt_stat_name": null,\n  "lb_policy": null\n}`] }],
    invalid: [],
  });
});
