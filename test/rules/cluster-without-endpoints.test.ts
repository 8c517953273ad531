import { describe } from 'vitest';
import rule from '../../rules/cluster-without-endpoints.js';
import { ruleTester } from '../rule-tester.js';

/** An EDS cluster: its name on line 2, columns 11 on. */
const eds = (name: string, serviceName?: string) => `{
  "name": "${name}",
  "type": "EDS",
  "eds_cluster_config": { "eds_config": { "ads": {} }${serviceName ? `, "service_name": "${serviceName}"` : ''} }
}`;

/** A load assignment: its cluster_name on line 2, columns 19 on. */
const assignment = (clusterName: string, ...lbEndpoints: string[]) => `{
  "cluster_name": "${clusterName}",
  "endpoints": [{ "lb_endpoints": [${lbEndpoints.join(', ')}] }]
}`;

/** An assignment dumped without cluster_name (Envoy 1.15 to 1.25), typed here so that the span is the snippet as written. */
const unnamed = (...lbEndpoints: string[]) => `{
  "@type": "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment",
  "endpoints": [{ "lb_endpoints": [${lbEndpoints.join(', ')}] }]
}`;

const host = (health?: string) => `{ "endpoint": { "address": { "socket_address": { "address": "10.0.0.1", "port_value": 9080 } } }${health ? `, "health_status": "${health}"` : ''} }`;

ruleTester(rule, {
  valid: [
    { name: 'an endpoint without health_status is UNKNOWN, which Envoy routes to', clusters: [eds('reviews')], endpoints: [assignment('reviews', host())] },
    { name: 'one HEALTHY endpoint beside an UNHEALTHY one', clusters: [eds('reviews')], endpoints: [assignment('reviews', host('UNHEALTHY'), host('HEALTHY'))] },
    { name: 'without an endpoints section (no ?include_eds) nothing is known', clusters: [eds('reviews')] },
    { name: 'a STRICT_DNS cluster reads no load assignment', clusters: [{ name: 'db', type: 'STRICT_DNS' }], endpoints: [assignment('reviews', host())] },
    { name: 'the assignment is named by eds_cluster_config.service_name', clusters: [eds('outbound|9080||reviews', 'reviews-eds')], endpoints: [assignment('reviews-eds', host())] },
    { name: 'an unnamed assignment with the only EDS cluster that sets no service name: paired, healthy', clusters: [eds('reviews')], endpoints: [unnamed(host())] },
    { name: 'two unnamed assignments for two clusters, all healthy: nothing worth saying', clusters: [eds('a'), eds('b')], endpoints: [unnamed(host()), unnamed(host('HEALTHY'))] },
  ],
  invalid: [
    {
      name: 'an EDS cluster without a load assignment',
      clusters: [eds('reviews')],
      endpoints: [assignment('ratings', host())],
      errors: [{ messageId: 'noAssignment', text: '"reviews"', in: 'clusters/0', line: 2, column: 11, endLine: 2, endColumn: 20, severity: 'warning', resource: { kind: 'cluster', name: 'reviews' } }],
    },
    {
      name: 'the assignment under the cluster name does not count when service_name names another',
      clusters: [eds('reviews', 'reviews-eds')],
      endpoints: [assignment('reviews', host())],
      errors: [{ messageId: 'noAssignment', text: '"reviews"', in: 'clusters/0', line: 2, column: 11 }],
    },
    {
      name: 'a static EDS cluster is checked too',
      clusters: [{ state: 'static', resource: eds('xds') }],
      endpoints: [assignment('ratings', host())],
      errors: [{ messageId: 'noAssignment', text: '"xds"', in: 'clusters/0', line: 2, column: 11, endLine: 2, endColumn: 16 }],
    },
    {
      name: 'an empty load assignment: the finding is on its cluster_name',
      clusters: [eds('reviews')],
      endpoints: [assignment('reviews')],
      errors: [{ messageId: 'empty', text: '"reviews"', in: 'endpoints/0', line: 2, column: 19, endLine: 2, endColumn: 28, severity: 'warning' }],
    },
    {
      name: 'endpoints, but none HEALTHY or UNKNOWN',
      clusters: [eds('reviews')],
      endpoints: [assignment('reviews', host('UNHEALTHY'), host('DRAINING'))],
      errors: [{ messageId: 'noneHealthy', text: '"reviews"', in: 'endpoints/0', line: 2, column: 19, endLine: 2, endColumn: 28, data: { name: 'reviews', count: 2 } }],
    },
    {
      name: 'an unnamed assignment paired with the only candidate cluster is checked like a named one (no name: the whole assignment)',
      clusters: [eds('reviews')],
      endpoints: [unnamed()],
      errors: [{ messageId: 'empty', text: unnamed(), in: 'endpoints/0', line: 1, column: 1, endLine: 4, endColumn: 2 }],
    },
    {
      name: 'two unnamed assignments for two clusters, one of them empty: info, once, on the first assignment',
      clusters: [eds('a'), eds('b')],
      endpoints: [unnamed(host()), unnamed()],
      errors: [{ messageId: 'unattributed', severity: 'info', text: unnamed(host()), in: 'endpoints/0', line: 1, column: 1, endLine: 4, endColumn: 2 }],
    },
    {
      name: 'one unnamed assignment for two clusters: one of them has none, info',
      clusters: [eds('a'), eds('b')],
      endpoints: [unnamed(host())],
      errors: [
        {
          messageId: 'unattributed',
          severity: 'info',
          text: unnamed(host()),
          in: 'endpoints/0',
          data: { assignments: 1, clusters: '"a", "b"', problem: '1 of the clusters has no assignment at all' },
        },
      ],
    },
  ],
});

// A DEGRADED-only cluster is routable: Envoy load-balances to degraded hosts when there are not
// enough healthy ones (https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/degraded):
// with only degraded hosts they take all the traffic (ROUTABLE_HEALTH in src/model/build/cluster.ts counts them).
describe('fixed: DEGRADED endpoints receive traffic', () => {
  ruleTester(rule, {
    valid: [{ name: 'only DEGRADED endpoints', clusters: [eds('reviews')], endpoints: [assignment('reviews', host('DEGRADED'))] }],
    invalid: [],
  });
});

// Envoy dumps load assignments for active clusters only (rules/rejected-config.md: "Envoy dumps no endpoints for warming
// clusters"; the dump rebuilds "each active cluster's assignment from its hosts", rules/cluster-without-endpoints.md), so
// a new warming EDS cluster never has one in the dump: its absence proves nothing, and rejected-config already reports the
// cluster as warming (503 NC, not UH), so the rule skips warming clusters.
describe('fixed: a warming EDS cluster has no dumped assignment by design', () => {
  ruleTester(rule, {
    valid: [{ name: 'a new warming EDS cluster', clusters: [{ state: 'warming', resource: eds('reviews') }], endpoints: [assignment('ratings', host())] }],
    invalid: [],
  });
});
