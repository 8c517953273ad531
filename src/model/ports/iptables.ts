// Static facts about an iptables rule set that the port rules need beside the interception model: which chains a
// hook reaches, where REDIRECT/TPROXY send connections, which uids/gids the rules treat as the proxy's.
import { findChain } from '../../load/iptables/index.js';
import type { Chain, FamilyRules, Rule, Table } from '../../load/iptables/index.js';

/** Chains reachable from a table's built-in chain (jumps and gotos followed). */
export function reachableChains(table: Table, builtin: string): Set<Chain> {
  const seen = new Set<Chain>();
  const start = findChain(table, builtin);
  const queue = start ? [start] : [];
  while (queue.length > 0) {
    const chain = queue.pop() as Chain;
    if (seen.has(chain)) continue;
    seen.add(chain);
    for (const rule of chain.rules) {
      if (rule.target?.kind !== 'jump' && rule.target?.kind !== 'goto') continue;
      const next = findChain(table, rule.target.chain);
      if (next && !seen.has(next)) queue.push(next);
    }
  }
  return seen;
}

/** Whether the rule only matches a protocol other than TCP (a UDP DNS redirect, say). */
export function notTcp(rule: Rule): boolean {
  return rule.matches.some((m) => m.kind === 'protocol' && !m.negated && m.protocol.toLowerCase() !== 'tcp' && m.protocol !== 'all' && m.protocol !== '6');
}

export interface RedirectTarget {
  /** The local port connections are sent to. */
  port: number;
  kind: 'REDIRECT' | 'TPROXY';
  rule: Rule;
  table: string;
  chain: string;
  /** Which hooks reach the rule: connections arriving (PREROUTING) or leaving (OUTPUT). */
  inbound: boolean;
  outbound: boolean;
}

/** Every TCP REDIRECT `--to-ports` / TPROXY `--on-port` that some hook reaches, in file order. */
export function redirectTargets(rules: FamilyRules): RedirectTarget[] {
  const out: RedirectTarget[] = [];
  for (const table of rules.tables) {
    const pre = reachableChains(table, 'PREROUTING');
    const output = reachableChains(table, 'OUTPUT');
    for (const chain of table.chains) {
      const inbound = pre.has(chain);
      const outbound = output.has(chain);
      if (!inbound && !outbound) continue;
      for (const rule of chain.rules) {
        const t = rule.target;
        if (!t || notTcp(rule)) continue;
        const port = t.kind === 'REDIRECT' ? t.toPorts?.from : t.kind === 'TPROXY' ? (t.onPort ?? undefined) : undefined;
        if (port === undefined || (t.kind !== 'REDIRECT' && t.kind !== 'TPROXY')) continue;
        out.push({ port, kind: t.kind, rule, table: table.name, chain: chain.name, inbound, outbound });
      }
    }
  }
  return out.sort((a, b) => a.rule.line - b.rule.line);
}

/** Whether the rule set intercepts any TCP connection at all (an Istio capture rule set rather than an empty family). */
export function captures(rules: FamilyRules): boolean {
  return redirectTargets(rules).length > 0;
}

/** The uids and gids the rule set's owner matches name (Istio names the proxy's: 1337 unless configured). */
export function ownerIds(rules: FamilyRules): { uids: number[]; gids: number[] } {
  const uids = new Set<number>();
  const gids = new Set<number>();
  for (const table of rules.tables) {
    for (const chain of reachableChains(table, 'OUTPUT')) {
      for (const rule of chain.rules) {
        for (const m of rule.matches) {
          if (m.kind !== 'owner') continue;
          (m.field === 'uid' ? uids : gids).add(m.range.from);
        }
      }
    }
  }
  return { uids: [...uids], gids: [...gids] };
}

/** `iptables -L` without `-v` hides interfaces, so `-o lo` rules look like they match everything. */
export function hidesInterfaces(rules: FamilyRules): boolean {
  return rules.format === 'list' && rules.caveats.some((c) => /interface/i.test(c));
}

/** A table view shows one table: TPROXY capture in mangle is invisible in `iptables -t nat -L`. */
export function singleTableView(rules: FamilyRules): boolean {
  return rules.format === 'list' && rules.tables.length <= 1;
}
