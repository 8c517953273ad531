// Text rendering of a trace: one line per hop, the reason beneath, the losers indented, the outcome last.
import type { Origin } from '../generated/graph.js';
import type { Hop, TraceResult } from './types.js';

/** Turns an Origin into `file:line:column` (the CLI resolves JSON pointers with the inputs' positions). */
export type Locate = (origin: Origin) => string | undefined;

const LABEL: Record<Hop['step'], string> = {
  iptables: 'iptables',
  capture: 'capture',
  listener: 'listener',
  handoff: 'hand-off',
  filter_chain: 'filter chain',
  http_connection_manager: 'http',
  tcp_proxy: 'tcp proxy',
  route_config: 'route config',
  virtual_host: 'virtual host',
  route: 'route',
  cluster: 'cluster',
  endpoints: 'endpoints',
};

function hopLines(hop: Hop, locate: Locate, indent: string, verbose: boolean): string[] {
  const mark = hop.matched ? '✓' : '✗';
  const where = hop.origin ? locate(hop.origin) : hop.line ? `${hop.line.file}${hop.line.line !== null ? `:${hop.line.line}` : ''}` : undefined;
  const lines = [`${indent}${mark} ${LABEL[hop.step].padEnd(13)}${hop.resource ?? '(none)'}${hop.weight !== undefined ? `  weight ${hop.weight}` : ''}${where ? `  [${where}]` : ''}`];
  lines.push(`${indent}    ${hop.reason}`);
  for (const s of hop.matcherSteps ?? []) {
    const at = locate(s.origin);
    lines.push(`${indent}    · ${s.description}${at ? `  [${at}]` : ''}`);
  }
  if (hop.others?.length) {
    const shown = verbose ? hop.others : hop.others.slice(0, 3);
    for (const o of shown) lines.push(`${indent}    - not ${o.resource}: ${o.reason}`);
    const more = hop.others.length - shown.length + (hop.othersOmitted ?? 0);
    if (more > 0) lines.push(`${indent}    - ... and ${more} more`);
  }
  return lines;
}

/** One string a line, for the CLI to neutralise each (names in them are the dump's, and may hold newlines). */
export function formatTrace(result: TraceResult, locate: Locate, options: { verbose?: boolean } = {}): string[] {
  const req = result.request;
  const http = req.http;
  const lines = [`trace ${req.direction} ${req.address}:${req.port}  ${http.method} ${http.authority}${http.path}${req.sni ? `  SNI ${req.sni}` : ''}`];
  for (const hop of result.hops) lines.push(...hopLines(hop, locate, '  ', options.verbose ?? false));
  for (const branch of result.branches ?? []) {
    lines.push(`  ↳ ${branch.cluster}${branch.weight !== undefined ? ` (weight ${branch.weight})` : ''}: ${branch.outcome.kind}`);
    for (const hop of branch.hops) lines.push(...hopLines(hop, locate, '      ', options.verbose ?? false));
  }
  for (const w of result.warnings) lines.push(`  ! ${w}`);
  const o = result.outcome;
  const extra = [o.status !== undefined ? `HTTP ${o.status}` : undefined, o.responseFlag ? `flag ${o.responseFlag}` : undefined].filter(Boolean).join(', ');
  lines.push(`outcome: ${o.kind}${extra ? ` (${extra})` : ''} — ${o.summary}`);
  return lines;
}
