// `--format html`: one self-contained page (inline CSS and JS, no network) with the proxy's summary, its graph laid
// out left to right by dagre in the browser, and the findings as a sortable, filterable table linked to the graph.
//
// Everything from the dump is hostile: text in the markup is neutralised (controls shown as `\xHH`) and HTML-escaped;
// the graph data travels as JSON in a non-executed <script type="application/json"> with `<`, `>`, `&` and the
// line separators written as \u escapes, and the page script only ever sets textContent. A Content-Security-Policy
// allows exactly the two inline scripts and the stylesheet (by hash) and nothing from the network.

import { nodeCrypto } from '../lazy-modules.js';
import { needsGraphMessage, reportView } from './graph/index.js';
import { KIND_TITLE } from './graph/labels.js';
import type { CountKey, GraphView } from './graph/types.js';
import { CLIENT_SCRIPT } from '../generated/html-client.js';
import { dagreScript } from './html/dagre.js';
import { STYLE } from './html/style.js';
import { relativePath } from './paths.js';
import { summaryText } from './summary.js';
import { neutralize } from './sanitize.js';
import type { Report } from '../engine/report.js';
import type { ReportContext, Reporter } from './types.js';
import type { Severity } from '../engine/finding.js';
import { SEVERITIES } from '../engine/finding.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content or a quoted attribute: neutralised, then the five special characters escaped. */
export function escapeHtml(s: string): string {
  return neutralize(s).replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--`, no raw line separators. */
export function scriptJson(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? neutralize(v) : v));
  return json.replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function sha256(text: string): string {
  return `'sha256-${nodeCrypto().createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const COUNT_LABEL: Readonly<Record<CountKey, string>> = {
  listeners: 'listeners',
  filterChains: 'filter chains',
  routeConfigs: 'route configs',
  virtualHosts: 'virtual hosts',
  routes: 'routes',
  clusters: 'clusters',
  endpoints: 'load assignments',
  missing: 'missing (dangling) targets',
};

function summarySection(report: Report, view: GraphView, context: ReportContext): string {
  const sev = SEVERITIES.map((s) => `<span class="sev sev-${s}">${report.summary[s]} ${s}</span>`).join('');
  const counts = (Object.keys(COUNT_LABEL) as CountKey[])
    .map((k) => `<tr><td class="num">${view.counts[k]}</td><td>${COUNT_LABEL[k]}</td></tr>`)
    .join('');
  const byRule = new Map<string, Record<Severity, number>>();
  for (const f of report.findings) {
    const row = byRule.get(f.ruleId) ?? { error: 0, warning: 0, info: 0 };
    row[f.severity]++;
    byRule.set(f.ruleId, row);
  }
  const docs = new Map(context.rules.map((r) => [r.id, r]));
  const ruleRows = [...byRule]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rule, n]) => {
      const doc = docs.get(rule);
      const name = doc && /^https:\/\//.test(doc.docsUrl) ? `<a href="${escapeHtml(doc.docsUrl)}" title="${escapeHtml(doc.description)}">${escapeHtml(rule)}</a>` : escapeHtml(rule);
      return `<tr><td class="mono">${name}</td>${SEVERITIES.map((s) => `<td class="num">${n[s] || ''}</td>`).join('')}</tr>`;
    })
    .join('');
  const inputs = report.inputs.map((i) => `<li><span class="mono">${escapeHtml(relativePath(i.file, context.cwd))}</span> <span class="muted">${i.status === 'error' ? `could not be read: ${escapeHtml(i.error?.message ?? '')}` : `${escapeHtml(i.kind ?? '')}, ${i.bytes ?? 0} bytes`}</span></li>`).join('');
  return `<section class="card" id="summary"><h2>Summary</h2><div class="summary-grid">
<div><h3>Findings</h3><div class="sev-counts">${sev}</div>${
    ruleRows ? `<table class="plain"><thead><tr><th>rule</th><th>error</th><th>warning</th><th>info</th></tr></thead><tbody>${ruleRows}</tbody></table>` : '<p class="muted">No findings.</p>'
  }</div>
<div><h3>Resources</h3><table class="plain"><tbody>${counts}</tbody></table></div>
<div><h3>Inputs</h3><ul class="plain">${inputs}</ul>${view.scope === 'findings' ? '<p class="muted">Graph limited to the neighbourhood of the findings (--graph-scope findings).</p>' : ''}</div>
</div></section>`;
}

function graphSection(view: GraphView): string {
  const legend = (['listener', 'filter_chain', 'route_config', 'virtual_host', 'cluster', 'endpoints', 'missing'] as const)
    .map((k) => `<span><span class="kind-dot kind-${k}"></span>${KIND_TITLE[k]}</span>`)
    .join('');
  return `<section class="card" id="graph-section"><h2>Graph <span class="muted">listeners → filter chains → route configs → virtual hosts → clusters → endpoints</span></h2>
<div class="toolbar">
<input type="search" id="search" placeholder="Search resources by name" title="Type part of a name; Enter shows the first match in the graph" autocomplete="off" aria-label="Search resources by name">
<ul id="search-results" hidden></ul>
<button type="button" id="expand-all"${view.nodes.length > 3000 ? ' disabled title="Too many nodes to show at once: expand listeners one by one"' : ''}>Expand all</button>
<button type="button" id="collapse-all">Collapse all</button>
<button type="button" id="zoom-out" aria-label="Zoom out">−</button><button type="button" id="zoom-fit">Fit</button><button type="button" id="zoom-in" aria-label="Zoom in">+</button>
<div class="legend">${legend}<span><span class="sw"></span>reference</span><span><span class="sw dangling"></span>dangling reference</span></div>
</div>
<div class="graph-layout">
<ul id="groups" aria-label="Listeners (click to expand or collapse)"></ul>
<div><div id="viewport"><svg id="graph" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="proxy graph"></svg></div><div id="graph-status"></div></div>
<aside id="details" hidden></aside>
</div>
<noscript><p>The graph needs JavaScript; the summary and the findings table below work without it.</p></noscript>
</section>`;
}

function findingsSection(report: Report, view: GraphView, context: ReportContext): string {
  const rules = [...new Set(report.findings.map((f) => f.ruleId))].sort();
  const rows = view.findings
    .map((f, i) => {
      const file = relativePath(f.file, context.cwd);
      const resource = `${escapeHtml(f.resource.kind.replace(/_/g, ' '))} <span class="mono">${escapeHtml(f.resource.name)}</span>`;
      const resCell = f.node !== undefined ? `<a href="#node-${f.node}" data-node="${f.node}" title="Show in the graph">${resource}</a>` : resource;
      return `<tr id="finding-${i}" data-index="${i}" data-severity="${f.severity}" data-rule="${escapeHtml(f.ruleId)}" data-file="${escapeHtml(file)}" data-line="${f.line}"${f.node !== undefined ? ` data-node-id="${f.node}"` : ''}>
<td><span class="sev sev-${f.severity}">${f.severity}</span></td><td class="mono" data-col="rule">${escapeHtml(f.ruleId)}</td><td data-col="resource">${resCell}</td><td class="msg" data-col="message">${escapeHtml(f.message)}</td><td class="mono" data-col="location">${escapeHtml(`${file}:${f.line}:${f.column}`)}</td></tr>`;
    })
    .join('\n');
  const head = (['severity', 'rule', 'resource', 'message', 'location'] as const).map((k) => `<th><button type="button" data-sort="${k}">${k}</button></th>`).join('');
  const table =
    view.findings.length === 0
      ? '<p class="muted">No findings.</p>'
      : `<table id="findings-table"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table>`;
  return `<section class="card" id="findings"><h2>Findings</h2>
<div class="toolbar">
<input type="search" id="finding-filter" placeholder="Filter findings" title="Matches rule, resource, message and file" aria-label="Filter findings">
<select id="severity-filter" aria-label="Severity"><option value="">all severities</option>${SEVERITIES.map((s) => `<option value="${s}">${s}</option>`).join('')}</select>
<select id="rule-filter" aria-label="Rule"><option value="">all rules</option>${rules.map((r) => `<option value="${escapeHtml(r)}">${escapeHtml(r)}</option>`).join('')}</select>
<span id="finding-count"></span>
</div>
${table}
</section>`;
}

export function renderHtml(report: Report, context: ReportContext, view: GraphView): string {
  const dagre = dagreScript();
  const who = view.proxies
    ? `<span class="proxy">mesh of ${view.proxies.length} proxies</span>`
    : view.nodeId !== undefined
      ? `proxy <span class="proxy">${escapeHtml(view.nodeId)}</span>`
      : '<span class="proxy">(no node id in the inputs)</span>';
  const proxy = view.controlPlane !== undefined ? `${who} <span class="muted">${escapeHtml(view.controlPlane)}</span>` : who;
  const csp = `default-src 'none'; script-src ${sha256(dagre)} ${sha256(CLIENT_SCRIPT)}; style-src ${sha256(STYLE)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = `envoy-lint report${view.nodeId !== undefined ? `: ${view.nodeId}` : ''}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="envoy-lint ${escapeHtml(report.tool.version)}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top"><h1>envoy-lint report</h1><div>${proxy}</div><div>${escapeHtml(summaryText(report, true, context.withheld))}</div></header>
<main>
${summarySection(report, view, context)}
${graphSection(view)}
${findingsSection(report, view, context)}
</main>
<script type="application/json" id="envoy-lint-data">${scriptJson(view)}</script>
<script>${dagre}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

export const htmlReporter: Reporter = (report, context) => {
  const view = reportView(report, context);
  return view ? renderHtml(report, context, view) : needsGraphMessage('html');
};
