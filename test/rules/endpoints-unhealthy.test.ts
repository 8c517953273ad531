import rule from '../../rules/endpoints-unhealthy.js';
import { describe, expect, it } from 'vitest';
import { runCase, ruleTester } from '../rule-tester.js';

const CLUSTER = 'outbound|9080||reviews.default.svc.cluster.local';
const host = (address: string, health: Record<string, unknown>) => ({ address: { socket_address: { address, port_value: 9080 } }, health_status: health, weight: 1 });
const clusters = (...hosts: Array<ReturnType<typeof host>>) => ({ 'clusters.json': { cluster_statuses: [{ name: CLUSTER, added_via_api: true, host_statuses: hosts }] } });

ruleTester(rule, {
  valid: [
    { name: 'no /clusters output given', clusters: [{ name: CLUSTER, type: 'EDS' }] },
    { name: 'every host healthy', admin: clusters(host('10.0.0.1', { eds_health_status: 'HEALTHY' }), host('10.0.0.2', {})) },
    { name: 'half out is not more than half', admin: clusters(host('10.0.0.1', { failed_outlier_check: true }), host('10.0.0.2', { eds_health_status: 'HEALTHY' })) },
    { name: 'degraded hosts still take traffic', admin: clusters(host('10.0.0.1', { failed_active_degraded_check: true }), host('10.0.0.2', { eds_health_status: 'DEGRADED' })) },
    { name: 'a cluster without hosts (no endpoints: cluster-without-endpoints says so)', admin: clusters() },
  ],
  invalid: [
    {
      name: 'every host ejected or unhealthy',
      admin: clusters(host('10.0.0.1', { failed_outlier_check: true }), host('10.0.0.2', { eds_health_status: 'DRAINING' })),
      errors: [{ messageId: 'allOut', text: `"${CLUSTER}"`, in: 'clusters.json', severity: 'error' }],
    },
    {
      name: 'two of three failing the active health check: a warning, with the panic threshold',
      admin: clusters(host('10.0.0.1', { failed_active_health_check: true }), host('10.0.0.2', { active_hc_timeout: true, failed_active_health_check: true }), host('10.0.0.3', {})),
      errors: [{ messageId: 'mostOut', severity: 'warning', in: 'clusters.json' }],
    },
  ],
});

describe('endpoints-unhealthy messages', () => {
  it('name each host and why it is out, and where to look', () => {
    const [f] = runCase(rule, { name: 'm', admin: clusters(host('10.0.0.1', { failed_outlier_check: true }), host('10.0.0.2', { eds_health_status: 'DRAINING' })) });
    expect(f?.message).toContain('10.0.0.1:9080 (failed_outlier_check); 10.0.0.2:9080 (eds_health_status DRAINING)');
    expect(f?.message).toContain('503 with response flag UH');
    expect(f?.message).toMatch(/outlier detection ejected them[\s\S]*pods are not ready/);
  });
});
