import rule from '../../rules/duplicate-listener-address.js';
import { ruleTester } from '../rule-tester.js';

/** A listener on address:port (UDP, or with bind_to_port false, if asked); its name value is on line 2, from column 11. */
const listener = (name: string, address: string, port: number, opts: { udp?: boolean; unbound?: boolean } = {}) => `{
  "name": "${name}",
  "address": { "socket_address": { "address": "${address}", "port_value": ${port}${opts.udp ? ', "protocol": "UDP"' : ''} } }${opts.unbound ? ',\n  "bind_to_port": false' : ''}
}`;

ruleTester(rule, {
  valid: [
    { name: 'different ports', listeners: [listener('a', '0.0.0.0', 8080), listener('b', '0.0.0.0', 9090)] },
    { name: 'a wildcard and a specific address on one port are distinct to Envoy', listeners: [listener('a', '0.0.0.0', 80), listener('b', '10.0.0.1', 80)] },
    { name: 'a TCP and a UDP listener on one port are two sockets', listeners: [listener('dns-tcp', '0.0.0.0', 53), listener('dns-udp', '0.0.0.0', 53, { udp: true })] },
    { name: 'the same listener active and warming is one listener being updated', listeners: [listener('http', '0.0.0.0', 8080), { state: 'warming', resource: listener('http', '0.0.0.0', 8080) }] },
    { name: 'a draining listener does not hold the address', listeners: [{ state: 'draining', resource: listener('old', '0.0.0.0', 8080) }, listener('new', '0.0.0.0', 8080)] },
    {
      name: 'internal listeners have no address:port',
      listeners: ['{ "name": "a", "address": { "envoy_internal_address": { "server_listener_name": "a" } } }', '{ "name": "b", "address": { "envoy_internal_address": { "server_listener_name": "a" } } }'],
    },
  ],
  invalid: [
    {
      // ListenerImpl::hasDuplicatedAddress compares the address whether the listeners bind or not (port not 0).
      name: 'a bound listener and a bind_to_port false one on one address: refused by Envoy 1.21+ (warning)',
      listeners: [listener('virtualInbound', '0.0.0.0', 15006), listener('0.0.0.0_15006', '0.0.0.0', 15006, { unbound: true })],
      errors: [{ messageId: 'mixed', severity: 'warning', in: 'listeners/1', text: '"0.0.0.0_15006"', data: { first: 'virtualInbound', name: '0.0.0.0_15006', address: '0.0.0.0:15006', firstBinds: 'true', nameBinds: 'false' } }],
    },
    {
      name: 'two bound listeners on one address and port',
      listeners: [listener('ingress_8080', '0.0.0.0', 8080), listener('ingress_8080_v2', '0.0.0.0', 8080)],
      errors: [
        {
          messageId: 'bound',
          severity: 'error',
          text: '"ingress_8080_v2"',
          in: 'listeners/1',
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 28,
          resource: { kind: 'listener', name: 'ingress_8080_v2' },
          data: { first: 'ingress_8080', name: 'ingress_8080_v2', address: '0.0.0.0:8080' },
        },
      ],
    },
    {
      name: 'two bind_to_port false listeners on one address: Envoy refuses the second (error)',
      listeners: [listener('10.96.0.30_9090', '10.96.0.30', 9090, { unbound: true }), listener('10.96.0.30_9090-v2', '10.96.0.30', 9090, { unbound: true })],
      errors: [
        {
          messageId: 'handoff',
          severity: 'error',
          text: '"10.96.0.30_9090-v2"',
          in: 'listeners/1',
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 31,
          data: { first: '10.96.0.30_9090', name: '10.96.0.30_9090-v2', address: '10.96.0.30:9090' },
        },
      ],
    },
    {
      name: 'two UDP listeners on one port',
      listeners: [listener('dns-a', '0.0.0.0', 5353, { udp: true }), listener('dns-b', '0.0.0.0', 5353, { udp: true })],
      errors: [{ messageId: 'bound', text: '"dns-b"', in: 'listeners/1', line: 2, column: 11, data: { first: 'dns-a', name: 'dns-b', address: '0.0.0.0:5353/udp' } }],
    },
    {
      name: 'a static and a dynamic listener on one address; a warming one too',
      listeners: [{ state: 'static', resource: listener('static_80', '0.0.0.0', 80) }, listener('dynamic_80', '0.0.0.0', 80), { state: 'warming', resource: listener('warming_80', '0.0.0.0', 80) }],
      errors: [
        { messageId: 'bound', text: '"dynamic_80"', in: 'listeners/1', line: 2, column: 11, data: { first: 'static_80', name: 'dynamic_80', address: '0.0.0.0:80' } },
        { messageId: 'bound', text: '"warming_80"', in: 'listeners/2', line: 2, column: 11, data: { first: 'static_80', name: 'warming_80', address: '0.0.0.0:80' } },
      ],
    },
  ],
});
