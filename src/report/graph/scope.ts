// `--graph-scope findings`: only the neighbourhood of the findings — every node with a finding, everything upstream
// of it (the paths from the listeners that lead there) and its direct children. A full mesh is unreadable as a
// static picture; this is the part worth looking at.

import { childrenOf, reachable } from './walk.js';
import type { GraphScope, GraphView, ViewGroup } from './types.js';

export function scopeGraphView(view: GraphView, scope: GraphScope): GraphView {
  if (scope === 'all') return { ...view, scope };
  const parents = new Map<string, string[]>();
  for (const e of view.edges) {
    const list = parents.get(e.to);
    if (list) list.push(e.from);
    else parents.set(e.to, [e.from]);
  }
  const seeds = view.nodes.filter((n) => n.findings.length > 0).map((n) => n.id);
  const keep = reachable(seeds, parents);
  const children = childrenOf(view.edges);
  for (const seed of seeds) for (const child of children.get(seed) ?? []) keep.add(child);

  const edges = view.edges.filter((e) => keep.has(e.from) && keep.has(e.to));
  const keptChildren = childrenOf(edges);
  const groups: ViewGroup[] = [];
  for (const g of view.groups) {
    const roots = g.roots.filter((r) => keep.has(r));
    if (roots.length > 0) groups.push({ ...g, roots, size: reachable(roots, keptChildren).size });
  }
  return { ...view, scope, nodes: view.nodes.filter((n) => keep.has(n.id)), edges, groups };
}
