import rule from '../../rules/unreferenced-resources.js';
import { ruleTester } from '../rule-tester.js';

const eds = (name: string) => ({ name, type: 'EDS', eds_cluster_config: { eds_config: { ads: {} } } });
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
/** The rule's "about N KB": the compact JSON of the clusters as the dump holds them (with their "@type"), all measured. */
const sizeOf = (clusters: readonly string[]): string => {
  const bytes = clusters.reduce((sum, n) => sum + JSON.stringify({ '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', ...eds(n) }).length, 0);
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
};
/** A TCP proxy listener to cluster `used`. */
const tcp = (used: string, filterType = 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', filterName = 'tcp') => `{
  "name": "db", "address": { "socket_address": { "address": "0.0.0.0", "port_value": 5432 } },
  "filter_chains": [{ "filters": [{ "name": "${filterName}", "typed_config": { "@type": "${filterType}", "stat_prefix": "db", "cluster": "${used}" } }] }]
}`;

ruleTester(rule, {
  valid: [
    { name: 'nine unreachable clusters: under the count threshold', listeners: [tcp('used')], clusters: [eds('used'), ...names('spare', 9).map(eds)] },
    {
      name: 'ten unreachable among forty-one: under a quarter',
      listeners: [tcp('used-1')],
      routeConfigs: [{ name: 'r', virtual_hosts: [{ name: 'all', domains: ['*'], routes: names('used', 31).map((c) => ({ match: { prefix: `/${c}` }, route: { cluster: c } })) }] }],
      clusters: [...names('used', 31).map(eds), ...names('spare', 10).map(eds)],
    },
    {
      name: 'a route picks its cluster from a header: any cluster may be reached',
      listeners: [tcp('used')],
      routeConfigs: [{ name: 'r', virtual_hosts: [{ name: 'all', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster_header: 'x-cluster' } }] }] }],
      clusters: [eds('used'), ...names('spare', 12).map(eds)],
    },
    { name: 'an sni_cluster filter picks clusters by SNI', listeners: [tcp('used', 'type.googleapis.com/envoy.extensions.filters.network.sni_cluster.v3.SniCluster', 'envoy.filters.network.sni_cluster')], clusters: [eds('used'), ...names('spare', 12).map(eds)] },
    { name: 'no listeners in the inputs: reachability unknown', clusters: names('spare', 20).map(eds) },
    { name: 'static clusters (bootstrap) are not counted', listeners: [tcp('used')], clusters: [eds('used'), ...names('spare', 12).map((n) => ({ state: 'static' as const, resource: eds(n) }))] },
  ],
  invalid: [
    {
      name: 'twelve of thirteen clusters unreachable: one info at the first',
      listeners: [tcp('used')],
      clusters: [eds('used'), ...names('spare', 12).map(eds)],
      errors: [{ messageId: 'unreachable', text: '"spare-1"', severity: 'info', resource: { kind: 'cluster', name: 'spare-1' }, data: { count: 12, total: 13, percent: 92, size: sizeOf(names('spare', 12)), examples: '"spare-1", "spare-2", "spare-3"', scope: 'a CDS response limited to the clusters this proxy routes to' } }],
    },
  ],
});
