import rule from '../../rules/unreachable-listener.js';
import { ruleTester } from '../rule-tester.js';

/** A full /config_dump carries the node id: its listeners are the proxy's whole set. */
const node = { id: 'sidecar~10.0.0.1~web-0.default~default.svc.cluster.local' };

/** A listener binding `port` itself. */
const bound = (name: string, port: number) => `{
  "name": "${name}",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": ${port} } }
}`;

/** A listener with bind_to_port false; its name value is on line 2, from column 11. */
const unbound = (name: string, address: string, port: number) => `{
  "name": "${name}",
  "address": { "socket_address": { "address": "${address}", "port_value": ${port} } },
  "bind_to_port": false
}`;

const virtualOutbound = `{
  "name": "virtualOutbound",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 15001 } },
  "use_original_dst": true
}`;

ruleTester(rule, {
  valid: [
    { name: 'virtualOutbound (use_original_dst) hands connections to the bind_to_port false listener', node, listeners: [virtualOutbound, unbound('10.96.0.30_9090', '10.96.0.30', 9090)] },
    { name: 'every listener binds its port', node, listeners: [bound('0.0.0.0_8080', 8080), bound('0.0.0.0_9090', 9090)] },
    { name: 'without the node id (a listing filtered by port) absence proves nothing', listeners: [bound('0.0.0.0_8080', 8080), unbound('10.96.0.30_9090', '10.96.0.30', 9090)] },
    { name: 'no listener binds a port: a trimmed listing, not a whole proxy', node, listeners: [unbound('10.96.0.30_9090', '10.96.0.30', 9090)] },
    { name: 'a draining bind_to_port false listener is on its way out', node, listeners: [bound('0.0.0.0_8080', 8080), { state: 'draining', resource: unbound('10.96.0.30_9090', '10.96.0.30', 9090) }] },
    {
      name: 'an internal listener is reached another way',
      node,
      listeners: [bound('0.0.0.0_8080', 8080), '{ "name": "internal", "address": { "envoy_internal_address": { "server_listener_name": "internal" } }, "bind_to_port": false }'],
    },
  ],
  invalid: [
    {
      name: 'a bind_to_port false listener in a proxy whose only other listener has no use_original_dst',
      node,
      listeners: [bound('0.0.0.0_8080', 8080), unbound('10.96.0.30_9090', '10.96.0.30', 9090)],
      errors: [
        {
          messageId: 'unreachable',
          severity: 'warning',
          text: '"10.96.0.30_9090"',
          in: 'listeners/1',
          line: 2,
          column: 11,
          endLine: 2,
          endColumn: 28,
          resource: { kind: 'listener', name: '10.96.0.30_9090' },
          data: { name: '10.96.0.30_9090', address: '10.96.0.30:9090' },
        },
      ],
    },
    {
      name: 'a bound virtualInbound on 15006 makes the set complete without a node id',
      listeners: [bound('virtualInbound', 15006), unbound('10.96.0.30_9090', '10.96.0.30', 9090)],
      errors: [{ messageId: 'unreachable', text: '"10.96.0.30_9090"', in: 'listeners/1', line: 2, column: 11, endLine: 2, endColumn: 28 }],
    },
    {
      name: 'a use_original_dst listener that does not bind its port hands nothing over (and is itself unreachable)',
      node,
      listeners: [
        bound('0.0.0.0_8080', 8080),
        `{
  "name": "virtualOutbound",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 15001 } },
  "use_original_dst": true,
  "bind_to_port": false
}`,
        unbound('10.96.0.30_9090', '10.96.0.30', 9090),
      ],
      errors: [
        { messageId: 'unreachable', text: '"virtualOutbound"', in: 'listeners/1', line: 2, column: 11, data: { name: 'virtualOutbound', address: '0.0.0.0:15001' } },
        { messageId: 'unreachable', text: '"10.96.0.30_9090"', in: 'listeners/2', line: 2, column: 11, data: { name: '10.96.0.30_9090', address: '10.96.0.30:9090' } },
      ],
    },
    {
      name: 'a listener active and warming is one listener: reported once',
      node,
      listeners: [bound('0.0.0.0_8080', 8080), unbound('10.96.0.30_9090', '10.96.0.30', 9090), { state: 'warming', resource: unbound('10.96.0.30_9090', '10.96.0.30', 9090) }],
      errors: [{ messageId: 'unreachable', text: '"10.96.0.30_9090"', in: 'listeners/1', line: 2, column: 11 }],
    },
  ],
});
