import rule from '../../rules/dangling-cluster.js';
import { ruleTester } from '../rule-tester.js';

/** A route configuration whose one route is the given JSON (line 5 of the snippet, from column 16). */
const routes = (route: string) => `{
  "name": "80",
  "virtual_hosts": [{
    "name": "web", "domains": ["*"],
    "routes": [${route}]
  }]
}`;

/** A TCP proxy listener whose TcpProxy config ends with the given fields (line 8 of the snippet). */
const tcpProxy = (fields: string) => `{
  "name": "mysql",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 3306 } },
  "filter_chains": [{ "filters": [{
    "name": "envoy.filters.network.tcp_proxy",
    "typed_config": {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
      "stat_prefix": "mysql", ${fields}
    }
  }] }]
}`;

const cluster = (name: string) => ({ name, type: 'EDS' });

ruleTester(rule, {
  valid: [
    {
      name: 'the route names a cluster the proxy has',
      routeConfigs: [routes('{ "match": { "prefix": "/" }, "route": { "cluster": "reviews" } }')],
      clusters: [cluster('reviews')],
    },
    {
      name: 'a warming cluster exists (rejected-config says it is warming)',
      routeConfigs: [routes('{ "match": { "prefix": "/" }, "route": { "cluster": "reviews" } }')],
      clusters: [{ state: 'warming', resource: cluster('reviews') }],
    },
    {
      name: 'a static cluster exists',
      listeners: [tcpProxy('"cluster": "mysql"')],
      clusters: [{ state: 'static', resource: cluster('mysql') }],
    },
    {
      name: 'cluster_header picks the cluster at run time: no reference',
      routeConfigs: [routes('{ "match": { "prefix": "/" }, "route": { "cluster_header": "x-cluster" } }')],
      clusters: [cluster('other')],
    },
    {
      name: 'every weighted cluster and the mirror exist',
      routeConfigs: [
        routes(`{ "match": { "prefix": "/" }, "route": {
      "weighted_clusters": { "clusters": [{ "name": "v1", "weight": 90 }, { "name": "v2", "weight": 10 }] },
      "request_mirror_policies": [{ "cluster": "shadow" }] } }`),
      ],
      clusters: [cluster('v1'), cluster('v2'), cluster('shadow')],
    },
    {
      name: 'a draining listener is on its way out: what it names is not checked',
      listeners: [{ state: 'draining', resource: tcpProxy('"cluster": "gone"') }],
      clusters: [cluster('other')],
    },
    {
      name: 'no cluster reference and no clusters section: nothing to say',
      routeConfigs: [routes('{ "match": { "prefix": "/" }, "direct_response": { "status": 200 } }')],
    },
  ],
  invalid: [
    {
      name: 'an Istio subset cluster missing while the host\'s cluster exists: the DestinationRule lacks the subset',
      routeConfigs: [routes('{ "match": { "prefix": "/" }, "route": { "cluster": "outbound|9080|v3|reviews.default.svc.cluster.local" } }')],
      clusters: [cluster('outbound|9080||reviews.default.svc.cluster.local'), cluster('outbound|9080|v1|reviews.default.svc.cluster.local'), cluster('outbound|9080|v2|reviews.default.svc.cluster.local'), cluster('outbound|9090|v3|reviews.default.svc.cluster.local'), cluster('outbound|9080|v9|ratings.default.svc.cluster.local'), cluster('inbound|9080|v4|reviews.default.svc.cluster.local')],
      errors: [{ messageId: 'missingSubset', text: '"outbound|9080|v3|reviews.default.svc.cluster.local"', data: { owner: 'route config 80, virtual host web, route 0', verb: 'routes to', name: 'outbound|9080|v3|reviews.default.svc.cluster.local', symptom: 'requests get 503 with response flag NC', subset: 'v3', host: 'reviews.default.svc.cluster.local', base: 'outbound|9080||reviews.default.svc.cluster.local', known: ' (the proxy has subset(s) "v1", "v2")' } }],
    },
    {
      name: 'a subset cluster of a host the proxy has no cluster for at all: plain missing (the service itself is unknown)',
      routeConfigs: [routes('{ "match": { "prefix": "/" }, "route": { "cluster": "outbound|9080|v3|reviews.default.svc.cluster.local" } }')],
      clusters: [cluster('outbound|9080|v1|reviews.default.svc.cluster.local')],
      errors: [{ messageId: 'missing', text: '"outbound|9080|v3|reviews.default.svc.cluster.local"' }],
    },
    {
      name: 'a route names a cluster the proxy lacks',
      routeConfigs: [routes('{ "match": { "prefix": "/" }, "route": { "cluster": "reviews" } }')],
      clusters: [cluster('other')],
      errors: [{ messageId: 'missing', text: '"reviews"', in: 'routeConfigs/0', line: 5, column: 68, endLine: 5, endColumn: 77, severity: 'error', resource: { kind: 'cluster', name: 'reviews' } }],
    },
    {
      name: 'only the missing weighted cluster is reported',
      routeConfigs: [routes('{ "match": { "prefix": "/" }, "route": { "weighted_clusters": { "clusters": [{ "name": "v1" }, { "name": "v2" }] } } }')],
      clusters: [cluster('v1')],
      errors: [{ messageId: 'missing', text: '"v2"', in: 'routeConfigs/0', line: 5, column: 121, endLine: 5, endColumn: 125 }],
    },
    {
      name: 'a request mirror names a cluster the proxy lacks',
      routeConfigs: [routes('{ "match": { "prefix": "/" }, "route": { "cluster": "web", "request_mirror_policies": [{ "cluster": "shadow" }] } }')],
      clusters: [cluster('web')],
      errors: [{ messageId: 'missing', text: '"shadow"', in: 'routeConfigs/0', line: 5, column: 116, endLine: 5, endColumn: 124 }],
    },
    {
      name: 'a TCP proxy names a cluster the proxy lacks',
      listeners: [tcpProxy('"cluster": "mysql"')],
      clusters: [cluster('postgres')],
      errors: [{ messageId: 'missing', text: '"mysql"', in: 'listeners/0', line: 8, column: 42, endLine: 8, endColumn: 49 }],
    },
    {
      name: 'a TCP proxy weighted cluster the proxy lacks',
      listeners: [tcpProxy('"weighted_clusters": { "clusters": [{ "name": "a", "weight": 1 }, { "name": "b", "weight": 1 }] }')],
      clusters: [cluster('a')],
      errors: [{ messageId: 'missing', text: '"b"', in: 'listeners/0', line: 8, column: 107, endLine: 8, endColumn: 110 }],
    },
    {
      name: 'several missing references: one finding each, in input order',
      routeConfigs: [routes('{ "match": { "prefix": "/" }, "route": { "weighted_clusters": { "clusters": [{ "name": "v1" }, { "name": "v2" }] } } }')],
      clusters: [cluster('other')],
      errors: [
        { messageId: 'missing', text: '"v1"', line: 5 },
        { messageId: 'missing', text: '"v2"', line: 5 },
      ],
    },
    {
      name: 'without a clusters section, once, as info, on the whole dump',
      routeConfigs: [routes('{ "match": { "prefix": "/" }, "route": { "weighted_clusters": { "clusters": [{ "name": "v1" }, { "name": "v2" }] } } }')],
      // The span is the whole generated dump, so only its start is asserted.
      errors: [{ messageId: 'sectionAbsent', severity: 'info', in: 'dump', line: 1, column: 1 }],
    },
  ],
});
