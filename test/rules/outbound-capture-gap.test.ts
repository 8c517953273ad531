import { describe } from 'vitest';
import rule from '../../rules/outbound-capture-gap.js';
import { ruleTester } from '../rule-tester.js';

const ISTIO = { id: 'sidecar~10.0.0.1~app-1.default~default.svc.cluster.local' };
const KUMA = { id: 'default.backend-1', metadata: { 'dataplane.proxyType': 'dataplane' } };

/** Istio's virtualOutbound on 15001 (use_original_dst: what makes the dump a sidecar's). */
const virtualOutbound = { name: 'virtualOutbound', address: { socket_address: { address: '0.0.0.0', port_value: 15001 } }, use_original_dst: true };
/** Outbound listeners 15001 hands connections to (bind_to_port false). */
const handoff = (address: string, port: number) => ({ name: `${address}_${port}`, address: { socket_address: { address, port_value: port } }, bind_to_port: false });
const mysql = handoff('10.96.0.20', 3306);
const postgres = handoff('10.96.0.30', 5432);
const http9080 = handoff('0.0.0.0', 9080);

/** istio-iptables' outbound capture (the proxy's uid/gid return first, loopback returns, the rest goes to 15001). */
const captureAll = `
*nat
:OUTPUT ACCEPT [0:0]
:ISTIO_OUTPUT - [0:0]
:ISTIO_REDIRECT - [0:0]
-A OUTPUT -p tcp -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-A ISTIO_OUTPUT -j ISTIO_REDIRECT
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
COMMIT
`;

/** excludeOutboundPorts: "3306": the RETURN for 3306 is line 6. */
const exclude3306 = `
*nat
:OUTPUT ACCEPT [0:0]
:ISTIO_OUTPUT - [0:0]
:ISTIO_REDIRECT - [0:0]
-A OUTPUT -p tcp -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -p tcp -m tcp --dport 3306 -j RETURN
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-A ISTIO_OUTPUT -j ISTIO_REDIRECT
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
COMMIT
`;

/** excludeOutboundIPRanges: "10.96.0.0/12": the RETURN is line 9. */
const excludeServiceCidr = `
*nat
:OUTPUT ACCEPT [0:0]
:ISTIO_OUTPUT - [0:0]
:ISTIO_REDIRECT - [0:0]
-A OUTPUT -p tcp -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-A ISTIO_OUTPUT -d 10.96.0.0/12 -j RETURN
-A ISTIO_OUTPUT -j ISTIO_REDIRECT
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
COMMIT
`;

/** includeOutboundIPRanges: "10.96.0.0/12": only the service CIDR goes to 15001, everything else returns. */
const includeServiceCidr = `
*nat
:OUTPUT ACCEPT [0:0]
:ISTIO_OUTPUT - [0:0]
:ISTIO_REDIRECT - [0:0]
-A OUTPUT -p tcp -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN
-A ISTIO_OUTPUT -d 10.96.0.0/12 -j ISTIO_REDIRECT
-A ISTIO_OUTPUT -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
COMMIT
`;

/** The proxy's uid/gid are not excluded: Envoy's own connections reach the redirect to 15001 on line 8. */
const noOwnerExclusion = `
*nat
:OUTPUT ACCEPT [0:0]
:ISTIO_OUTPUT - [0:0]
:ISTIO_REDIRECT - [0:0]
-A OUTPUT -p tcp -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN
-A ISTIO_OUTPUT -j ISTIO_REDIRECT
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
COMMIT
`;

/** Inbound capture only (includeOutboundIPRanges: ""): OUTPUT has no rule, its policy (line 3) lets everything through. */
const inboundOnly = `
*nat
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:ISTIO_IN_REDIRECT - [0:0]
-A PREROUTING -p tcp -j ISTIO_IN_REDIRECT
-A ISTIO_IN_REDIRECT -p tcp -j REDIRECT --to-ports 15006
COMMIT
`;

/** includeOutboundIPRanges: "10.0.0.0/8" (pods and services) without the uid/gid exclusion: the redirect is line 8. */
const includePodCidrNoOwnerExclusion = `
*nat
:OUTPUT ACCEPT [0:0]
:ISTIO_OUTPUT - [0:0]
:ISTIO_REDIRECT - [0:0]
-A OUTPUT -p tcp -j ISTIO_OUTPUT
-A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT
-A ISTIO_OUTPUT -j RETURN
-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001
COMMIT
`;

/** `iptables -t nat -L` without -v: the interfaces are hidden. The rule set starts on line 1. */
const listWithoutInterfaces = `
Chain PREROUTING (policy ACCEPT)
target     prot opt source               destination
ISTIO_IN_REDIRECT  tcp  --  anywhere             anywhere

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination
ISTIO_REDIRECT  tcp  --  anywhere             anywhere

Chain ISTIO_IN_REDIRECT (1 references)
target     prot opt source               destination
REDIRECT   tcp  --  anywhere             anywhere             redir ports 15006

Chain ISTIO_REDIRECT (1 references)
target     prot opt source               destination
REDIRECT   tcp  --  anywhere             anywhere             redir ports 15001
`;

ruleTester(rule, {
  valid: [
    { name: "every outbound listener's destination is captured, the proxy's own connections return", node: ISTIO, listeners: [virtualOutbound, mysql, http9080], iptables: captureAll },
    {
      name: 'includeOutboundIPRanges: the service CIDR is captured, so the 10.96.0.20_3306 and wildcard 0.0.0.0_9080 listeners are',
      node: ISTIO,
      listeners: [virtualOutbound, mysql, http9080],
      iptables: includeServiceCidr,
    },
    { name: 'without iptables the rule is silent (inbound-port-not-captured gives the note)', node: ISTIO, listeners: [virtualOutbound, mysql] },
    {
      name: 'a gateway (no use_original_dst listener) is not checked',
      node: { id: 'router~10.0.0.2~istio-ingressgateway-1.istio-system~istio-system.svc.cluster.local' },
      listeners: [{ name: '0.0.0.0_8080', address: { socket_address: { address: '0.0.0.0', port_value: 8080 } } }, mysql],
      iptables: exclude3306,
    },
    { name: 'not an Istio proxy (Kuma): the same excluded port and uncaught proxy uid are not checked', node: KUMA, listeners: [virtualOutbound, mysql], iptables: exclude3306.replace(/^-A ISTIO_OUTPUT -m owner.*\n/gm, '') },
  ],
  invalid: [
    {
      name: 'excludeOutboundPorts: 3306 returns while the proxy has 10.96.0.20_3306',
      node: ISTIO,
      listeners: [virtualOutbound, mysql, http9080],
      iptables: exclude3306,
      errors: [
        {
          messageId: 'gap',
          severity: 'warning',
          text: '-A ISTIO_OUTPUT -p tcp -m tcp --dport 3306 -j RETURN',
          in: 'iptables',
          line: 6,
          column: 1,
          endLine: 6,
          endColumn: 53,
          resource: { kind: 'iptables_rule', name: 'nat/ISTIO_OUTPUT' },
          data: { targets: '10.96.0.20:3306', how: 'RETURN in chain nat/ISTIO_OUTPUT', listeners: '10.96.0.20_3306' },
        },
      ],
    },
    {
      name: 'excludeOutboundIPRanges: one finding at the RETURN for the CIDR, naming both listeners it hides',
      node: ISTIO,
      listeners: [virtualOutbound, mysql, postgres],
      iptables: excludeServiceCidr,
      errors: [
        {
          messageId: 'gap',
          text: '-A ISTIO_OUTPUT -d 10.96.0.0/12 -j RETURN',
          in: 'iptables',
          line: 9,
          data: { targets: '10.96.0.20:3306, 10.96.0.30:5432', how: 'RETURN in chain nat/ISTIO_OUTPUT', listeners: '10.96.0.20_3306, 10.96.0.30_5432' },
        },
      ],
    },
    {
      name: "the proxy's uid/gid 1337 are not excluded: Envoy's own connections loop back into 15001",
      node: ISTIO,
      listeners: [virtualOutbound, mysql],
      iptables: noOwnerExclusion,
      errors: [
        {
          messageId: 'loop',
          text: '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001',
          in: 'iptables',
          line: 8,
          column: 1,
          endLine: 8,
          endColumn: 54,
          resource: { kind: 'iptables_rule', name: 'nat/ISTIO_REDIRECT' },
          data: { uid: 1337, gid: 1337, ports: '1-65535', to: 15001, how: 'redirect in chain nat/ISTIO_REDIRECT' },
        },
      ],
    },
    {
      name: 'no outbound capture at all: one finding at the OUTPUT policy, naming every listener (the wildcard one too)',
      node: ISTIO,
      listeners: [virtualOutbound, mysql, http9080],
      iptables: inboundOnly,
      errors: [
        {
          messageId: 'gap',
          text: ':OUTPUT ACCEPT [0:0]',
          in: 'iptables',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 21,
          resource: { kind: 'iptables_rule', name: 'nat/OUTPUT' },
          data: { targets: '10.96.0.20:3306, port 9080', how: 'no rule redirects them and chain nat/OUTPUT accepts them by policy', listeners: '10.96.0.20_3306, 0.0.0.0_9080' },
        },
      ],
    },
    {
      name: 'an iptables -L view without -v is not checked, said once (info)',
      node: ISTIO,
      listeners: [virtualOutbound, mysql],
      iptables: listWithoutInterfaces,
      errors: [{ messageId: 'hidden', severity: 'info', text: 'Chain PREROUTING (policy ACCEPT)', in: 'iptables', line: 1, column: 1, endLine: 1, endColumn: 33 }],
    },
    {
      name: 'controlPlane istio forces the rule on a dump without a node',
      controlPlane: 'istio',
      listeners: [virtualOutbound, mysql],
      iptables: exclude3306,
      errors: [{ messageId: 'gap', text: '-A ISTIO_OUTPUT -p tcp -m tcp --dport 3306 -j RETURN', in: 'iptables', line: 6 }],
    },
  ],
});

// The loop check evaluates Envoy's own connections to one address no rule names (destination null), so a redirect
// that only applies to named destinations is never seen: with includeOutboundIPRanges covering the pod CIDR and no
// `--uid-owner 1337 -j RETURN`, Envoy's upstream connections to endpoints in 10.0.0.0/8 are redirected to 15001 and
// loop, yet the rule reports nothing (the gap check, by contrast, also tries the destinations the rules name).
describe.skip("BUG: a loop confined to an include CIDR (Envoy's connections to pod IPs) is not reported", () => {
  ruleTester(rule, {
    valid: [],
    invalid: [
      {
        name: 'includeOutboundIPRanges 10.0.0.0/8 without the owner exclusion',
        node: ISTIO,
        listeners: [virtualOutbound, mysql],
        iptables: includePodCidrNoOwnerExclusion,
        errors: [{ messageId: 'loop', text: '-A ISTIO_REDIRECT -p tcp -j REDIRECT --to-ports 15001', in: 'iptables', line: 8, column: 1, endLine: 8, endColumn: 54 }],
      },
    ],
  });
});
