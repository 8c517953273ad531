import { defineRule } from '../src/engine/rule.js';
import { bindingModel } from '../src/model/binding.js';

export default defineRule({
  id: 'unreachable-listener',
  meta: {
    description: 'A listener with bind_to_port false that no use_original_dst listener can hand connections to.',
    defaultSeverity: 'warning',
    messages: {
      unreachable:
        'listener {{name}} ({{address}}) has bind_to_port: false, so it opens no socket and only receives connections handed off by a listener with use_original_dst: true — and this proxy has none: its routes and clusters never see traffic. Add the capturing listener (Istio: virtualOutbound on 15001 with use_original_dst) or set bind_to_port: true.',
    },
  },
  run({ graph, report }) {
    const binding = bindingModel(graph);
    // Only when the listeners in the inputs are the proxy's whole set: a filtered listing proves nothing.
    // A proxy always binds something: inputs where no listener binds a port are a trimmed listing, not a whole proxy.
    if (!binding.listenersComplete || binding.originalDst.length > 0 || binding.bound.length === 0) return;
    const reported = new Set<string>();
    for (const l of binding.live) {
      if (l.bindToPort || l.internal || reported.has(l.name)) continue;
      reported.add(l.name);
      report({ messageId: 'unreachable', data: { name: l.name, address: `${l.address ?? '?'}:${l.port ?? '?'}` }, resource: { kind: 'listener', name: l.name }, origin: l.nameOrigin ?? l.origin });
    }
  },
});
