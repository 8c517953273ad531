// Static checks of the jump graph: jumps to chains that do not exist, and jump cycles
// (the kernel refuses both at load time, so a paste that has them was edited or damaged).

import { findChain } from '../../load/iptables/index.js';
import type { Chain, FamilyRules, Table } from '../../load/iptables/index.js';
import type { ChainProblem } from './types.js';

export function chainProblems(rules: FamilyRules): ChainProblem[] {
  const out: ChainProblem[] = [];
  for (const table of rules.tables) {
    const state = new Map<Chain, 'active' | 'done'>();
    const visit = (chain: Chain): void => {
      state.set(chain, 'active');
      for (const rule of chain.rules) {
        const t = rule.target;
        if (t?.kind !== 'jump' && t?.kind !== 'goto') continue;
        const base = { file: rules.file, line: rule.line, table: table.name, chain: chain.name, target: t.chain };
        const next = findChain(table, t.chain);
        if (!next) {
          out.push({ ...base, kind: 'missing-chain', message: `${t.kind === 'goto' ? 'goto' : 'jump'} to chain ${t.chain}, which does not exist in table ${table.name}` });
          continue;
        }
        const s = state.get(next);
        if (s === 'active') {
          out.push({ ...base, kind: 'loop', message: `jump to ${t.chain} closes a loop of chains in table ${table.name}` });
        } else if (s === undefined) {
          visit(next);
        }
      }
      state.set(chain, 'done');
    };
    for (const chain of orderedChains(table)) if (!state.has(chain)) visit(chain);
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Built-in chains first, so a loop is reported at the jump that re-enters it, not at its entry. */
function orderedChains(table: Table): Chain[] {
  return [...table.chains.filter((c) => c.builtin), ...table.chains.filter((c) => !c.builtin)];
}
