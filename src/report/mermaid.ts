// `--format mermaid`: the GraphView as a Mermaid flowchart (left to right), for GitHub Markdown and step summaries.
// Node ids are the view's ids with an `n` prefix (letters and digits only, never a keyword such as `end`); every label
// character outside a small safe set is written as a Mermaid entity code (`#124;`), so no name can break the syntax.

import { needsGraphMessage, reportView } from './graph/index.js';
import { KIND_FILL, KIND_STROKE, SEVERITY_COLOR, drawingCaption, nodeLines } from './graph/labels.js';
import type { GraphView, ViewNode, ViewNodeKind } from './graph/types.js';
import { neutralize } from './sanitize.js';
import type { Reporter } from './types.js';

/** GitHub renders at most this many edges and this much text in one diagram. */
const GITHUB_MAX_EDGES = 500;
const GITHUB_MAX_TEXT = 50_000;

/** Label text with everything but letters, digits and a few punctuation marks as entity codes. */
export function mermaidText(s: string): string {
  return neutralize(s).replace(/[^A-Za-z0-9 .,:/_+=@~*-]/gu, (ch) => `#${ch.codePointAt(0) ?? 63};`);
}

export function mermaidId(id: string): string {
  return `n${id.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function nodeShape(node: ViewNode, label: string): string {
  const id = mermaidId(node.id);
  if (node.kind === 'cluster' || node.kind === 'endpoints') return `${id}("${label}")`;
  if (node.kind === 'listener') return `${id}[["${label}"]]`;
  return `${id}["${label}"]`;
}

function classOf(node: ViewNode): string {
  if (node.special) return node.special;
  if (node.kind === 'missing') return node.missing?.proven ? 'missing' : 'unchecked';
  return node.kind;
}

const CLASS_DEFS: readonly string[] = [
  ...(Object.keys(KIND_FILL) as ViewNodeKind[]).filter((k) => k !== 'missing').map((k) => `classDef ${k} fill:${KIND_FILL[k]},stroke:${KIND_STROKE[k]},color:#111827`),
  `classDef missing fill:${KIND_FILL.missing},stroke:${KIND_STROKE.missing},stroke-dasharray:5 5,color:#111827`,
  'classDef unchecked fill:#ffffff,stroke:#6b7280,stroke-dasharray:5 5,color:#111827',
  'classDef blackhole fill:#111827,stroke:#111827,color:#ffffff,stroke-width:2px',
  'classDef passthrough fill:#fef3c7,stroke:#b45309,color:#111827,stroke-width:2px',
  ...(['error', 'warning', 'info'] as const).map((s) => `classDef sev_${s} stroke:${SEVERITY_COLOR[s]},stroke-width:3px`),
];

export function renderMermaid(view: GraphView): string {
  const out: string[] = [`%% ${drawingCaption(view).replace(/[^\x20-\x7e]/g, '?')}`, 'flowchart LR'];
  if (view.nodes.length === 0) {
    out.push(`  empty["${mermaidText(view.scope === 'findings' ? 'no findings: nothing in scope (try --graph-scope all)' : 'the inputs hold no listeners, routes or clusters')}"]`);
    return `${out.join('\n')}\n`;
  }
  const classes = new Map<string, string[]>();
  const addClass = (cls: string, id: string): void => {
    const list = classes.get(cls);
    if (list) list.push(id);
    else classes.set(cls, [id]);
  };
  const drawNode = (node: ViewNode, indent: string): void => {
    out.push(`${indent}${nodeShape(node, nodeLines(node, view).map(mermaidText).join('<br/>'))}`);
    addClass(classOf(node), mermaidId(node.id));
    if (node.severity) addClass(`sev_${node.severity}`, mermaidId(node.id));
  };
  if (view.proxies) {
    // One subgraph per proxy; the links between proxies cross them.
    view.proxies.forEach((proxy, index) => {
      out.push(`  subgraph proxy${index} ["${mermaidText(proxy.name)}"]`);
      for (const node of view.nodes) if (node.proxy === index) drawNode(node, '    ');
      out.push('  end');
    });
  } else for (const node of view.nodes) drawNode(node, '  ');
  for (const edge of view.edges) {
    const arrow = edge.via === 'mesh' ? '==>' : edge.dangling ? '-.->' : '-->';
    const label = edge.label !== undefined ? `|"${mermaidText(edge.label)}"|` : '';
    out.push(`  ${mermaidId(edge.from)} ${arrow}${label} ${mermaidId(edge.to)}`);
  }
  const used = new Set(classes.keys());
  for (const def of CLASS_DEFS) if (used.has(def.split(' ')[1] ?? '')) out.push(`  ${def}`);
  for (const [cls, ids] of classes) out.push(`  class ${ids.join(',')} ${cls}`);
  const text = `${out.join('\n')}\n`;
  if (view.edges.length > GITHUB_MAX_EDGES || text.length > GITHUB_MAX_TEXT) {
    return `%% too big for GitHub's renderer (${view.edges.length} edges, ${text.length} characters; it draws at most ${GITHUB_MAX_EDGES} edges and ${GITHUB_MAX_TEXT} characters): try --graph-scope findings\n${text}`;
  }
  return text;
}

export const mermaidReporter: Reporter = (report, context) => {
  const view = reportView(report, context);
  return view ? renderMermaid(view) : needsGraphMessage('mermaid');
};
