// `--format dot`: the GraphView as a Graphviz digraph, left to right (render with `dot -Tsvg`).
// Every string from the dump is neutralised (controls become visible `\xHH` text) and quoted for DOT.

import { needsGraphMessage, reportView } from './graph/index.js';
import { KIND_FILL, KIND_STROKE, SEVERITY_COLOR, drawingCaption, nodeLines } from './graph/labels.js';
import type { GraphView, ViewEdge, ViewNode } from './graph/types.js';
import { neutralize } from './sanitize.js';
import type { Reporter } from './types.js';

/** A DOT double-quoted string: backslashes and quotes escaped, so `\N`-style escapes in names stay literal text. */
export function dotString(s: string): string {
  return `"${neutralize(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A multi-line DOT label: each line escaped, joined with DOT's `\n`. */
function dotLabel(lines: readonly string[]): string {
  return `"${lines.map((l) => dotString(l).slice(1, -1)).join('\\n')}"`;
}

function nodeAttrs(node: ViewNode, view: GraphView): string {
  const attrs: string[] = [`label=${dotLabel(nodeLines(node, view))}`];
  let fill = KIND_FILL[node.kind];
  let stroke = KIND_STROKE[node.kind];
  let font = '#111827';
  const style = ['filled', node.kind === 'cluster' || node.kind === 'endpoints' ? 'rounded' : ''];
  if (node.kind === 'missing') {
    style.push('dashed');
    if (!node.missing?.proven) [fill, stroke] = ['#ffffff', '#6b7280'];
  }
  if (node.special === 'blackhole') [fill, stroke, font] = ['#111827', '#111827', '#ffffff'];
  if (node.special === 'passthrough') [fill, stroke] = ['#fef3c7', '#b45309'];
  let penwidth = node.special ? 2 : 1;
  if (node.severity) {
    stroke = SEVERITY_COLOR[node.severity];
    penwidth = 3;
  }
  attrs.push(`style="${style.filter((s) => s !== '').join(',')}"`, `fillcolor="${fill}"`, `color="${stroke}"`, `fontcolor="${font}"`, `penwidth=${penwidth}`);
  return attrs.join(', ');
}

function edgeAttrs(edge: ViewEdge): string {
  const attrs: string[] = [];
  if (edge.label !== undefined) attrs.push(`label=${dotString(edge.label)}`);
  if (edge.via === 'mesh') attrs.push('color="#2563eb"', 'fontcolor="#1d4ed8"', 'penwidth=2');
  else if (edge.dangling) attrs.push('style=dashed', 'color="#b91c1c"', 'fontcolor="#b91c1c"', 'penwidth=1.5');
  else if (edge.kind === 'reference') attrs.push('color="#334155"');
  else attrs.push('color="#94a3b8"');
  return attrs.length > 0 ? ` [${attrs.join(', ')}]` : '';
}

export function renderDot(view: GraphView): string {
  const out: string[] = [
    `// ${neutralize(drawingCaption(view))}`,
    'digraph envoy {',
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=12, labelloc=t, label=${dotString(drawingCaption(view))}, nodesep=0.25, ranksep=0.8];`,
    '  node [shape=box, fontname="Helvetica", fontsize=10, margin="0.12,0.06"];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
  ];
  if (view.nodes.length === 0) out.push(`  empty [shape=plaintext, label=${dotString(view.scope === 'findings' ? 'no findings: nothing in scope (try --graph-scope all)' : 'the inputs hold no listeners, routes or clusters')}];`);
  if (view.proxies) {
    // One box per proxy; the links between proxies cross them.
    view.proxies.forEach((proxy, index) => {
      out.push(`  subgraph cluster_p${index} {`, `    label=${dotString(proxy.controlPlane !== undefined ? `${proxy.name} (${proxy.controlPlane})` : proxy.name)}; style="rounded"; color="#cbd5e1";`);
      for (const node of view.nodes) if (node.proxy === index) out.push(`    ${node.id} [${nodeAttrs(node, view)}];`);
      out.push('  }');
    });
  } else for (const node of view.nodes) out.push(`  ${node.id} [${nodeAttrs(node, view)}];`);
  for (const edge of view.edges) out.push(`  ${edge.from} -> ${edge.to}${edgeAttrs(edge)};`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

export const dotReporter: Reporter = (report, context) => {
  const view = reportView(report, context);
  return view ? renderDot(view) : needsGraphMessage('dot');
};
