// The report page's stylesheet (inlined into the HTML; a TS module so that tsc ships it with the code).

import { KIND_FILL, KIND_STROKE, SEVERITY_COLOR } from '../graph/labels.js';
import type { ViewNodeKind } from '../graph/types.js';

const kindRules = (Object.keys(KIND_FILL) as ViewNodeKind[])
  .map((k) => `.node.kind-${k} > rect.box { fill: ${KIND_FILL[k]}; stroke: ${KIND_STROKE[k]}; }\n.node.kind-${k} .title { fill: ${KIND_STROKE[k]}; }\n.kind-dot.kind-${k} { background: ${KIND_FILL[k]}; border-color: ${KIND_STROKE[k]}; }`)
  .join('\n');

export const STYLE = `
:root { --error: ${SEVERITY_COLOR.error}; --warning: ${SEVERITY_COLOR.warning}; --info: ${SEVERITY_COLOR.info};
  --ink: #111827; --muted: #4b5563; --line: #d1d5db; --bg: #f8fafc; --panel: #ffffff; --accent: #0369a1; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--ink); background: var(--bg); }
header.top { display: flex; flex-wrap: wrap; gap: 8px 24px; align-items: baseline; padding: 12px 20px; background: #0f172a; color: #f8fafc; }
header.top h1 { font-size: 18px; margin: 0; font-weight: 650; }
header.top .proxy { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 13px; color: #cbd5e1; overflow-wrap: anywhere; }
main { padding: 12px 20px 40px; display: grid; gap: 16px; }
section.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
section.card > h2 { font-size: 15px; margin: 0 0 8px; }
.summary-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px 24px; }
.summary-grid h3 { font-size: 13px; margin: 0 0 4px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
table.plain { border-collapse: collapse; font-size: 13px; }
table.plain td, table.plain th { padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
table.plain td.num { text-align: right; font-variant-numeric: tabular-nums; }
.sev { display: inline-block; min-width: 64px; padding: 0 6px; border-radius: 10px; font-size: 12px; font-weight: 600; text-align: center; color: #fff; }
.sev-error { background: var(--error); } .sev-warning { background: var(--warning); } .sev-info { background: var(--info); }
.sev-counts { display: flex; gap: 8px; flex-wrap: wrap; margin: 0 0 6px; }
.sev-counts span.sev { font-size: 13px; padding: 2px 10px; }
.mono { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 12px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 8px; position: relative; }
.toolbar input[type=search] { width: 320px; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
.toolbar select { padding: 3px 6px; font: inherit; }
button { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid var(--line); border-radius: 6px; background: #f1f5f9; color: var(--ink); cursor: pointer; }
button:hover { background: #e2e8f0; } button:disabled { opacity: .5; cursor: default; }
#search-results { position: absolute; top: 32px; left: 0; z-index: 5; list-style: none; margin: 0; padding: 4px 0; width: 520px; max-height: 320px; overflow: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 6px 20px rgba(0,0,0,.12); }
#search-results[hidden] { display: none; }
#search-results li button { display: block; width: 100%; text-align: left; border: 0; border-radius: 0; background: none; padding: 3px 10px; }
#search-results li button:hover, #search-results li button.active { background: #e0f2fe; }
.kind-dot { display: inline-block; width: 10px; height: 10px; border: 1px solid; border-radius: 3px; margin-right: 6px; vertical-align: -1px; }
.graph-layout { display: grid; grid-template-columns: 210px minmax(0, 1fr); gap: 10px; }
.graph-layout.has-details { grid-template-columns: 210px minmax(0, 1fr) 300px; }
#details[hidden] { display: none; }
#details .close { float: right; }
#groups { list-style: none; margin: 0; padding: 0; max-height: 72vh; overflow: auto; border-right: 1px solid var(--line); font-size: 13px; }
#groups li button { display: flex; width: 100%; gap: 6px; align-items: center; text-align: left; border: 0; border-radius: 4px; background: none; padding: 2px 4px; }
#groups li button[aria-pressed=true] { background: #e0f2fe; }
#groups .caret { width: 10px; color: var(--muted); }
#groups .gname { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: 12px; }
#groups .gsize { color: var(--muted); font-size: 11px; }
.dot { width: 8px; height: 8px; border-radius: 50%; display: inline-block; flex: none; }
.dot-error { background: var(--error); } .dot-warning { background: var(--warning); } .dot-info { background: var(--info); } .dot-none { background: transparent; }
#viewport { overflow: auto; height: 72vh; min-height: 240px; border: 1px solid var(--line); border-radius: 6px; background: #fff; position: relative; }
#graph { display: block; }
#graph-status { font-size: 12px; color: var(--muted); margin-top: 4px; }
#graph-status.warn { color: var(--warning); font-weight: 600; }
#details { font-size: 13px; max-height: 72vh; overflow: auto; border-left: 1px solid var(--line); padding-left: 10px; }
#details h3 { font-size: 14px; margin: 0 0 4px; overflow-wrap: anywhere; }
#details ul { padding-left: 16px; margin: 4px 0; }
#details .finding-link { display: block; margin: 4px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; color: var(--muted); }
.legend .sw { display: inline-block; width: 22px; height: 0; border-top: 2px solid #475569; vertical-align: middle; margin-right: 4px; }
.legend .sw.dangling { border-top: 2px dashed #b91c1c; }
${kindRules}
.node { cursor: pointer; }
.node > rect.box { stroke-width: 1.2; }
.node text { font-size: 11px; fill: var(--ink); }
.node text .title { font-size: 9.5px; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; }
.node text .name { font-size: 12px; font-weight: 600; }
.node text .detail { fill: #374151; }
.node.sev-error > rect.box { stroke: var(--error); stroke-width: 3.5; }
.node.sev-warning > rect.box { stroke: var(--warning); stroke-width: 3.5; }
.node.sev-info > rect.box { stroke: var(--info); stroke-width: 2.5; }
.badge circle { stroke: #fff; stroke-width: 1.5; }
.badge text { fill: #fff; font-size: 10px; font-weight: 700; text-anchor: middle; }
.node.missing > rect.box { stroke-dasharray: 6 4; }
.node.unchecked > rect.box { fill: #fff; stroke: #6b7280; }
.node.unchecked .title { fill: #6b7280; }
.node.special-blackhole > rect.box { fill: #111827; stroke: #111827; stroke-width: 2; }
.node.special-blackhole text, .node.special-blackhole text .title, .node.special-blackhole text .detail { fill: #f9fafb; }
.node.special-passthrough > rect.box { fill: #fef3c7; stroke: #b45309; stroke-width: 2; }
.node.special-passthrough .title { fill: #b45309; }
.node.collapsed > rect.stack { fill: #fff; stroke: #94a3b8; }
.node.more > rect.box { fill: #f8fafc; stroke: #94a3b8; stroke-dasharray: 3 3; }
.node.more text { fill: var(--accent); font-weight: 600; }
.node.match > rect.box { fill: #fef08a; }
.node.selected > rect.box { stroke: #0ea5e9; stroke-width: 4; }
.node.focused > rect.ring { fill: none; stroke: #0ea5e9; stroke-width: 3; animation: pulse 1.2s ease-out 3; }
@keyframes pulse { from { stroke-opacity: 1; } to { stroke-opacity: 0; } }
.edge path { fill: none; stroke: #94a3b8; stroke-width: 1.3; }
.edge.reference path { stroke: #475569; }
.edge.dangling path { stroke: #b91c1c; stroke-dasharray: 7 4; stroke-width: 1.6; }
.edge text { font-size: 10px; fill: #334155; paint-order: stroke; stroke: #fff; stroke-width: 3px; text-anchor: middle; }
.edge.dangling text { fill: #b91c1c; }
#findings-table { width: 100%; border-collapse: collapse; font-size: 13px; }
#findings-table th { text-align: left; border-bottom: 2px solid var(--line); padding: 4px 6px; white-space: nowrap; }
#findings-table th button { border: 0; background: none; padding: 0; font-weight: 700; }
#findings-table th[aria-sort=ascending] button::after { content: " ▲"; }
#findings-table th[aria-sort=descending] button::after { content: " ▼"; }
#findings-table td { border-bottom: 1px solid #e5e7eb; padding: 4px 6px; vertical-align: top; }
#findings-table td.msg { max-width: 640px; }
#findings-table td[data-col=location] { white-space: nowrap; }
#findings-table tr.flash td, #findings-table tr:target td { background: #e0f2fe; }
#findings-table tr[hidden] { display: none; }
#finding-count { font-size: 12px; color: var(--muted); }
a { color: var(--accent); }
noscript p { color: var(--warning); }
`;
