// What the graph shows (lazy rendering): only expanded listeners are laid out, each node shows at most CHILD_LIMIT
// children (plus those on the way to a finding or a searched node) behind a "+N more" node, and the drawing stops
// at MAX_VISIBLE nodes.

import type { ViewEdge, ViewNode } from '../../graph/types.js';
import { ancestors, byId, groupById, groupOfRoot, groups, nodeTitle, nodes, outEdges, isUnattached } from './data.js';
import { clip, FONTS, must, textWidth } from './dom.js';

export const CHILD_LIMIT = 25;
export const MORE_STEP = 100;
export const MAX_VISIBLE = 1500;
export const SMALL_GRAPH = 400;
export const MAX_COLLAPSED_ROOTS = 40;
const MAX_LABEL = 60;
const MAX_DETAIL = 44;

/** A shown node is 'open' (its children are shown) or 'closed' (a collapsed listener). */
export type How = 'open' | 'closed';

export interface PageState {
  /** Expanded group ids. */
  expanded: Set<string>;
  /** Children shown per node (or 'group:' id), when more than CHILD_LIMIT. */
  limit: Map<string, number>;
  /** Nodes always shown, whatever the limits: those with findings and those searched for. */
  pinned: Set<string>;
  selected: string | null;
  focused: string | null;
  zoom: number;
  query: string;
  fitted: boolean;
}

export const state: PageState = { expanded: new Set(), limit: new Map(), pinned: new Set(), selected: null, focused: null, zoom: 1, query: '', fitted: false };
if (nodes.length <= SMALL_GRAPH) groups.forEach((g) => state.expanded.add(g.id));
else
  groups
    .filter((g) => g.severity === 'error' || g.severity === 'warning')
    .slice(0, 3)
    .forEach((g) => state.expanded.add(g.id));
nodes.forEach((n) => {
  if (n.severity === 'error' || n.severity === 'warning') state.pinned.add(n.id);
});

/** A "+N more" node under parent. */
export interface More {
  parent: string;
  count: number;
}

export interface Visible {
  /** Node ids (and 'group:' ids) to draw. */
  vis: Map<string, How>;
  edges: ViewEdge[];
  more: More[];
  /** MAX_VISIBLE stopped the walk. */
  truncated: boolean;
}

export function computeVisible(): Visible {
  const keep = ancestors(state.pinned);
  const vis = new Map<string, How>();
  const vEdges: ViewEdge[] = [];
  const more: More[] = [];
  const queue: string[] = [];
  let truncated = false;
  const collapsedShown = groups.length <= MAX_COLLAPSED_ROOTS;
  function add(id: string, how: How): boolean {
    if (vis.has(id)) return true;
    if (vis.size >= MAX_VISIBLE) {
      truncated = true;
      return false;
    }
    vis.set(id, how);
    if (how === 'open') queue.push(id);
    return true;
  }
  groups.forEach((g) => {
    const open = state.expanded.has(g.id);
    if (isUnattached(g)) {
      if (open || collapsedShown) vis.set('group:' + g.id, open ? 'open' : 'closed');
      if (!open) return;
      const lim = state.limit.get('group:' + g.id) || CHILD_LIMIT;
      let hidden = 0;
      g.roots.forEach((r, i) => {
        if (i < lim || keep.has(r)) {
          if (add(r, 'open')) vEdges.push({ from: 'group:' + g.id, to: r, kind: 'contains' });
        } else hidden++;
      });
      if (hidden) more.push({ parent: 'group:' + g.id, count: hidden });
      return;
    }
    g.roots.forEach((r) => {
      if (open || collapsedShown) add(r, open ? 'open' : 'closed');
    });
  });
  for (let qi = 0; qi < queue.length; qi++) {
    const id = queue[qi] as string;
    const kids = outEdges.get(id) ?? [];
    const lim = state.limit.get(id) || CHILD_LIMIT;
    let hidden = 0;
    for (let i = 0; i < kids.length; i++) {
      const e = kids[i] as ViewEdge;
      if (i >= lim && !keep.has(e.to)) {
        hidden++;
        continue;
      }
      if (vis.get(e.to) === 'closed') {
        vis.set(e.to, 'open');
        queue.push(e.to);
      }
      if (add(e.to, 'open')) vEdges.push(e);
      else hidden++;
    }
    if (hidden) more.push({ parent: id, count: hidden });
  }
  return { vis, edges: vEdges, more, truncated };
}

/** The text of a node's box: a kind line, a name line and up to four detail lines. */
export interface Lines {
  title: string;
  name: string;
  details: string[];
}

export function nodeLines(id: string, how: How | undefined): Lines {
  if (id.indexOf('group:') === 0) {
    const g = must(groupById.get(id.slice(6)), `group ${id}`);
    return { title: 'not reached from any listener', name: g.size + ' node' + (g.size === 1 ? '' : 's'), details: [how === 'open' ? '\u25be click to collapse' : '\u25b8 click to expand'] };
  }
  if (id.indexOf('more:') === 0) return { title: '', name: '', details: [] };
  const n: ViewNode = must(byId.get(id), `node ${id}`);
  const ds = n.details.slice(0, 3).map((d) => clip(d, MAX_DETAIL));
  if (how === 'closed') {
    const gg = groupOfRoot.get(id);
    ds.push('\u25b8 expand (' + (gg ? gg.size : '?') + ' nodes)');
  }
  return { title: nodeTitle(n), name: clip(n.label, MAX_LABEL), details: ds };
}

export function boxSize(lines: Lines): { width: number; height: number } {
  let w = Math.max(textWidth(lines.title.toUpperCase(), FONTS.title) * 1.05, textWidth(lines.name, FONTS.name));
  lines.details.forEach((d) => {
    w = Math.max(w, textWidth(d, FONTS.detail));
  });
  return { width: Math.ceil(w) + 22, height: 14 + 13 + 15 + lines.details.length * 14 };
}
