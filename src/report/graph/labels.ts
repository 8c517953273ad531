// Wording and colours shared by the drawings of a GraphView (dot, mermaid; the HTML page has its own CSS).

import type { Severity } from '../../engine/finding.js';
import type { GraphView, ViewNode, ViewNodeKind } from './types.js';

export const KIND_TITLE: Readonly<Record<ViewNodeKind, string>> = {
  listener: 'listener',
  filter_chain: 'filter chain',
  route_config: 'route config',
  virtual_host: 'virtual host',
  cluster: 'cluster',
  endpoints: 'endpoints',
  missing: 'missing',
};

export const KIND_FILL: Readonly<Record<ViewNodeKind, string>> = {
  listener: '#dbeafe',
  filter_chain: '#e0e7ff',
  route_config: '#ede9fe',
  virtual_host: '#fae8ff',
  cluster: '#dcfce7',
  endpoints: '#f1f5f9',
  missing: '#fee2e2',
};

export const KIND_STROKE: Readonly<Record<ViewNodeKind, string>> = {
  listener: '#1d4ed8',
  filter_chain: '#4338ca',
  route_config: '#6d28d9',
  virtual_host: '#a21caf',
  cluster: '#15803d',
  endpoints: '#475569',
  missing: '#b91c1c',
};

export const SEVERITY_COLOR: Readonly<Record<Severity, string>> = { error: '#dc2626', warning: '#d97706', info: '#2563eb' };

const MAX_LINE = 72;

function clip(s: string): string {
  return s.length <= MAX_LINE ? s : `${s.slice(0, MAX_LINE - 1)}…`;
}

/** The title line of a node: its kind, with what makes it special. */
export function nodeTitle(node: ViewNode): string {
  if (node.kind === 'missing' && node.missing) return node.missing.proven ? `MISSING ${KIND_TITLE[node.missing.targetKind]}` : `${KIND_TITLE[node.missing.targetKind]} (not in inputs)`;
  if (node.special === 'blackhole') return 'cluster · BLACKHOLE (drops traffic)';
  if (node.special === 'passthrough') return 'cluster · PASSTHROUGH (any destination)';
  return KIND_TITLE[node.kind];
}

/** The lines a static drawing shows for a node (raw text: each format escapes it). */
export function nodeLines(node: ViewNode, view: GraphView): string[] {
  const lines = [nodeTitle(node), clip(node.label), ...node.details.map(clip)];
  if (node.findings.length > 0) {
    const rules = [...new Set(node.findings.map((i) => view.findings[i]?.ruleId).filter((r): r is string => r !== undefined))];
    lines.push(`${node.severity ?? 'finding'}: ${clip(rules.join(', '))}`);
  }
  return lines;
}

/** A comment line for the top of a drawing: what it shows. */
export function drawingCaption(view: GraphView): string {
  const who = view.proxies
    ? `mesh of ${view.proxies.length} proxies`
    : `${view.nodeId !== undefined ? `proxy ${view.nodeId}` : 'proxy'}${view.controlPlane !== undefined ? ` (${view.controlPlane})` : ''}`;
  const scope = view.scope === 'findings' ? 'neighbourhood of the findings' : 'whole graph';
  return `envoy-lint ${who}: ${view.nodes.length} nodes, ${view.edges.length} edges (${scope})`;
}
