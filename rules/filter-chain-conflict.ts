import { PAIR_BUDGET, PairBudget } from '../src/engine/budget.js';
import { defineRule } from '../src/engine/rule.js';
import type { FilterChainMatchSummary, FilterChainNode } from '../src/generated/graph.js';
import { canonicalCidr } from '../src/match/ip.js';
import { usesFilterChainMatcher } from '../src/match/filter-chain.js';

/** Each criterion as a set of values; an unset (or empty) criterion is the single value "any". */
function criteria(m: FilterChainMatchSummary): string[][] {
  const list = (values: readonly (string | number)[] | undefined, norm: (v: string) => string = (v) => v): string[] => (values && values.length > 0 ? values.map((v) => norm(String(v))) : ['<any>']);
  return [
    [m.destinationPort === undefined ? '<any>' : String(m.destinationPort)],
    list(m.prefixRanges, canonicalCidr),
    list(m.serverNames, (s) => s.toLowerCase()),
    [m.transportProtocol || '<any>'],
    list(m.applicationProtocols),
    list(m.directSourcePrefixRanges, canonicalCidr),
    [m.sourceType && m.sourceType !== 'ANY' ? m.sourceType : '<any>'],
    list(m.sourcePrefixRanges, canonicalCidr),
    list(m.sourcePorts),
  ];
}

const NAMES = ['destination_port', 'prefix_ranges', 'server_names', 'transport_protocol', 'application_protocols', 'direct_source_prefix_ranges', 'source_type', 'source_prefix_ranges', 'source_ports'];

/**
 * Envoy expands each chain's lists into a tree of (port, range, name, transport, alpn, source...) leaves and rejects
 * the listener when two chains reach the same leaf ("multiple filter chains with the same matching rules are
 * defined"). Two chains conflict when, for every criterion, their value sets share a value.
 */
function overlap(a: FilterChainNode, b: FilterChainNode): string | undefined {
  const ca = criteria(a.match);
  const cb = criteria(b.match);
  const shared: string[] = [];
  for (let i = 0; i < ca.length; i++) {
    const common = (ca[i] ?? []).filter((v) => (cb[i] ?? []).includes(v));
    if (common.length === 0) return undefined;
    if (common[0] !== '<any>') shared.push(`${NAMES[i] ?? ''} ${common.join(',')}`);
  }
  return shared.length > 0 ? shared.join('; ') : 'no criteria at all';
}

export default defineRule({
  id: 'filter-chain-conflict',
  meta: {
    description: 'Two filter chains of one listener have the same match criteria, which Envoy rejects.',
    defaultSeverity: 'error',
    messages: {
      conflict:
        '{{chain}} matches the same connections as {{other}} ({{criteria}}): Envoy rejects the listener ("multiple filter chains with the same matching rules are defined"), so the update is NACKed. Make the filter_chain_match of one of them more specific, or merge the two chains.',
      truncated:
        'filter-chain-conflict stopped after {{limit}} filter chain comparisons (first unchecked: {{chain}}): later chains were not checked for conflicts. Such a listener is unusually large; lint it alone.',
    },
  },
  run({ graph, report }) {
    const budget = new PairBudget(PAIR_BUDGET);
    const seen = new Set<string>();
    for (const listener of graph.listeners) {
      if (listener.state === 'error' || listener.state === 'draining') continue;
      // filter_chain_matcher replaces filter_chain_match: chains are then picked by name and may all be empty.
      if (usesFilterChainMatcher(listener)) continue;
      // The same listener name in two states (active and warming) is one listener.
      const key = `${listener.name}\u0000${listener.state === 'warming' ? 'w' : 'a'}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const chains = listener.filterChains;
      chains.forEach((b, j) => {
        if (budget.exhausted) return;
        for (let i = 0; i < j; i++) {
          if (!budget.take()) {
            report({ messageId: 'truncated', severity: 'info', data: { limit: budget.limit, chain: b.displayName }, resource: { kind: 'filter_chain', name: b.displayName }, origin: b.origin });
            return;
          }
          const a = chains[i];
          if (!a) continue;
          const why = overlap(a, b);
          if (why === undefined) continue;
          report({ messageId: 'conflict', data: { chain: b.displayName, other: a.name ? `filter chain "${a.name}" (${a.index})` : `filter chain ${a.index}`, criteria: why }, resource: { kind: 'filter_chain', name: b.displayName }, origin: b.origin });
          return;
        }
      });
    }
  },
});
