import { describe } from 'vitest';
import rule from '../../rules/blackhole-fallthrough.js';
import { ruleTester } from '../rule-tester.js';

const ISTIO = { id: 'sidecar~10.0.0.1~app-1.default~default.svc.cluster.local' };
const KUMA = { id: 'default.backend-1', metadata: { 'dataplane.proxyType': 'dataplane' } };

/**
 * Istio's virtualOutbound on 15001: the loop guard (destination port 15001 to BlackHoleCluster, never reported) and the
 * catch-all chain whose cluster is the outbound traffic policy: `"<fallback>"` on line 13, columns 18 on.
 */
const virtualOutbound = (fallback: string) => `{
  "name": "virtualOutbound",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 15001 } },
  "use_original_dst": true,
  "filter_chains": [
    { "filter_chain_match": { "destination_port": 15001 }, "filters": [{ "name": "envoy.filters.network.tcp_proxy", "typed_config": {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
      "stat_prefix": "BlackHoleCluster",
      "cluster": "BlackHoleCluster" } }] },
    { "name": "PassthroughFilterChain", "filters": [{ "name": "envoy.filters.network.tcp_proxy", "typed_config": {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
      "stat_prefix": "${fallback}",
      "cluster": "${fallback}" } }] }
  ]
}`;

/** Istio's virtualInbound on 15006, with its loop guard (destination port 15006 to BlackHoleCluster). */
const virtualInbound = `{
  "name": "virtualInbound",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 15006 } },
  "filter_chains": [
    { "filter_chain_match": { "destination_port": 15006 }, "filters": [{ "name": "envoy.filters.network.tcp_proxy", "typed_config": {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
      "stat_prefix": "BlackHoleCluster",
      "cluster": "BlackHoleCluster" } }] }
  ]
}`;

/** An outbound listener 15001 hands port 9080 to (bind_to_port false). */
const handoff9080 = { name: '0.0.0.0_9080', address: { socket_address: { address: '0.0.0.0', port_value: 9080 } }, bind_to_port: false };

/** A cluster given as an object: its name on line 2, columns 11 on. */
const cluster = (name: string) => ({ name, type: 'EDS' });

const GRPC = 'outbound|7070||grpc.default.svc.cluster.local';
const REVIEWS = 'outbound|9080||reviews.default.svc.cluster.local';
const RATINGS = 'outbound|9080||ratings.default.svc.cluster.local';

/** A route for /admin sends to BlackHoleCluster: `"BlackHoleCluster"` on line 7, columns 64 to 82. */
const adminToBlackHole = `{
  "name": "9080",
  "virtual_hosts": [{
    "name": "reviews.default.svc.cluster.local:9080",
    "domains": ["reviews.default.svc.cluster.local"],
    "routes": [
      { "match": { "prefix": "/admin" }, "route": { "cluster": "BlackHoleCluster" } },
      { "match": { "prefix": "/" }, "route": { "cluster": "${REVIEWS}" } }
    ]
  }]
}`;

/** A TCP listener for 3306 whose only chain proxies to BlackHoleCluster: `"BlackHoleCluster"` on line 8, columns 18 to 36. */
const mysqlToBlackHole = `{
  "name": "0.0.0.0_3306",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 3306 } },
  "filter_chains": [
    { "filters": [{ "name": "envoy.filters.network.tcp_proxy", "typed_config": {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
      "stat_prefix": "mysql",
      "cluster": "BlackHoleCluster" } }] }
  ]
}`;

/** Route configuration 9080 under REGISTRY_ONLY: a virtual host for reviews only, then block_all (`"block_all"` on line 5, columns 15 to 26). */
const blockAll9080 = `{
  "name": "9080",
  "virtual_hosts": [
    { "name": "reviews.default.svc.cluster.local:9080", "domains": ["reviews.default.svc.cluster.local"], "routes": [{ "match": { "prefix": "/" }, "route": { "cluster": "${REVIEWS}" } }] },
    { "name": "block_all", "domains": ["*"], "routes": [{ "match": { "prefix": "/" }, "direct_response": { "status": 502 } }] }
  ]
}`;

ruleTester(rule, {
  valid: [
    {
      name: 'ALLOW_ANY: a service without a listener falls through to PassthroughCluster (missing-port-listener says so); the loop guards are not reported',
      node: ISTIO,
      listeners: [virtualOutbound('PassthroughCluster'), virtualInbound],
      clusters: [cluster(GRPC)],
    },
    {
      name: 'ALLOW_ANY route configuration: the catch-all virtual host is allow_any, not block_all',
      node: ISTIO,
      listeners: [virtualOutbound('PassthroughCluster')],
      routeConfigs: [blockAll9080.replace('"block_all"', '"allow_any"').replace('"direct_response": { "status": 502 }', '"route": { "cluster": "PassthroughCluster" }')],
      clusters: [cluster(REVIEWS), cluster(RATINGS)],
    },
    {
      name: 'not an Istio proxy (Kuma): REGISTRY_ONLY with a service lacking its listener, a route and a TCP proxy to BlackHoleCluster are not checked',
      node: KUMA,
      listeners: [virtualOutbound('BlackHoleCluster'), mysqlToBlackHole],
      routeConfigs: [adminToBlackHole],
      clusters: [cluster(GRPC)],
    },
  ],
  invalid: [
    {
      name: 'REGISTRY_ONLY: the policy once (info), then the known service whose port no listener handles (9080 has one)',
      node: ISTIO,
      listeners: [virtualOutbound('BlackHoleCluster'), handoff9080],
      clusters: [cluster(REVIEWS), cluster(GRPC)],
      errors: [
        { messageId: 'policy', severity: 'info', text: '"BlackHoleCluster"', in: 'listeners/0', line: 13, column: 18, endLine: 13, endColumn: 36, resource: { kind: 'listener', name: 'virtualOutbound' } },
        {
          messageId: 'noListener',
          severity: 'error',
          text: `"${GRPC}"`,
          in: 'clusters/1',
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 58,
          resource: { kind: 'cluster', name: GRPC },
          data: { destination: 'grpc.default.svc.cluster.local:7070', cluster: GRPC, port: 7070, fallback: "virtualOutbound's BlackHoleCluster" },
        },
      ],
    },
    {
      name: 'controlPlane istio forces the rule on a dump without a node',
      controlPlane: 'istio',
      listeners: [virtualOutbound('BlackHoleCluster')],
      errors: [{ messageId: 'policy', text: '"BlackHoleCluster"', in: 'listeners/0', line: 13, column: 18 }],
    },
    {
      name: 'a route sends /admin to BlackHoleCluster (503 UH)',
      node: ISTIO,
      routeConfigs: [adminToBlackHole],
      errors: [{ messageId: 'reference', text: '"BlackHoleCluster"', in: 'routeConfigs/0', line: 7, column: 64, endLine: 7, endColumn: 82, resource: { kind: 'route_config', name: '9080' } }],
    },
    {
      name: 'a TCP listener proxies to BlackHoleCluster outside the loop guards',
      node: ISTIO,
      listeners: [virtualOutbound('PassthroughCluster'), mysqlToBlackHole],
      errors: [{ messageId: 'reference', text: '"BlackHoleCluster"', in: 'listeners/1', line: 8, column: 18, endLine: 8, endColumn: 36, resource: { kind: 'listener', name: '0.0.0.0_3306' } }],
    },
    {
      name: 'block_all catch-all while ratings:9080 has no virtual host: the error, then the policy (info) at the same span',
      node: ISTIO,
      routeConfigs: [blockAll9080],
      clusters: [cluster(REVIEWS), cluster(RATINGS)],
      errors: [
        {
          messageId: 'noVirtualHost',
          severity: 'error',
          text: '"block_all"',
          in: 'routeConfigs/0',
          line: 5,
          column: 15,
          endLine: 5,
          endColumn: 26,
          data: { destination: 'ratings.default.svc.cluster.local:9080', cluster: RATINGS, routeConfig: '9080', vhost: 'block_all', host: 'ratings.default.svc.cluster.local' },
        },
        { messageId: 'policy', severity: 'info', text: '"block_all"', in: 'routeConfigs/0', line: 5, column: 15, resource: { kind: 'route_config', name: '9080' } },
      ],
    },
  ],
});

/**
 * A gateway's `*` virtual host (Gateway hosts "*") with a route for /admin to BlackHoleCluster beside a real route:
 * `"BlackHoleCluster"` on line 7, columns 64 to 82.
 */
const wildcardHostToBlackHole = `{
  "name": "http.8080",
  "virtual_hosts": [{
    "name": "*:8080",
    "domains": ["*"],
    "routes": [
      { "match": { "prefix": "/admin" }, "route": { "cluster": "BlackHoleCluster" } },
      { "match": { "prefix": "/" }, "route": { "cluster": "${REVIEWS}" } }
    ]
  }]
}`;

// A `*` virtual host that is not block_all (it also routes to a real cluster) is checked like any other: only
// block_all is Istio's REGISTRY_ONLY policy (the rule once skipped every route of the catch-all host).
describe('fixed: a route to BlackHoleCluster in a catch-all (*) virtual host that is not block_all', () => {
  ruleTester(rule, {
    valid: [],
    invalid: [
      {
        name: 'a gateway sends /admin on its * virtual host to BlackHoleCluster',
        node: { id: 'router~10.0.0.2~istio-ingressgateway-1.istio-system~istio-system.svc.cluster.local' },
        routeConfigs: [wildcardHostToBlackHole],
        errors: [{ messageId: 'reference', text: '"BlackHoleCluster"', in: 'routeConfigs/0', line: 7, column: 64, endLine: 7, endColumn: 82 }],
      },
    ],
  });
});
