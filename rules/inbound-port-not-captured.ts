import { defineRule } from '../src/engine/rule.js';
import type { FamilyRules } from '../src/load/iptables/index.js';
import { bindingModel } from '../src/model/binding.js';
import { inboundByPort, outcomeAt, type PortOutcome } from '../src/model/interception/index.js';
import { captures, EXPECTED_INBOUND_BYPASS, knownServices, redirectTargets, singleTableView } from '../src/model/ports/index.js';

function how(o: PortOutcome): string {
  if (o.outcome.kind === 'bypass' && o.outcome.via !== 'policy') return `${o.outcome.via} in chain ${o.decidedBy.table}/${o.decidedBy.chain}`;
  return `no rule captures it and chain ${o.decidedBy.table}/${o.decidedBy.chain} accepts it by policy`;
}

/** The line of the policy that lets a connection through when no rule decided (`:PREROUTING ACCEPT`), else the rule set's first line. */
function policyLine(rules: FamilyRules, o: PortOutcome): number {
  const chain = rules.tables.find((t) => t.name === o.decidedBy.table)?.chains.find((c) => c.name === o.decidedBy.chain);
  return chain?.policyLine ?? chain?.line ?? rules.line;
}

export default defineRule({
  id: 'inbound-port-not-captured',
  meta: {
    description: "The proxy's inbound listener expects traffic on a port that the sidecar's iptables let bypass the proxy.",
    defaultSeverity: 'warning',
    controlPlanes: ['istio'],
    messages: {
      bypass:
        'inbound connections to port {{port}} bypass the sidecar ({{how}}), yet the proxy expects them ({{why}}): authorization policies and mTLS on port {{port}} are silently skipped, so any client reaches the application directly, unauthenticated and in plaintext. Stop excluding port {{port}} from inbound capture (traffic.sidecar.istio.io/excludeInboundPorts, or add it to includeInboundPorts).',
    },
  },
  run({ graph, target, report }) {
    const binding = bindingModel(graph);
    if (target.iptables.length === 0) return; // unchecked-input says that the iptables checks did not run
    // The ports the proxy expects inbound traffic on, and why.
    const expected = new Map<number, string>();
    for (const [port] of binding.inboundChainPorts()) expected.set(port, `${binding.inbound?.name ?? 'the inbound listener'} has a filter chain for destination port ${port}`);
    if (binding.isSidecar) {
      for (const s of knownServices(graph)) {
        if (s.direction === 'inbound' && !expected.has(s.port)) expected.set(s.port, `the proxy has inbound cluster ${s.clusters[0] ?? ''}`);
      }
    }
    for (const port of [...expected.keys()]) if (EXPECTED_INBOUND_BYPASS.has(port) || port === binding.inbound?.port) expected.delete(port);
    if (expected.size === 0) return;
    const ports = [...expected.keys()].sort((a, b) => a - b);
    for (const input of target.iptables) {
      for (const rules of input.parse.families) {
        if (!captures(rules)) continue; // an empty family (no ip6tables rules on an IPv4-only pod)
        // `iptables -t nat -L` shows one table: TPROXY capture in mangle is not in it.
        if (singleTableView(rules) && !redirectTargets(rules).some((t) => t.inbound)) continue;
        const ranges = inboundByPort(rules);
        for (const port of ports) {
          const o = outcomeAt(ranges, port);
          if (!o || o.outcome.kind !== 'bypass') continue;
          report({
            messageId: 'bypass',
            data: { port, how: how(o), why: expected.get(port) ?? '' },
            resource: { kind: 'iptables_rule', name: `${o.decidedBy.table}/${o.decidedBy.chain}` },
            origin: { input: input.input, pointer: '', line: o.decidedBy.line ?? policyLine(rules, o) },
          });
        }
      }
    }
  },
});
