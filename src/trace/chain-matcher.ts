// The filter chain hop of a listener that picks its chain with filter_chain_matcher: the chain (or the missing name,
// or the input the trace cannot tell), placed at the tree node that decided, with the way through the tree.
import type { Origin } from '../generated/graph.js';
import type { FilterChainSelection } from '../match/filter-chain.js';
import type { ListenerNode } from '../model/graph.js';
import type { Hop } from './types.js';

/** Where the decision sits: the action's chain name, the unreadable input, or the listener's matcher. */
function decidingOrigin(listener: ListenerNode, sel: FilterChainSelection): Origin | undefined {
  const m = sel.matcher;
  if (m?.outcome === 'action') return m.action.chainOrigin ?? m.action.origin;
  if (m?.outcome === 'unevaluated') return m.origin;
  if (sel.chain) return sel.chain.origin;
  return m?.steps.at(-1)?.origin ?? listener.filterChainMatcher?.origin;
}

export function matcherHop(listener: ListenerNode, sel: FilterChainSelection): Hop {
  const origin = decidingOrigin(listener, sel);
  const name = sel.matcher?.outcome === 'action' ? sel.matcher.action.chain : undefined;
  const resource = sel.chain?.displayName ?? (name !== undefined ? `listener ${listener.name}, filter chain "${name}" (missing)` : undefined);
  return {
    step: 'filter_chain',
    matched: sel.chain !== undefined,
    ...(resource !== undefined ? { resource } : {}),
    ...(origin ? { origin } : {}),
    reason: sel.reason,
    ...(sel.matcher?.steps.length ? { matcherSteps: sel.matcher.steps } : {}),
  };
}
