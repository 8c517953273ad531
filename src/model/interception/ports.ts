// Answers per port range instead of per port: outcomes can only change at ports some rule
// names, so the range 1..65535 is cut at those boundaries and one port per piece is evaluated.

import type { FamilyRules } from '../../load/iptables/index.js';
import type { Outcome, PortOutcome } from './types.js';

export function portBoundaries(rules: FamilyRules): number[] {
  const cuts = new Set<number>([1, 65536]);
  for (const t of rules.tables) {
    for (const c of t.chains) {
      for (const r of c.rules) {
        for (const m of r.matches) {
          if (m.kind !== 'dport' && m.kind !== 'ports') continue;
          for (const range of m.ranges) {
            if (range.from >= 1) cuts.add(range.from);
            if (range.to + 1 <= 65536) cuts.add(range.to + 1);
          }
        }
      }
    }
  }
  return [...cuts].filter((c) => c >= 1).sort((a, b) => a - b);
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Evaluates `decide` once per piece and merges neighbours with the same answer and rule. */
export function byPortRange(rules: FamilyRules, decide: (port: number) => Omit<PortOutcome, 'from' | 'to'>): PortOutcome[] {
  const cuts = portBoundaries(rules);
  const out: PortOutcome[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i] as number;
    const to = (cuts[i + 1] as number) - 1;
    const d = decide(from);
    const prev = out.at(-1);
    if (prev && prev.to === from - 1 && sameOutcome(prev.outcome, d.outcome) && JSON.stringify(prev.decidedBy) === JSON.stringify(d.decidedBy)) {
      prev.to = to;
    } else {
      out.push({ from, to, ...d });
    }
  }
  return out;
}

/** The answer for one port, from a range list. */
export function outcomeAt(ranges: PortOutcome[], port: number): PortOutcome | undefined {
  return ranges.find((r) => r.from <= port && port <= r.to);
}
