import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/unchecked-input.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import { ruleTester } from '../rule-tester.js';

// `note` cannot be reached through ruleTester with a short snippet: it comes from what the loader reads past: a dump section type envoy-lint does not check, non-JSON lines before
//   the JSON, a bootstrap document's dynamic_resources, a non-resource item in istioctl output. The tester always writes
//   one clean /config_dump with the five resource sections (and a BootstrapConfigDump with the node only), so none of
//   these can be written in a case; it is covered by fixtures/unchecked-input/fail/istio-bootstrap-golden.json.
// `otherControlPlane` needs an Istio-only rule beside this one (alsoRun), a non-Istio proxy and iptables: the last case.

const ipt = `*nat
:PREROUTING ACCEPT [0:0]
:ISTIO_INBOUND - [0:0]
-A PREROUTING -p tcp -j ISTIO_INBOUND
-A ISTIO_INBOUND -p tcp -j REDIRECT --to-ports 15006
COMMIT
`;

ruleTester(rule, {
  valid: [
    {
      name: 'a dump whose sections are all checked',
      listeners: [{ name: 'http', address: { socket_address: { address: '0.0.0.0', port_value: 8080 } } }],
      routeConfigs: [{ name: '8080' }],
      clusters: [{ name: 'reviews', type: 'EDS' }],
      endpoints: [{ cluster_name: 'reviews' }],
      secrets: [{ name: 'default' }, { state: 'warming', resource: { name: 'ROOTCA' } }],
    },
    { name: 'the BootstrapConfigDump is read (for the node), not skipped', node: { id: 'router~10.0.0.1~gw~default.svc.cluster.local' }, clusters: [{ name: 'c' }] },
    { name: 'an Istio sidecar with its iptables', clusters: [{ name: 'c' }], iptables: ipt, controlPlane: 'istio' },
    { name: 'another control plane with iptables, but no Istio-only rule enabled: nothing was skipped', clusters: [{ name: 'c' }], iptables: ipt, controlPlane: 'consul' },
  ],
  invalid: [],
});

// An Istio sidecar's dump without its iptables: the iptables rules had nothing to check, said once at the inbound listener.
const virtualOutbound = { name: 'virtualOutbound', address: { socket_address: { address: '0.0.0.0', port_value: 15001 } }, use_original_dst: true };
/** `"virtualInbound"` on line 2, columns 11 to 27. */
const virtualInbound = `{
  "name": "virtualInbound",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 15006 } }
}`;
ruleTester(rule, {
  valid: [
    { name: 'an Istio sidecar with its iptables: nothing to say', listeners: [virtualOutbound, virtualInbound], iptables: ipt, controlPlane: 'istio' },
    { name: 'another control plane without iptables: the iptables rules are not for it', listeners: [virtualOutbound, virtualInbound], controlPlane: 'consul' },
  ],
  invalid: [
    {
      name: 'an Istio sidecar without iptables: one note at the inbound listener',
      node: { id: 'sidecar~10.0.0.1~app-1.default~default.svc.cluster.local' },
      listeners: [virtualOutbound, virtualInbound],
      errors: [{ messageId: 'noIptables', severity: 'info', text: '"virtualInbound"', in: 'listeners/1', line: 2, column: 11, endLine: 2, endColumn: 27, resource: { kind: 'listener', name: 'virtualInbound' } }],
    },
  ],
});

// With iptables given to a proxy that is not Istio's, the Istio-capture rules do not run, and this rule says so once,
// on line 1 of the iptables (it needs such a rule in the run: alsoRun).
ruleTester(rule, {
  valid: [],
  invalid: [
    {
      name: 'iptables beside a Kuma proxy: the Istio-only iptables rules did not run',
      node: { id: 'default.backend-1', metadata: { 'dataplane.proxyType': 'dataplane' } },
      listeners: [{ name: 'inbound:10.0.0.1:8080', address: { socket_address: { address: '10.0.0.1', port_value: 8080 } } }],
      iptables: '*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -j REDIRECT --to-ports 15006\nCOMMIT\n',
      alsoRun: ['inbound-port-not-captured'],
      errors: [{ messageId: 'otherControlPlane', in: 'iptables', line: 1, column: 1, endLine: 1, endColumn: 5, text: '*nat', data: { rules: 'inbound-port-not-captured', controlPlane: 'Kuma', detectedBy: 'node metadata dataplane.*' } }],
    },
  ],
});

// A dump with nothing in it (issue 21): `{"configs": []}`, or sections whose lists are all empty, was a clean pass
// with no output at all. It is said once, at the dump's `configs` list (the tester writes `"configs": [` on line 2).
ruleTester(rule, {
  valid: [
    { name: 'one listener is something to check', listeners: [{ name: 'http', address: { socket_address: { address: '0.0.0.0', port_value: 8080 } } }] },
    { name: 'a ?resource= dump of secrets only is not empty', secrets: [{ name: 'default' }] },
    { name: 'a rejected update is something the dump holds', clusters: [{ state: 'error', resource: { name: 'reviews' } }] },
  ],
  invalid: [
    {
      name: 'a dump whose only section is the bootstrap, with no static resources',
      node: { id: 'router~10.0.0.1~gw~default.svc.cluster.local' },
      errors: [{ messageId: 'emptyDump', severity: 'info', in: 'dump', line: 2, column: 12 }],
    },
  ],
});

describe('unchecked-input/runtimeOnly', () => {
  it('says so when only run-time outputs were given, and not when a dump is beside them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-runtime-only-'));
    const clusters = path.join(dir, 'clusters.json');
    fs.writeFileSync(clusters, JSON.stringify({ cluster_statuses: [{ name: 'a', host_statuses: [] }] }));
    const only = lintInputs([clusters], { rules: [rule] }).report.findings;
    expect(only.map((f) => [f.messageId, f.location.line, f.location.column])).toEqual([['runtimeOnly', 1, 1]]);
    expect(only[0]?.message).toContain(`(${clusters})`);
    const withDump = lintInputs([path.resolve(__dirname, '../../fixtures/endpoints-unhealthy/fail/ejected-and-failing/config_dump.json'), clusters], { rules: [rule] }).report.findings;
    expect(withDump.map((f) => f.messageId)).not.toContain('runtimeOnly');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
