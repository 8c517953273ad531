import { defineRule } from '../src/engine/rule.js';
import { bindingModel } from '../src/model/binding.js';
import { INBOUND_CAPTURE_PORT, OUTBOUND_CAPTURE_PORT, VIRTUAL_INBOUND, VIRTUAL_OUTBOUND } from '../src/model/istio.js';
import { AGENT_PORTS, redirectTargets, type RedirectTarget } from '../src/model/ports/index.js';

function captured(t: RedirectTarget): string {
  if (t.inbound && t.outbound) return 'connections it captures (inbound and outbound)';
  return t.inbound ? 'inbound connections it captures' : 'outbound connections it captures';
}

export default defineRule({
  id: 'iptables-redirect-without-listener',
  meta: {
    description: 'An iptables REDIRECT or TPROXY rule sends connections to a port on which no listener of the proxy is bound.',
    defaultSeverity: 'error',
    messages: {
      noListener:
        '{{kind}} {{port}} (chain {{chain}}) sends the {{captured}} to port {{port}}, but {{detail}}: every such connection is refused (reset) and the application behind the sidecar is unreachable. Add a listener bound on 0.0.0.0:{{port}}{{hint}} or make the rule redirect to the port the proxy listens on.',
      skipped:
        'the inputs hold no listeners of the proxy (no ListenersConfigDump, or a bootstrap that fetches them at run time): {{count}} REDIRECT/TPROXY target(s) were not checked against listeners. Give the full /config_dump beside the iptables to check them.',
    },
  },
  run({ graph, target, report }) {
    const binding = bindingModel(graph);
    const istio = target.controlPlane.id === 'istio';
    const unchecked: Array<{ input: number; file: string; line: number }> = [];
    for (const input of target.iptables) {
      for (const rules of input.parse.families) {
        for (const t of redirectTargets(rules)) {
          if (AGENT_PORTS.has(t.port)) continue;
          if (!binding.listenersComplete) {
            unchecked.push({ input: input.input, file: input.file, line: t.rule.line });
            continue;
          }
          if (binding.boundOn(t.port).length > 0) continue;
          const handoff = binding.handoffOnly(t.port)[0];
          const rejected = binding.rejectedOn(t.port)[0];
          const detail = handoff
            ? `listener ${handoff.name} on port ${t.port} has bind_to_port: false, so no socket accepts them`
            : rejected
              ? `the proxy rejected listener ${rejected.name} on port ${t.port} (error_state), so nothing listens there`
              : `the proxy has no listener on port ${t.port}`;
          const expected =
            t.port === INBOUND_CAPTURE_PORT
              ? `${VIRTUAL_INBOUND} on ${INBOUND_CAPTURE_PORT}`
              : t.port === OUTBOUND_CAPTURE_PORT
                ? `${VIRTUAL_OUTBOUND} on ${OUTBOUND_CAPTURE_PORT} with use_original_dst`
                : `${VIRTUAL_INBOUND} on ${INBOUND_CAPTURE_PORT}, ${VIRTUAL_OUTBOUND} on ${OUTBOUND_CAPTURE_PORT}`;
          report({
            messageId: 'noListener',
            data: { kind: t.kind === 'REDIRECT' ? 'REDIRECT --to-ports' : 'TPROXY --on-port', port: t.port, chain: `${t.table}/${t.chain}`, captured: captured(t), detail, expected, hint: istio ? ` (Istio: ${expected})` : '' },
            resource: { kind: 'iptables_rule', name: `${t.table}/${t.chain}` },
            origin: { input: input.input, pointer: '', line: t.rule.line },
          });
        }
      }
    }
    const first = unchecked[0];
    if (first) {
      report({
        messageId: 'skipped',
        severity: 'info',
        data: { count: unchecked.length },
        resource: { kind: 'input', name: first.file },
        origin: { input: first.input, pointer: '', line: first.line },
      });
    }
  },
});
