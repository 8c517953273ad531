import rule from '../../rules/circuit-breaker-limits.js';
import { ruleTester } from '../rule-tester.js';

/** A STATIC cluster; its circuit_breakers (if any) on line 3. */
const cluster = (name: string, breakers?: string) => `{
  "name": "${name}", "type": "STATIC",
  ${breakers ? `"circuit_breakers": ${breakers},` : ''}
  "load_assignment": { "cluster_name": "${name}", "endpoints": [] }
}`;
const routes = (...clusters: string[]) => `{
  "name": "local", "virtual_hosts": [{ "name": "all", "domains": ["*"], "routes": [${clusters.map((c) => `{ "match": { "prefix": "/${c}" }, "route": { "cluster": "${c}" } }`).join(', ')}] }]
}`;
const all = (n: number | string) => `{ "thresholds": [{ "max_connections": ${n}, "max_pending_requests": ${n}, "max_requests": ${n} }] }`;

ruleTester(rule, {
  valid: [
    { name: 'every limit set on the clusters routes use', clusters: [cluster('a', all(2000))], routeConfigs: [routes('a')] },
    { name: 'a cluster nothing sends to may keep the defaults', clusters: [cluster('a', all(2000)), cluster('unused')], routeConfigs: [routes('a')] },
    { name: 'Istio writes its own limits: defaults are not reported on its proxies', controlPlane: 'istio', clusters: [cluster('a')], routeConfigs: [routes('a')] },
    { name: 'a HIGH entry alone with limits, DEFAULT given too', clusters: [cluster('a', '{ "thresholds": [{ "max_connections": 5, "max_pending_requests": 5, "max_requests": 5 }, { "priority": "HIGH", "max_connections": 9 }] }')], routeConfigs: [routes('a')] },
  ],
  invalid: [
    {
      name: 'max_requests 0: at the number',
      clusters: [cluster('a', '{ "thresholds": [{ "max_connections": 10, "max_pending_requests": 10, "max_requests": 0 }] }')],
      routeConfigs: [routes('a')],
      errors: [{ messageId: 'zero', text: '0', line: 3, severity: 'warning', resource: { kind: 'cluster', name: 'a' } }],
    },
    {
      name: 'a wrapper written as {} is 0, and Istio proxies are checked for 0 too',
      controlPlane: 'istio',
      clusters: [cluster('a', '{ "thresholds": [{ "max_connections": {}, "max_pending_requests": 1, "max_requests": 1 }] }')],
      routeConfigs: [routes('a')],
      errors: [{ messageId: 'zero', text: '{}' }],
    },
    {
      name: 'HIGH priority 0 says so',
      clusters: [cluster('a', '{ "thresholds": [{ "max_connections": 5, "max_pending_requests": 5, "max_requests": 5 }, { "priority": "HIGH", "max_pending_requests": 0 }] }')],
      routeConfigs: [routes('a')],
      errors: [{ messageId: 'zero', text: '0', data: { name: 'a', field: 'max_pending_requests', priority: ' for HIGH priority routes', effect: 'a request that finds no idle connection (the first on each, and every one under HTTP/1.1 load) overflows instead of waiting (upstream_rq_pending_overflow)', knob: "the cluster's circuit_breakers.thresholds (max_connections, max_pending_requests, max_requests)" } }],
    },
    {
      name: 'defaults: one info for the proxy, at the first cluster, counting every one routes use',
      clusters: [cluster('a'), cluster('b', '{ "thresholds": [{ "max_connections": 5 }] }'), cluster('c', all(5))],
      routeConfigs: [routes('a', 'b', 'c')],
      errors: [{ messageId: 'defaults', text: '"a"', severity: 'info', resource: { kind: 'cluster', name: 'a' } }],
    },
  ],
});
