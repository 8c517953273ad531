// `iptables -L` does not print which table it lists. Each table has a fixed set of built-in
// chains, and the view prints all of them, so that set names the table; targets that only
// one table allows settle the rest.

import type { Chain } from './types.js';

export function inferListTable(chains: Chain[]): string {
  const builtins = new Set(chains.filter((c) => c.policy !== null).map((c) => c.name));
  const has = (n: string): boolean => builtins.has(n);
  if (has('FORWARD')) return has('PREROUTING') || has('POSTROUTING') ? 'mangle' : 'filter';
  if (has('PREROUTING') && (has('INPUT') || has('POSTROUTING'))) return 'nat';
  if (has('PREROUTING') && has('OUTPUT')) return 'raw';
  const targets = new Set(chains.flatMap((c) => c.rules.map((r) => (r.target && 'name' in r.target ? r.target.name : r.target?.kind))));
  if (['REDIRECT', 'DNAT', 'SNAT', 'MASQUERADE'].some((t) => targets.has(t))) return 'nat';
  if (['TPROXY', 'MARK'].some((t) => targets.has(t))) return 'mangle';
  if (targets.has('CT')) return 'raw';
  return 'filter';
}
