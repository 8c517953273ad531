// The graph view shared by the html, dot and mermaid reporters; the CLI builds it with buildGraphView and passes it
// in ReportContext.graph (with ReportContext.graphScope from --graph-scope).

import type { Report } from '../../engine/report.js';
import type { ReportContext } from '../types.js';
import { attachFindings } from './findings.js';
import { scopeGraphView } from './scope.js';
import type { GraphView } from './types.js';

export { buildGraphView, specialCluster } from './build.js';
export { attachFindings } from './findings.js';
export { scopeGraphView } from './scope.js';
export type * from './types.js';

/** The formats that draw the graph: the CLI builds the GraphView only when one of them is requested. */
export const GRAPH_FORMATS: ReadonlySet<string> = new Set(['html', 'dot', 'mermaid']);

/** The view a graph reporter draws: the context's graph with the report's findings on it, limited to the scope. */
export function reportView(report: Report, context: ReportContext): GraphView | undefined {
  if (!context.graph) return undefined;
  return scopeGraphView(attachFindings(context.graph, report.findings), context.graphScope ?? 'all');
}

/** What a graph reporter prints when it was called without the graph (one line). */
export function needsGraphMessage(format: string): string {
  return `envoy-lint: --format ${format} draws the proxy graph, but this caller passed none (ReportContext.graph); build it with buildGraphView(graph, findings, inputFiles)\n`;
}
