import { describe, expect, it } from 'vitest';
import rule, { maxEjectable } from '../../rules/outlier-ejection-can-empty.js';
import { ruleTester } from '../rule-tester.js';

/** A STATIC cluster with `hosts` inline endpoints; its outlier_detection on line 3, healthy_panic_threshold on line 4. */
const cluster = (outlier: string, panic: string | undefined, hosts = 1) => `{
  "name": "db",
  "outlier_detection": ${outlier},
  "common_lb_config": ${panic === undefined ? '{}' : `{ "healthy_panic_threshold": ${panic} }`},
  "load_assignment": { "cluster_name": "db", "endpoints": [{ "lb_endpoints": [${Array.from({ length: hosts }, (_, i) => `{ "endpoint": { "address": { "socket_address": { "address": "10.0.0.${i + 1}", "port_value": 5432 } } } }`).join(', ')}] }] }
}`;

/** An EDS cluster and its assignment with `hosts` endpoints. */
const eds = (outlier: string) => `{
  "name": "reviews",
  "type": "EDS",
  "eds_cluster_config": { "eds_config": { "ads": {} } },
  "outlier_detection": ${outlier},
  "common_lb_config": { "healthy_panic_threshold": {} }
}`;
const assignment = (hosts: number) => ({
  cluster_name: 'reviews',
  endpoints: [{ lb_endpoints: Array.from({ length: hosts }, (_, i) => ({ endpoint: { address: { socket_address: { address: `10.0.1.${i + 1}`, port_value: 9080 } } } })) }],
});

describe('maxEjectable', () => {
  it('ejects while the ejected share is below the percentage, the first host always', () => {
    expect(maxEjectable(1, 10)).toBe(1);
    expect(maxEjectable(3, 10)).toBe(1);
    expect(maxEjectable(20, 10)).toBe(2);
    expect(maxEjectable(4, 60)).toBe(3);
    expect(maxEjectable(2, 51)).toBe(2);
    expect(maxEjectable(5, 100)).toBe(5);
    expect(maxEjectable(5, 0)).toBe(0);
  });
});

ruleTester(rule, {
  valid: [
    { name: 'panic threshold left at Envoy\'s 50%: panic routing keeps sending', clusters: [cluster('{ "max_ejection_percent": 100 }', undefined)] },
    { name: 'a panic threshold above 0', clusters: [cluster('{ "max_ejection_percent": 100 }', '{ "value": 30 }')] },
    { name: 'every detector unenforced (Kuma\'s shape): nothing is ejected', clusters: [cluster('{ "enforcing_consecutive_5xx": 0, "enforcing_success_rate": 0, "max_ejection_percent": 100 }', '{}')] },
    { name: 'three hosts at the default 10%: one can go', clusters: [cluster('{ "consecutive_5xx": 5 }', '{}', 3)] },
    { name: 'an EDS cluster whose endpoints the dump does not show (no ?include_eds)', clusters: [eds('{}')] },
    { name: 'two EDS endpoints at 10%', clusters: [eds('{}')], endpoints: [assignment(2)] },
    { name: 'max_ejection_percent 0 ejects nothing', clusters: [cluster('{ "max_ejection_percent": 0 }', '{}')] },
  ],
  invalid: [
    {
      name: 'max_ejection_percent 100 with panic threshold 0: the finding is on the percentage',
      clusters: [cluster('{ "max_ejection_percent": 100 }', '{}', 3)],
      errors: [{ messageId: 'allEjectable', text: '100', line: 3, column: 50, severity: 'warning', resource: { kind: 'cluster', name: 'db' } }],
    },
    {
      name: 'a single host at the default 10%: the finding is on the panic threshold',
      clusters: [cluster('{ "consecutive_5xx": 5 }', '{ "value": 0 }')],
      errors: [{ messageId: 'fewEndpoints', text: '0', line: 4, column: 63 }],
    },
    {
      name: 'max_ejection_percent as a wrapper-free number under the default panic message {}',
      clusters: [cluster('{ "max_ejection_percent": 100 }', '{}')],
      errors: [{ messageId: 'allEjectable', text: '100' }],
    },
    {
      name: 'one EDS endpoint with outlier_detection {}',
      clusters: [eds('{}')],
      endpoints: [assignment(1)],
      errors: [{ messageId: 'fewEndpoints', text: '{}', in: 'clusters/0', line: 6, column: 52 }],
    },
    {
      name: 'Istio advice names the DestinationRule',
      node: { id: 'sidecar~10.0.0.1~p.default~default.svc.cluster.local', metadata: { ISTIO_VERSION: '1.24.0' } },
      clusters: [cluster('{ "max_ejection_percent": 100 }', '{}')],
      errors: [{ messageId: 'allEjectable', text: '100' }],
    },
  ],
});

describe('advice in the control plane\'s terms', () => {
  it('an Istio sidecar is told about the DestinationRule', async () => {
    const { lintInputs } = await import('../../src/pipeline/lint.js');
    const istio = lintInputs(['fixtures/outlier-ejection-can-empty/fail/istio-eject-all.json'], { rules: [rule] }).report.findings;
    expect(istio.length).toBe(2);
    for (const f of istio) expect(f.message).toContain('DestinationRule');
  });
});
