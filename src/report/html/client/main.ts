// The HTML report's page script, bundled by scripts/build-html-client.mjs (esbuild, one IIFE) into
// src/generated/html-client.ts and inlined into the page beside dagre (src/report/html/dagre.ts). It lays the graph
// out with dagre, draws SVG through the DOM API only (textContent, never innerHTML: names from the dump are never
// parsed as markup), and wires search, collapse/expand and the findings table. What is drawn: ./visible.ts.

import type { ViewEdge, ViewNode } from '../../graph/types.js';
import { byId, data, findings, groupFor, groupOfRoot, groups, inEdges, matches, nodeTitle, nodes, outEdges, isUnattached } from './data.js';
import { byId as elementById, clear, clip, closestTarget, el, FONTS, h, must, textWidth } from './dom.js';
import { setUpFindingsTable } from './table.js';
import type { More, Visible } from './visible.js';
import { boxSize, CHILD_LIMIT, computeVisible, MAX_COLLAPSED_ROOTS, MAX_VISIBLE, MORE_STEP, nodeLines, SMALL_GRAPH, state } from './visible.js';
import type { PageState } from './visible.js';

/** Below this a drawing is only dots: a larger one is shown at this zoom, scrolled to its problems. */
const MIN_FIT_ZOOM = 0.35;
/** The viewport grows with the drawing up to this share of the window's height (fitHeight). */
const MAX_VIEWPORT_SHARE = 0.75;

/** What the page offers scripts (the browser tests use it). */
interface ReportApi {
  focusNode(id: string, scrollPage: boolean): void;
  render(): void;
  state: PageState;
  toggleGroup(gid: string): void;
}

declare global {
  interface Window {
    envoyLintReport: ReportApi;
  }
}

interface NodeLabel {
  width: number;
  height: number;
  more?: More;
}
interface EdgeLabel {
  e?: ViewEdge;
  width?: number;
  height?: number;
  labelpos?: 'c';
}
type LayoutGraph = DagreGraph<object, NodeLabel, EdgeLabel>;

const svg = elementById('graph', SVGSVGElement);
const viewport = elementById('viewport', HTMLElement);
const statusEl = elementById('graph-status', HTMLElement);
const details = elementById('details', HTMLElement);
const groupList = elementById('groups', HTMLElement);

function render(): void {
  const t0 = performance.now();
  const v = computeVisible();
  const g: LayoutGraph = new dagre.graphlib.Graph<object, NodeLabel, EdgeLabel>({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 50, edgesep: 10, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  v.vis.forEach((how, id) => {
    const size = boxSize(nodeLines(id, how));
    g.setNode(id, { width: size.width, height: size.height });
  });
  v.more.forEach((m) => {
    const text = '+' + m.count + ' more\u2026';
    g.setNode('more:' + m.parent, { width: textWidth(text, FONTS.name) + 24, height: 28, more: m });
    g.setEdge(m.parent, 'more:' + m.parent, {});
  });
  v.edges.forEach((e) => {
    if (!v.vis.has(e.to) || !v.vis.has(e.from)) return;
    const label = e.label || '';
    g.setEdge(e.from, e.to, { e, width: label ? textWidth(label, FONTS.detail) + 6 : 0, height: label ? 14 : 0, labelpos: 'c' });
  });
  dagre.layout(g);
  const tLayout = performance.now();
  draw(g, v);
  const t1 = performance.now();
  let shown = 0;
  v.vis.forEach((_how, id) => {
    if (byId.has(id)) shown++;
  });
  statusEl.textContent =
    'Showing ' + shown + ' of ' + nodes.length + ' nodes \u00b7 layout ' + Math.round(tLayout - t0) + ' ms, drawing ' + Math.round(t1 - tLayout) + ' ms' +
    (v.truncated ? ' \u00b7 stopped at ' + MAX_VISIBLE + ' nodes: collapse listeners or search for a resource' : '') +
    (groups.length > MAX_COLLAPSED_ROOTS ? ' \u00b7 ' + groups.length + ' listeners: expand them from the list on the left' : '');
  statusEl.className = v.truncated ? 'warn' : '';
  svg.setAttribute('data-render-ms', String(Math.round(t1 - t0)));
  svg.setAttribute('data-visible', String(shown));
  renderGroups();
}

function draw(g: LayoutGraph, v: Visible): void {
  clear(svg);
  const gr = g.graph();
  const W = Math.max(gr.width || 0, 10);
  const H = Math.max(gr.height || 0, 10);
  const firstDraw = !state.fitted;
  if (firstDraw) {
    state.fitted = true;
    state.zoom = Math.max(MIN_FIT_ZOOM, fitZoom(W, H));
  }
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  svg.setAttribute('width', String(Math.round(W * state.zoom)));
  svg.setAttribute('height', String(Math.round(H * state.zoom)));
  svg.dataset.width = String(W);
  svg.dataset.height = String(H);
  fitHeight();
  const defs = el('defs', null, svg);
  [
    ['arrow', '#94a3b8'],
    ['arrow-ref', '#475569'],
    ['arrow-dangling', '#b91c1c'],
  ].forEach(([id, fill]) => {
    const marker = el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill }, marker);
  });
  const edgeLayer = el('g', { class: 'edges' }, svg);
  const nodeLayer = el('g', { class: 'nodes' }, svg);
  g.edges().forEach((ed) => {
    const lab = g.edge(ed);
    const e = lab.e;
    const cls = 'edge' + (e ? ' ' + e.kind : ' more-edge') + (e && e.dangling ? ' dangling' : '');
    const ge = el('g', { class: cls }, edgeLayer);
    const pts = lab.points ?? [];
    const d = pts.map((p, i) => (i ? 'L' : 'M') + p.x.toFixed(1) + ' ' + p.y.toFixed(1)).join(' ');
    el('path', { d, 'marker-end': 'url(#' + (e && e.dangling ? 'arrow-dangling' : e && e.kind === 'reference' ? 'arrow-ref' : 'arrow') + ')' }, ge);
    if (e && e.label && lab.x !== undefined && lab.y !== undefined) {
      const t = el('text', { x: lab.x, y: lab.y + 4 }, ge);
      t.textContent = e.label;
    }
    if (e) {
      ge.setAttribute('data-from', e.from);
      ge.setAttribute('data-to', e.to);
    }
  });
  g.nodes().forEach((id) => {
    const nd = g.node(id);
    const x = nd.x - nd.width / 2;
    const y = nd.y - nd.height / 2;
    const gn = el('g', { transform: 'translate(' + x.toFixed(1) + ',' + y.toFixed(1) + ')', 'data-id': id }, nodeLayer);
    if (nd.more) {
      gn.setAttribute('class', 'node more');
      el('rect', { class: 'box', width: nd.width, height: nd.height, rx: 14 }, gn);
      const tm = el('text', { x: 12, y: 18 }, gn);
      tm.textContent = '+' + nd.more.count + ' more\u2026';
      el('title', null, gn).textContent = 'Show ' + Math.min(MORE_STEP, nd.more.count) + ' more';
      return;
    }
    const how = v.vis.get(id);
    const n = byId.get(id);
    const cls = ['node'];
    if (n) {
      cls.push('kind-' + n.kind);
      if (n.severity) cls.push('sev-' + n.severity);
      if (n.special) cls.push('special-' + n.special);
      if (n.kind === 'missing') cls.push(n.missing && n.missing.proven ? 'missing' : 'unchecked');
    } else cls.push('kind-group');
    if (how === 'closed') cls.push('collapsed');
    if (id === state.selected) cls.push('selected');
    if (id === state.focused) cls.push('focused');
    if (state.query && n && matches(n, state.query)) cls.push('match');
    gn.setAttribute('class', cls.join(' '));
    gn.id = 'node-' + id;
    if (how === 'closed') el('rect', { class: 'stack', x: 4, y: 4, width: nd.width, height: nd.height, rx: 6 }, gn);
    el('rect', { class: 'box', width: nd.width, height: nd.height, rx: n && (n.kind === 'cluster' || n.kind === 'endpoints') ? 10 : 4, fill: n ? null : '#fff', stroke: n ? null : '#94a3b8' }, gn);
    if (id === state.focused) el('rect', { class: 'ring', x: -5, y: -5, width: nd.width + 10, height: nd.height + 10, rx: 8 }, gn);
    const lines = nodeLines(id, how);
    const text = el('text', { x: 10, y: 0 }, gn);
    let ty = 14;
    const tspan = (cls2: string, s: string, dy: number): void => {
      const ts = el('tspan', { class: cls2, x: 10, y: ty }, text);
      ts.textContent = s;
      ty += dy;
    };
    tspan('title', lines.title, 15);
    tspan('name', lines.name, 15);
    lines.details.forEach((dline) => tspan('detail', dline, 14));
    if (n && n.findings.length) {
      const badge = el('g', { class: 'badge', transform: 'translate(' + (nd.width - 2) + ',2)' }, gn);
      el('circle', { r: 9, fill: n.severity === 'error' ? '#dc2626' : n.severity === 'warning' ? '#d97706' : '#2563eb' }, badge);
      const bt = el('text', { y: 3.5 }, badge);
      bt.textContent = String(n.findings.length);
    }
    el('title', null, gn).textContent = n ? nodeTitle(n) + ': ' + n.name + (n.findings.length ? '\n' + n.findings.length + ' finding(s)' : '') : lines.title;
  });
  if (firstDraw) revealFirstProblem();
}

/** The zoom at which the whole drawing fits the viewport's width and the height it may grow to; never above 1. */
function fitZoom(width: number, height: number): number {
  return Math.min(1, (viewport.clientWidth - 4) / width, (window.innerHeight * MAX_VIEWPORT_SHARE - 24) / height);
}

/** A drawn node's box, in the viewport's scroll coordinates. */
function nodeBox(gn: Element): { left: number; top: number; right: number; bottom: number } | undefined {
  if (!(gn instanceof SVGGraphicsElement)) return undefined;
  const box = gn.getBBox();
  const m = must(/translate\(([-\d.]+),([-\d.]+)\)/.exec(gn.getAttribute('transform') ?? ''), 'position of a node');
  const x = Number(m[1]);
  const y = Number(m[2]);
  return { left: x * state.zoom, top: y * state.zoom, right: (x + box.width) * state.zoom, bottom: (y + box.height) * state.zoom };
}

/**
 * Scrolls the viewport to `nodes` (drawn node elements): their middle in its middle when they fit in it together,
 * else their top left corner near its top left, so the first of them are seen.
 */
function scrollToCenter(nodes: Element[]): void {
  const boxes = nodes.map(nodeBox).filter((b) => b !== undefined);
  if (boxes.length === 0) return;
  const left = Math.min(...boxes.map((b) => b.left));
  const right = Math.max(...boxes.map((b) => b.right));
  const top = Math.min(...boxes.map((b) => b.top));
  const bottom = Math.max(...boxes.map((b) => b.bottom));
  const axis = (low: number, high: number, size: number): number => Math.max(0, high - low <= size ? (low + high) / 2 - size / 2 : low - 16);
  viewport.scrollLeft = axis(left, right, viewport.clientWidth);
  viewport.scrollTop = axis(top, bottom, viewport.clientHeight);
}

/**
 * On load, a drawing too big to fit shows its left side (the listeners) and hides the missing nodes and findings,
 * which sit further right: scroll to the missing nodes, else to the nodes with errors, else to any with findings.
 */
function revealFirstProblem(): void {
  const pick = (selector: string): Element[] => Array.from(document.querySelectorAll('#graph ' + selector));
  const problems = [pick('g.node.missing'), pick('g.node.sev-error'), pick('g.node[class*="sev-"]')].find((list) => list.length > 0);
  if (!problems) return;
  const boxes = problems.map(nodeBox).filter((b) => b !== undefined);
  const inView = boxes.every((b) => b.left >= viewport.scrollLeft && b.right <= viewport.scrollLeft + viewport.clientWidth && b.top >= viewport.scrollTop && b.bottom <= viewport.scrollTop + viewport.clientHeight);
  if (!inView) scrollToCenter(problems);
}

function renderGroups(): void {
  clear(groupList);
  groups.forEach((g) => {
    const li = h('li');
    const b = h('button');
    b.type = 'button';
    b.setAttribute('aria-pressed', state.expanded.has(g.id) ? 'true' : 'false');
    b.dataset.group = g.id;
    b.title = (state.expanded.has(g.id) ? 'Collapse ' : 'Expand ') + g.label;
    b.appendChild(h('span', 'caret', state.expanded.has(g.id) ? '\u25be' : '\u25b8'));
    b.appendChild(h('span', 'dot dot-' + (g.severity || 'none')));
    b.appendChild(h('span', 'gname', g.label));
    b.appendChild(h('span', 'gsize', String(g.size)));
    li.appendChild(b);
    groupList.appendChild(li);
  });
}

function toggleGroup(gid: string): void {
  if (state.expanded.has(gid)) state.expanded.delete(gid);
  else state.expanded.add(gid);
  render();
}

function unselectAll(): void {
  svg.querySelectorAll('.node.selected').forEach((e) => e.classList.remove('selected'));
}

function select(id: string): void {
  state.selected = id;
  unselectAll();
  const gn = document.getElementById('node-' + id);
  if (gn) gn.classList.add('selected');
  showDetails(id);
}

function showDetails(id: string | null): void {
  clear(details);
  const n = id === null ? undefined : byId.get(id);
  details.hidden = !n;
  must(details.parentElement, 'parent of #details').classList.toggle('has-details', !!n);
  if (!n || id === null) return;
  const close = h('button', 'close', '\u00d7');
  close.type = 'button';
  close.title = 'Close';
  close.setAttribute('aria-label', 'Close the details');
  close.addEventListener('click', () => {
    state.selected = null;
    unselectAll();
    showDetails(null);
  });
  details.appendChild(close);
  details.appendChild(h('div', 'muted', nodeTitle(n)));
  details.appendChild(h('h3', 'mono', n.name));
  if (n.label !== n.name) details.appendChild(h('div', 'mono', n.label));
  const ul = h('ul');
  n.details.forEach((d) => ul.appendChild(h('li', null, d)));
  if (n.state) ul.appendChild(h('li', null, 'state: ' + n.state));
  if (n.origin) ul.appendChild(h('li', 'mono', (data.inputs[n.origin.input] || 'input ' + n.origin.input) + ' ' + n.origin.pointer));
  details.appendChild(ul);
  const g = groupOfRoot.get(id);
  if (g && !isUnattached(g)) {
    const tb = h('button', null, state.expanded.has(g.id) ? 'Collapse this listener' : 'Expand this listener');
    tb.type = 'button';
    tb.addEventListener('click', () => {
      toggleGroup(g.id);
      select(id);
    });
    details.appendChild(tb);
  }
  if (n.findings.length) {
    details.appendChild(h('h3', null, n.findings.length + ' finding' + (n.findings.length === 1 ? '' : 's')));
    n.findings.forEach((i) => {
      const f = must(findings[i], `finding ${i}`);
      const a = h('a', 'finding-link');
      a.href = '#finding-' + i;
      a.dataset.finding = String(i);
      a.appendChild(h('span', 'sev sev-' + f.severity, f.severity));
      a.appendChild(document.createTextNode(' ' + f.ruleId + ': ' + clip(f.message, 140)));
      details.appendChild(a);
    });
  }
  const neighbours: Array<[string, ViewEdge[], 'from' | 'to']> = [
    ['Referred to by', inEdges.get(id) ?? [], 'from'],
    ['Leads to', outEdges.get(id) ?? [], 'to'],
  ];
  neighbours.forEach(([heading, list, end]) => {
    if (!list.length) return;
    details.appendChild(h('h3', null, heading + ' (' + list.length + ')'));
    const l = h('ul');
    list.slice(0, 30).forEach((e) => {
      const other: ViewNode = must(byId.get(e[end]), `node ${e[end]}`);
      const li = h('li');
      const a = h('a', 'mono', other.kind === 'filter_chain' ? clip(other.name, 80) : nodeTitle(other) + ' ' + clip(other.label, 60));
      a.href = '#node-' + other.id;
      a.dataset.node = other.id;
      li.appendChild(a);
      l.appendChild(li);
    });
    if (list.length > 30) l.appendChild(h('li', 'muted', '\u2026 ' + (list.length - 30) + ' more'));
    details.appendChild(l);
  });
}

/** Makes 'id' visible (expands its listener, pins it past the child limits), selects it and scrolls to it. */
function focusNode(id: string, scrollPage: boolean): void {
  if (!byId.has(id)) return;
  const g = groupFor(id);
  if (g) state.expanded.add(g.id);
  state.pinned.add(id);
  state.focused = id;
  render();
  select(id);
  if (scrollPage) elementById('graph-section', HTMLElement).scrollIntoView({ block: 'start' });
  const node = document.getElementById('node-' + id);
  if (node) scrollToCenter([node]);
}

function showFinding(i: string): void {
  const row = document.getElementById('finding-' + i);
  if (!row) return;
  if (row.hidden) {
    findingsTable.clearFilters();
    findingsTable.applyFilters();
  }
  document.querySelectorAll('#findings-table tr.flash').forEach((r) => r.classList.remove('flash'));
  row.classList.add('flash');
  row.scrollIntoView({ block: 'center' });
}

// --- graph events ---
svg.addEventListener('click', (ev) => {
  const target = closestTarget(ev, '[data-id]');
  if (!target) return;
  const id = target.getAttribute('data-id') ?? '';
  if (id.indexOf('more:') === 0) {
    const parent = id.slice(5);
    state.limit.set(parent, (state.limit.get(parent) || CHILD_LIMIT) + MORE_STEP);
    render();
    return;
  }
  if (id.indexOf('group:') === 0) {
    toggleGroup(id.slice(6));
    return;
  }
  if (target.classList.contains('collapsed')) {
    const g = groupOfRoot.get(id);
    if (g) {
      state.expanded.add(g.id);
      render();
      select(id);
      return;
    }
  }
  select(id);
});
svg.addEventListener('dblclick', (ev) => {
  const target = closestTarget(ev, '[data-id]');
  if (!target) return;
  const g = groupOfRoot.get(target.getAttribute('data-id') ?? '');
  if (g && !isUnattached(g)) toggleGroup(g.id);
});
groupList.addEventListener('click', (ev) => {
  const gid = closestTarget(ev, 'button[data-group]')?.getAttribute('data-group');
  if (gid !== null && gid !== undefined) toggleGroup(gid);
});
document.addEventListener('click', (ev) => {
  const node = closestTarget(ev, 'a[data-node], button[data-node]')?.getAttribute('data-node');
  if (node !== null && node !== undefined) {
    ev.preventDefault();
    focusNode(node, true);
    return;
  }
  const finding = closestTarget(ev, 'a[data-finding]')?.getAttribute('data-finding');
  if (finding !== null && finding !== undefined) {
    ev.preventDefault();
    showFinding(finding);
  }
});
elementById('expand-all', HTMLElement).addEventListener('click', () => {
  groups.forEach((g) => state.expanded.add(g.id));
  render();
});
elementById('collapse-all', HTMLElement).addEventListener('click', () => {
  state.expanded.clear();
  render();
});

function setZoom(z: number): void {
  state.zoom = Math.min(2.5, Math.max(0.2, z));
  svg.setAttribute('width', String(Math.round(Number(svg.dataset.width) * state.zoom)));
  svg.setAttribute('height', String(Math.round(Number(svg.dataset.height) * state.zoom)));
  fitHeight();
}
/** The viewport is as tall as the drawing (plus room for a scrollbar), at most three quarters of the window. */
function fitHeight(): void {
  const want = Number(svg.dataset.height) * state.zoom + 24;
  viewport.style.height = Math.round(Math.max(240, Math.min(window.innerHeight * MAX_VIEWPORT_SHARE, want))) + 'px';
}
elementById('zoom-in', HTMLElement).addEventListener('click', () => setZoom(state.zoom * 1.25));
elementById('zoom-out', HTMLElement).addEventListener('click', () => setZoom(state.zoom / 1.25));
elementById('zoom-fit', HTMLElement).addEventListener('click', () => setZoom(fitZoom(Number(svg.dataset.width), Number(svg.dataset.height))));

// --- search ---
const searchInput = elementById('search', HTMLInputElement);
const results = elementById('search-results', HTMLElement);
let searchTimer = 0;
function runSearch(): void {
  const q = searchInput.value.trim().toLowerCase();
  state.query = q;
  clear(results);
  svg.querySelectorAll('.node.match').forEach((e) => e.classList.remove('match'));
  if (!q) {
    results.hidden = true;
    return;
  }
  const found: ViewNode[] = [];
  for (let i = 0; i < nodes.length && found.length < 50; i++) {
    const n = nodes[i] as ViewNode;
    if (matches(n, q)) found.push(n);
  }
  found.forEach((n) => {
    const li = h('li');
    const b = h('button');
    b.type = 'button';
    b.dataset.node = n.id;
    b.appendChild(h('span', 'kind-dot kind-' + n.kind));
    b.appendChild(h('span', 'muted', nodeTitle(n) + ' '));
    b.appendChild(h('span', 'mono', clip(n.label, 80)));
    li.appendChild(b);
    results.appendChild(li);
    const gn = document.getElementById('node-' + n.id);
    if (gn) gn.classList.add('match');
  });
  if (!found.length) results.appendChild(h('li', 'muted', '  no resource named like that'));
  results.hidden = false;
}
searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(runSearch, 120);
});
searchInput.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter') {
    clearTimeout(searchTimer);
    runSearch();
    const first = results.querySelector('button[data-node]');
    if (first) {
      focusNode(first.getAttribute('data-node') ?? '', false);
      results.hidden = true;
    }
  }
  if (ev.key === 'Escape') results.hidden = true;
});
results.addEventListener('click', () => {
  results.hidden = true;
});

// --- findings table: sort and filter ---
const findingsTable = setUpFindingsTable();

window.envoyLintReport = { focusNode, render, state, toggleGroup };
showDetails(null);
const start = (): void => {
  render();
  const m = /^#node-([a-z0-9]+)$/.exec(location.hash);
  if (m && m[1] !== undefined) focusNode(m[1], true);
  document.body.setAttribute('data-ready', 'true');
};
if (nodes.length > SMALL_GRAPH) setTimeout(start, 0);
else start();
