// Static checks of the jump graph: jumps to chains that do not exist, and jump cycles
// (the kernel refuses both at load time, so a paste that has them was edited or damaged).

import { findChain } from '../../load/iptables/index.js';
import type { Chain, FamilyRules, Table } from '../../load/iptables/index.js';
import type { ChainProblem } from './types.js';

export function chainProblems(rules: FamilyRules): ChainProblem[] {
  const out: ChainProblem[] = [];
  for (const table of rules.tables) {
    const state = new Map<Chain, 'active' | 'done'>();
    // Depth-first with a stack of its own, not recursion: a rule set can nest chains 10,000 deep.
    const stack: Array<{ chain: Chain; next: number }> = [];
    const enter = (chain: Chain): void => {
      state.set(chain, 'active');
      stack.push({ chain, next: 0 });
    };
    for (const root of orderedChains(table)) {
      if (state.has(root)) continue;
      enter(root);
      for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
        const { chain } = frame;
        const rule = chain.rules[frame.next++];
        if (!rule) {
          state.set(chain, 'done');
          stack.pop();
          continue;
        }
        const t = rule.target;
        if (t?.kind !== 'jump' && t?.kind !== 'goto') continue;
        const base = { file: rules.file, line: rule.line, table: table.name, chain: chain.name, target: t.chain };
        const next = findChain(table, t.chain);
        if (!next) {
          out.push({ ...base, kind: 'missing-chain', message: `${t.kind === 'goto' ? 'goto' : 'jump'} to chain ${t.chain}, which does not exist in table ${table.name}` });
          continue;
        }
        const s = state.get(next);
        if (s === 'active') out.push({ ...base, kind: 'loop', message: `jump to ${t.chain} closes a loop of chains in table ${table.name}` });
        else if (s === undefined) enter(next);
      }
    }
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Built-in chains first, so a loop is reported at the jump that re-enters it, not at its entry. */
function orderedChains(table: Table): Chain[] {
  return [...table.chains.filter((c) => c.builtin), ...table.chains.filter((c) => !c.builtin)];
}
