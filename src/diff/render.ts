// A diff as text (grouped by resource, each change at its line in both files), JSON, or Markdown for a pull-request
// comment; the findings the change brings and takes away after the resources.
import type { Finding } from '../engine/finding.js';
import type { Origin } from '../generated/graph.js';
import { markdownCell as cell, markdownCode } from '../markdown.js';
import type { ResourceDiff, ValueChange } from './compare.js';
import type { FindingsDiff } from './findings.js';
import type { IdentifiedResource } from './resources.js';

/** file:line:col of a pointer on side A or B. */
export type Locate = (side: 'a' | 'b', origin: Origin) => string | undefined;

export interface DiffReport {
  a: string;
  b: string;
  resources: ResourceDiff[];
  findings?: FindingsDiff;
}

const TYPE_NAME: Record<IdentifiedResource['type'], string> = {
  listener: 'listener',
  route_config: 'route config',
  cluster: 'cluster',
  endpoints: 'endpoints',
  secret: 'secret',
  extension_config: 'extension config',
};

function title(r: IdentifiedResource): string {
  return `${TYPE_NAME[r.type]} ${r.name}${r.state !== 'active' && r.state !== 'static' ? ` (${r.state})` : ''}${r.proxy !== undefined ? ` of ${r.proxy}` : ''}`;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function subOrigin(r: IdentifiedResource | undefined, pointer: string | undefined): Origin | undefined {
  return r && pointer !== undefined ? { input: r.origin.input, pointer: `${r.origin.pointer}${pointer}` } : undefined;
}

function places(d: ResourceDiff, c: ValueChange | undefined, locate: Locate): string {
  const a = subOrigin(d.a, c ? c.pointerA : '');
  const b = subOrigin(d.b, c ? c.pointerB : '');
  const at = [a ? locate('a', a) : undefined, b ? locate('b', b) : undefined].filter((x) => x !== undefined);
  return at.length > 0 ? `  [${at.join(' → ')}]` : '';
}

function changeLine(c: ValueChange): string {
  const pointer = c.pointerA ?? c.pointerB ?? '';
  if (c.kind === 'added') return `+ ${pointer}: ${short(c.after)}`;
  if (c.kind === 'removed') return `- ${pointer}: ${short(c.before)}`;
  return `~ ${pointer}: ${short(c.before)} → ${short(c.after)}`;
}

function findingLine(f: Finding): string {
  return `${f.ruleId} (${f.severity}) ${f.resource.kind} ${f.resource.name}: ${f.message}  [${f.location.file}:${f.location.line}:${f.location.column}]`;
}

export function summaryLine(report: DiffReport): string {
  const n = (kind: ResourceDiff['kind']): number => report.resources.filter((r) => r.kind === kind).length;
  const res = report.resources.length === 0 ? 'the same resources' : `${report.resources.length} resource(s) differ: ${n('changed')} changed, ${n('added')} added, ${n('removed')} removed`;
  const f = report.findings;
  return `${res}${f ? `; findings: ${f.added.length} new, ${f.removed.length} gone, ${f.kept.length} kept` : ''}`;
}

export function formatText(report: DiffReport, locate: Locate): string[] {
  return [`diff ${report.a} ${report.b}: ${summaryLine(report)}`, ...textBody(report, locate)];
}

/** The text after the summary line: each resource with its changes, then the new and gone findings. */
export function textBody(report: DiffReport, locate: Locate): string[] {
  const out: string[] = [];
  for (const d of report.resources) {
    const r = d.b ?? d.a;
    if (!r) continue;
    out.push('', `${d.kind === 'added' ? '+' : d.kind === 'removed' ? '-' : '~'} ${title(r)}${places(d, undefined, locate)}`);
    for (const c of d.changes) out.push(`    ${changeLine(c)}${places(d, c, locate)}`);
  }
  const f = report.findings;
  if (f && (f.added.length > 0 || f.removed.length > 0)) {
    out.push('');
    for (const x of f.added) out.push(`new finding   ${findingLine(x)}`);
    for (const x of f.removed) out.push(`gone finding  ${findingLine(x)}`);
  }
  return out;
}

export function formatMarkdown(report: DiffReport, locate: Locate): string[] {
  return [`## envoy-lint diff`, '', `${cell(report.a)} → ${cell(report.b)}: ${cell(summaryLine(report))}`, '', ...markdownBody(report, locate)];
}

/** The resource table and the findings table (each only when it has rows). */
export function markdownBody(report: DiffReport, locate: Locate): string[] {
  const out: string[] = [];
  if (report.resources.length > 0) {
    out.push('| | Resource | Change | Where |', '| --- | --- | --- | --- |');
    for (const d of report.resources) {
      const r = d.b ?? d.a;
      if (!r) continue;
      const mark = d.kind === 'added' ? '+' : d.kind === 'removed' ? '−' : '~';
      if (d.changes.length === 0) out.push(`| ${mark} | ${cell(title(r))} | ${d.kind} | ${cell(places(d, undefined, locate).trim())} |`);
      for (const c of d.changes) out.push(`| ${mark} | ${cell(title(r))} | ${markdownCode(changeLine(c))} | ${cell(places(d, c, locate).trim())} |`);
    }
    out.push('');
  }
  const f = report.findings;
  if (f && (f.added.length > 0 || f.removed.length > 0)) {
    out.push('| Findings | Rule | Severity | Resource | Message | Where |', '| --- | --- | --- | --- | --- | --- |');
    for (const [what, list] of [['new', f.added], ['gone', f.removed]] as const) {
      for (const x of list) out.push(`| ${what} | ${cell(x.ruleId)} | ${x.severity} | ${cell(`${x.resource.kind} ${x.resource.name}`)} | ${cell(x.message)} | ${cell(`${x.location.file}:${x.location.line}:${x.location.column}`)} |`);
    }
  }
  return out;
}

/** Where a resource of each side belongs, for a fleet's pairs (`proxy` on each reference). */
export interface ProxyNames {
  a?: string;
  b?: string;
}

/** The resource diffs as JSON, each change at its place in both files. */
export function resourcesJson(resources: readonly ResourceDiff[], locate: Locate, proxies: ProxyNames = {}): unknown[] {
  const ref = (r: IdentifiedResource | undefined, side: 'a' | 'b'): unknown => {
    const proxy = r?.proxy ?? proxies[side];
    return r ? { type: r.type, name: r.name, state: r.state, ...(proxy !== undefined ? { proxy } : {}), location: locate(side, r.origin) ?? null } : null;
  };
  return resources.map((d) => ({
    kind: d.kind,
    a: ref(d.a, 'a'),
    b: ref(d.b, 'b'),
    changes: d.changes.map((c) => {
      const oa = subOrigin(d.a, c.pointerA);
      const ob = subOrigin(d.b, c.pointerB);
      return { ...c, ...(oa ? { locationA: locate('a', oa) ?? null } : {}), ...(ob ? { locationB: locate('b', ob) ?? null } : {}) };
    }),
  }));
}

export function toJson(report: DiffReport, locate: Locate): unknown {
  return {
    a: report.a,
    b: report.b,
    equal: report.resources.length === 0,
    resources: resourcesJson(report.resources, locate),
    ...(report.findings ? { findings: { new: report.findings.added, gone: report.findings.removed, kept: report.findings.kept.length } } : {}),
  };
}
