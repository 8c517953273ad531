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
        'listeners {{first}} and {{name}} both claim {{address}} with bind_to_port: false: Envoy refuses the second ("has duplicate address ... as existing listener"; it avoids the ambiguity of which listener a use_original_dst hand-off picks), so its update is NACKed and it never sees traffic. Merge their filter chains into one listener.',
      mixed:
        'listener {{name}} (bind_to_port: {{nameBinds}}) and {{first}} (bind_to_port: {{firstBinds}}) are both on {{address}}: Envoy 1.21 and later refuse the second listener on an address whether it binds or not ("has duplicate address ... as existing listener"); older Envoy accepted the pair only when the unbound one came first. Give the hand-off listener its own address, or merge their filter chains.',
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
    // Envoy's ListenerImpl::hasDuplicatedAddress: the same socket type and the same address (port not 0) is a
    // duplicate whether the listeners bind or not. Port 0 never reaches here (no port is known for it).
    for (const [address, list] of byAddress) {
      const [first, ...rest] = list;
      if (!first) continue;
      for (const l of rest) {
        const messageId = l.bindToPort === first.bindToPort ? (l.bindToPort ? 'bound' : 'handoff') : 'mixed';
        // A bound and an unbound listener were accepted by older Envoy in one order: a warning, not a certain NACK.
        const severity = messageId === 'mixed' ? { severity: 'warning' as const } : {};
        report({ messageId, ...severity, data: { first: first.name, name: l.name, address, ...(messageId === 'mixed' ? { firstBinds: String(first.bindToPort), nameBinds: String(l.bindToPort) } : {}) }, resource: { kind: 'listener', name: l.name }, origin: l.nameOrigin ?? l.origin });
      }
    }
  },
});
