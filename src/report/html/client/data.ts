// The graph the page shows: the GraphView that the reporter writes as JSON into <script id="envoy-lint-data">, and the
// indexes the page script looks nodes, edges and groups up by.

import type { GraphView, ViewEdge, ViewGroup, ViewNode, ViewNodeKind } from '../../graph/types.js';
import { must } from './dom.js';

/** The group of the nodes that no listener reaches (the others are one listener each). */
export const UNATTACHED = 'unattached';

/** Whether a group holds what no listener reaches: 'unattached', or a proxy's own ('p2unattached') in a mesh view. */
export function isUnattached(g: ViewGroup): boolean {
  return g.id === UNATTACHED || g.id.endsWith(UNATTACHED);
}

const KIND_TITLE: Readonly<Record<ViewNodeKind, string>> = {
  listener: 'listener',
  filter_chain: 'filter chain',
  route_config: 'route config',
  virtual_host: 'virtual host',
  cluster: 'cluster',
  endpoints: 'endpoints',
  missing: 'missing',
};

export const data = JSON.parse(must(document.getElementById('envoy-lint-data'), 'element #envoy-lint-data').textContent ?? '') as GraphView;
export const { nodes, edges, groups, findings } = data;

export const byId = new Map<string, ViewNode>();
nodes.forEach((n) => byId.set(n.id, n));

export const outEdges = new Map<string, ViewEdge[]>();
export const inEdges = new Map<string, ViewEdge[]>();
function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
edges.forEach((e) => {
  push(outEdges, e.from, e);
  push(inEdges, e.to, e);
});

export const groupById = new Map<string, ViewGroup>();
/** The group a root node starts (its first group, if several name it). */
export const groupOfRoot = new Map<string, ViewGroup>();
groups.forEach((g) => {
  groupById.set(g.id, g);
  g.roots.forEach((r) => {
    if (!groupOfRoot.has(r)) groupOfRoot.set(r, g);
  });
});

/** The node's kind line: "cluster", "missing route config", "cluster · blackhole"... */
export function nodeTitle(n: ViewNode): string {
  if (n.kind === 'missing' && n.missing) return n.missing.proven ? 'missing ' + KIND_TITLE[n.missing.targetKind] : KIND_TITLE[n.missing.targetKind] + ' (not in inputs)';
  if (n.special === 'blackhole') return 'cluster \u00b7 blackhole';
  if (n.special === 'passthrough') return 'cluster \u00b7 passthrough';
  return KIND_TITLE[n.kind] || n.kind;
}

/** Nodes from which 'seeds' can be reached (the seeds included). */
export function ancestors(seeds: Iterable<string>): Set<string> {
  const seen = new Set(seeds);
  const stack = Array.from(seeds);
  while (stack.length) {
    const id = stack.pop() as string;
    (inEdges.get(id) ?? []).forEach((e) => {
      if (!seen.has(e.from)) {
        seen.add(e.from);
        stack.push(e.from);
      }
    });
  }
  return seen;
}

/** The group that shows 'id': a listener that reaches it, else the unattached group. */
export function groupFor(id: string): ViewGroup | null {
  let found: ViewGroup | null = null;
  ancestors([id]).forEach((a) => {
    const g = groupOfRoot.get(a);
    if (g && (!found || (isUnattached(found) && !isUnattached(g)))) found = g;
  });
  return found;
}

/** Whether the node's name or label contains q (already lower case). */
export function matches(n: ViewNode, q: string): boolean {
  return n.name.toLowerCase().indexOf(q) >= 0 || n.label.toLowerCase().indexOf(q) >= 0;
}
