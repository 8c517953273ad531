// Chain bookkeeping for one table: built-in chains, declarations, append/insert/flush.
// Returns an error message instead of throwing so the caller can locate it.

import type { Chain, Rule, Table } from './types.js';

export const BUILTIN_CHAINS: Readonly<Record<string, readonly string[]>> = {
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export const TABLE_NAMES = Object.keys(BUILTIN_CHAINS);

export function isBuiltinChain(table: string, chain: string): boolean {
  return BUILTIN_CHAINS[table]?.includes(chain) ?? false;
}

/** A new table with its built-in chains present, policy ACCEPT (what the kernel starts with). */
export function newTable(name: string, line: number | null): Table {
  const chains: Chain[] = (BUILTIN_CHAINS[name] ?? []).map((c) => ({
    name: c,
    builtin: true,
    policy: 'ACCEPT',
    line: null,
    policyLine: null,
    rules: [],
  }));
  return { name, line, chains };
}

/**
 * Chains by name, per table: every jump and declaration looks its chain up, and a rule set can have 100,000 chains.
 * Tables stay plain data (types.ts), so the index lives beside them. Chains are only ever pushed onto `chains` or the
 * array replaced (deleteChain, the list view), so the index catches up with pushes and starts again on a new array.
 */
const INDEXES = new WeakMap<Table, { chains: Chain[]; indexed: number; byName: Map<string, Chain> }>();

export function findChain(table: Table, name: string): Chain | undefined {
  let index = INDEXES.get(table);
  if (!index || index.chains !== table.chains || index.indexed > table.chains.length) {
    index = { chains: table.chains, indexed: 0, byName: new Map() };
    INDEXES.set(table, index);
  }
  for (; index.indexed < table.chains.length; index.indexed++) {
    const chain = table.chains[index.indexed] as Chain;
    // The first chain of a name wins, as a scan from the start would find it.
    if (!index.byName.has(chain.name)) index.byName.set(chain.name, chain);
  }
  return index.byName.get(name);
}

export function validChainName(name: string): boolean {
  return name.length > 0 && name.length <= 28 && !/^[-!]/.test(name) && !/\s/.test(name);
}

/** `:X POLICY` or `-N X`. For a built-in chain only the policy is recorded. */
export function declareChain(table: Table, name: string, policy: 'ACCEPT' | 'DROP' | null, line: number): string | null {
  const existing = findChain(table, name);
  if (existing?.builtin) {
    if (existing.line !== null) return `chain ${name} is already declared`;
    existing.line = line;
    if (policy) {
      existing.policy = policy;
      existing.policyLine = line;
    }
    return null;
  }
  if (existing) {
    if (existing.line !== null) return `chain ${name} is already declared`;
    existing.line = line;
    return null;
  }
  table.chains.push({ name, builtin: false, policy: null, line, policyLine: null, rules: [] });
  return null;
}

/** The chain a rule is added to; chains used without a declaration are created implicitly. */
export function chainForRule(table: Table, name: string): Chain {
  const existing = findChain(table, name);
  if (existing) return existing;
  const chain: Chain = { name, builtin: false, policy: null, line: null, policyLine: null, rules: [] };
  table.chains.push(chain);
  return chain;
}

/** `-I CHAIN [pos]`: 1-based position, as iptables counts. */
export function insertRule(table: Table, name: string, position: number, rule: Rule): string | null {
  const chain = chainForRule(table, name);
  if (position < 1 || position > chain.rules.length + 1) {
    return `insert position ${position} in a chain of ${chain.rules.length} rules`;
  }
  chain.rules.splice(position - 1, 0, rule);
  return null;
}

export function setPolicy(table: Table, name: string, policy: string, line: number): string | null {
  const chain = findChain(table, name);
  if (!chain?.builtin) return `built-in chain of table ${table.name}`;
  if (policy !== 'ACCEPT' && policy !== 'DROP') return 'ACCEPT or DROP';
  chain.policy = policy;
  chain.policyLine = line;
  return null;
}

export function flush(table: Table, name: string | null): string | null {
  if (name === null) {
    for (const c of table.chains) c.rules = [];
    return null;
  }
  const chain = findChain(table, name);
  if (!chain) return 'an existing chain';
  chain.rules = [];
  return null;
}

export function deleteChain(table: Table, name: string | null): string | null {
  if (name === null) {
    table.chains = table.chains.filter((c) => c.builtin);
    return null;
  }
  const chain = findChain(table, name);
  if (!chain || chain.builtin) return 'an existing user chain';
  table.chains = table.chains.filter((c) => c !== chain);
  return null;
}
