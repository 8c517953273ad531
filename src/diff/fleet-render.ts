// Two fleets' diff as text, JSON and Markdown: a summary line, then each pair of proxies as two dumps' diff is shown
// (grouped under the proxy's name), and the proxies on one side only with their files.
import { markdownCell as cell } from '../markdown.js';
import { fleetEqual, type FleetDiff, type ProxyPairDiff } from './fleet.js';
import type { FindingsDiff } from './findings.js';
import { markdownBody, resourcesJson, summaryLine, textBody, type Locate } from './render.js';

/** How to locate the origins of one pair's sides (each side's proxy has its own inputs). */
export type PairLocate = (pair: ProxyPairDiff) => Locate;

const MARK: Record<ProxyPairDiff['kind'], string> = { same: '=', changed: '~', added: '+', removed: '-' };

function totals(diff: FleetDiff): FindingsDiff | undefined {
  const all = diff.pairs.map((p) => p.report.findings);
  if (all.some((f) => f === undefined)) return undefined;
  return { added: all.flatMap((f) => f?.added ?? []), removed: all.flatMap((f) => f?.removed ?? []), kept: all.flatMap((f) => f?.kept ?? []) };
}

function findingsText(f: FindingsDiff | undefined): string {
  return f ? `; findings: ${f.added.length} new, ${f.removed.length} gone, ${f.kept.length} kept` : '';
}

export function fleetSummaryLine(diff: FleetDiff): string {
  const n = (kind: ProxyPairDiff['kind']): number => diff.pairs.filter((p) => p.kind === kind).length;
  const count = diff.pairs.length;
  return `${count} ${count === 1 ? 'proxy' : 'proxies'}: ${n('changed')} changed, ${n('same')} the same, ${n('added')} added, ${n('removed')} removed${findingsText(totals(diff))}`;
}

/** The pair's name, or both names when a dump was paired with a folder's only proxy under another name. */
function pairTitle(p: ProxyPairDiff): string {
  return p.a && p.b && p.a.name !== p.b.name ? `${p.a.name} ↔ ${p.b.name}` : p.name;
}

/** What a pair is: the two-dump summary line, or on which side only a proxy is and its files. */
function pairLine(p: ProxyPairDiff): string {
  if (p.kind === 'added') return `only in B${findingsText(p.report.findings)}  [${p.b?.files.join(', ') ?? ''}]`;
  if (p.kind === 'removed') return `only in A${findingsText(p.report.findings)}  [${p.a?.files.join(', ') ?? ''}]`;
  return summaryLine(p.report);
}

export function formatFleetText(diff: FleetDiff, locate: PairLocate): string[] {
  const out = [`diff ${diff.a} ${diff.b}: ${fleetSummaryLine(diff)}`];
  for (const p of diff.pairs) {
    out.push('', `${MARK[p.kind]} proxy ${pairTitle(p)}: ${pairLine(p)}`);
    // Under its proxy, each pair reads as a two-dump diff does, indented.
    for (const line of textBody(p.report, locate(p))) if (line !== '') out.push(`  ${line}`);
  }
  return out;
}

export function formatFleetMarkdown(diff: FleetDiff, locate: PairLocate): string[] {
  const out = [`## envoy-lint diff`, '', `${cell(diff.a)} → ${cell(diff.b)}: ${cell(fleetSummaryLine(diff))}`, ''];
  // The findings column only when the rules ran (not with --no-findings).
  const ran = totals(diff) !== undefined;
  out.push(ran ? '| | Proxy | Resources | Findings |' : '| | Proxy | Resources |', ran ? '| --- | --- | --- | --- |' : '| --- | --- | --- |');
  for (const p of diff.pairs) {
    const f = p.report.findings;
    const resources = p.kind === 'added' ? 'only in B' : p.kind === 'removed' ? 'only in A' : p.kind === 'same' ? 'the same' : `${p.report.resources.length} differ`;
    out.push(`| ${MARK[p.kind]} | ${cell(pairTitle(p))} | ${resources} |${f ? ` ${f.added.length} new, ${f.removed.length} gone, ${f.kept.length} kept |` : ''}`);
  }
  for (const p of diff.pairs) {
    const body = markdownBody(p.report, locate(p));
    const files = p.kind === 'added' ? p.b?.files : p.kind === 'removed' ? p.a?.files : undefined;
    if (body.length === 0 && !files) continue;
    out.push('', `### ${MARK[p.kind]} ${cell(pairTitle(p))}`, '');
    if (files) out.push(`${p.kind === 'added' ? 'Only in B' : 'Only in A'}: ${files.map(cell).join(', ')}`, '');
    out.push(...body);
  }
  while (out[out.length - 1] === '') out.pop();
  return out;
}

function sideJson(p: ProxyPairDiff, side: 'a' | 'b'): unknown {
  const proxy = p[side];
  return proxy ? { name: proxy.name, files: proxy.files } : null;
}

/**
 * The two-dump JSON shape, extended: `resources` holds every pair's resource diffs (each reference's `proxy` names
 * its proxy on that side) and `findings` every pair's, and `proxies` lists the pairs.
 */
export function fleetJson(diff: FleetDiff, locate: PairLocate): unknown {
  const f = totals(diff);
  return {
    a: diff.a,
    b: diff.b,
    equal: fleetEqual(diff),
    resources: diff.pairs.flatMap((p) => resourcesJson(p.report.resources, locate(p), { ...(p.a ? { a: p.a.name } : {}), ...(p.b ? { b: p.b.name } : {}) })),
    ...(f ? { findings: { new: f.added, gone: f.removed, kept: f.kept.length } } : {}),
    proxies: diff.pairs.map((p) => ({
      name: p.name,
      kind: p.kind,
      a: sideJson(p, 'a'),
      b: sideJson(p, 'b'),
      resources: p.report.resources.length,
      ...(p.report.findings ? { findings: { new: p.report.findings.added.length, gone: p.report.findings.removed.length, kept: p.report.findings.kept.length } } : {}),
    })),
  };
}
