import { defineRule } from '../src/engine/rule.js';
import { isLive, type ListenerNode } from '../src/model/graph.js';

export default defineRule({
  id: 'duplicate-listener-address',
  meta: {
    description: 'Two listeners use the same address and port.',
    defaultSeverity: 'error',
    messages: {
      bound:
        'listeners {{first}} and {{name}} both bind {{address}}: Envoy refuses the second ("has duplicate address ... as existing listener"), so its update is NACKed and it never serves traffic. Give one of them another port or address, or merge their filter chains.',
      handoff:
        'listeners {{first}} and {{name}} both claim {{address}} with bind_to_port: false: a use_original_dst listener hands a connection for {{address}} to one listener only, so the other never sees traffic. Merge their filter chains into one listener.',
    },
  },
  run({ graph, report }) {
    const byAddress = new Map<string, ListenerNode[]>();
    const names = new Set<string>();
    for (const l of graph.listeners) {
      if (!isLive(l.state) || l.internal || l.port === undefined) continue;
      // The same name in several states (active + warming) is one listener being updated, not two.
      if (names.has(l.name) && l.name !== '(unnamed listener)') continue;
      names.add(l.name);
      // Envoy compares the socket type first (ListenerImpl::hasDuplicatedAddress): a UDP listener on a TCP one's port
      // is another socket.
      const key = `${l.address ?? '0.0.0.0'}:${l.port}${l.protocol === 'UDP' ? '/udp' : ''}`;
      const list = byAddress.get(key);
      if (list) list.push(l);
      else byAddress.set(key, [l]);
    }
    for (const [address, list] of byAddress) {
      // Bound listeners conflict on the socket; unbound ones on the hand-off. A bound and an unbound listener on one
      // address do not conflict: the bound one owns the socket, hand-off by original destination picks by address.
      for (const group of [list.filter((l) => l.bindToPort), list.filter((l) => !l.bindToPort)]) {
        const [first, ...rest] = group;
        if (!first) continue;
        for (const l of rest) {
          report({ messageId: l.bindToPort ? 'bound' : 'handoff', ...(l.bindToPort ? {} : { severity: 'warning' as const }), data: { first: first.name, name: l.name, address }, resource: { kind: 'listener', name: l.name }, origin: l.nameOrigin ?? l.origin });
        }
      }
    }
  },
});
