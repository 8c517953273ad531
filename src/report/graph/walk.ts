// Walking the view's edges: who a node's children are, and what is reachable from some roots.
import type { ViewEdge } from './types.js';

/** Children of every node, in edge order. */
export function childrenOf(edges: readonly ViewEdge[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e.to);
    else out.set(e.from, [e.to]);
  }
  return out;
}

/** Every node reachable from `roots` (the roots included). */
export function reachable(roots: readonly string[], children: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>(roots);
  const stack = [...roots];
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    for (const child of children.get(id) ?? []) {
      if (!seen.has(child)) {
        seen.add(child);
        stack.push(child);
      }
    }
  }
  return seen;
}
