// Explanations as text (a short story per cause), JSON (for scripts and chat-ops) and Markdown (for an incident
// ticket). Many log lines collapse into their causes: lines with the same flags, verdict and cause are one group.
import type { Origin } from '../generated/graph.js';
import type { Explanation, Verdict } from './explain.js';
import { markdownCell as cell } from '../markdown.js';
import { describeFlag } from './flags.js';

export type Locate = (origin: Origin) => string | undefined;

export interface ExplanationGroup {
  flags: string[];
  verdict: Verdict;
  cause: string;
  count: number;
  lines: number[];
  /** The first line's explanation stands for the group. */
  first: Explanation;
}

export interface Skipped {
  count: number;
  firstLine?: number;
}

export function groupExplanations(explanations: readonly Explanation[]): ExplanationGroup[] {
  const groups = new Map<string, ExplanationGroup>();
  for (const e of explanations) {
    const key = `${e.flags.join(',')}\u0000${e.verdict}\u0000${e.cause}`;
    const group = groups.get(key);
    if (group) {
      group.count++;
      group.lines.push(e.entry.lineNumber);
    } else {
      groups.set(key, { flags: e.flags, verdict: e.verdict, cause: e.cause, count: 1, lines: [e.entry.lineNumber], first: e });
    }
  }
  // Most lines first; contradictions before the rest at equal counts (they are the surprise).
  return [...groups.values()].sort((a, b) => b.count - a.count || Number(b.verdict === 'contradicts') - Number(a.verdict === 'contradicts'));
}

const VERDICT_TEXT: Record<Verdict, string> = {
  explained: 'the dump explains it',
  partly: 'the dump explains part of it; the rest is run-time state',
  contradicts: 'the dump does not produce this line',
};

function flagText(flags: readonly string[]): string {
  if (flags.length === 0) return 'no response flag';
  return flags.map((f) => `${f} (${describeFlag(f)?.long ?? 'unknown flag'})`).join(', ');
}

function lineList(lines: readonly number[]): string {
  const shown = lines.slice(0, 8).join(', ');
  return lines.length > 8 ? `${shown}, … (${lines.length} lines)` : shown;
}

function requestText(e: Explanation): string {
  const r = e.trace.request;
  const to = `${r.address.includes(':') ? `[${r.address}]` : r.address}:${r.port}`;
  const http = e.entry.method !== undefined || e.entry.path !== undefined ? `${r.http.method} ${r.http.authority}${r.http.path} ` : '';
  return `${http}→ ${to} (${r.direction})`;
}

function at(origin: Origin | undefined, locate: Locate): string {
  const where = origin ? locate(origin) : undefined;
  return where ? `  [${where}]` : '';
}

export function formatText(groups: readonly ExplanationGroup[], locate: Locate, skipped: Skipped): string[] {
  const total = groups.reduce((n, g) => n + g.count, 0);
  const out: string[] = [];
  if (total > 1) out.push(`explain: ${total} log lines, ${groups.length} cause${groups.length === 1 ? '' : 's'}`, '');
  for (const g of groups) {
    const e = g.first;
    out.push(`${g.count > 1 ? `×${g.count} ` : ''}line ${lineList(g.lines)}: ${e.entry.responseCode ?? '-'} ${flagText(g.flags)} — ${VERDICT_TEXT[g.verdict]}`);
    out.push(`  cause: ${g.cause}`);
    out.push(`  request: ${requestText(e)}`);
    for (const a of e.assumptions) out.push(`  assumed: ${a}`);
    for (const s of e.steps) out.push(`    ${s.text}${at(s.origin, locate)}`);
    for (const f of e.findings.slice(0, 5)) out.push(`  finding ${f.ruleId} (${f.severity}): ${f.message}${at(f.origin, locate)}`);
    if (e.findings.length > 5) out.push(`  … and ${e.findings.length - 5} more finding(s) on these resources (envoy-lint DUMP lists them)`);
    out.push('');
  }
  if (skipped.count > 0) out.push(`${skipped.count} line(s) were not access-log lines and were skipped (first: line ${skipped.firstLine ?? '?'})`);
  while (out[out.length - 1] === '') out.pop();
  return out;
}

export function formatMarkdown(groups: readonly ExplanationGroup[], locate: Locate, skipped: Skipped): string[] {
  const total = groups.reduce((n, g) => n + g.count, 0);
  const out: string[] = [`## envoy-lint explain: ${total} log line${total === 1 ? '' : 's'}, ${groups.length} cause${groups.length === 1 ? '' : 's'}`, ''];
  for (const g of groups) {
    const e = g.first;
    out.push(`### ${cell(g.cause)}`, '');
    out.push(`- **Lines:** ${lineList(g.lines)} (${g.count})`);
    out.push(`- **Response:** ${e.entry.responseCode ?? '-'} ${cell(flagText(g.flags))}`);
    out.push(`- **Verdict:** ${VERDICT_TEXT[g.verdict]}`);
    out.push(`- **Request:** \`${requestText(e).replace(/`/g, "'")}\``);
    for (const a of e.assumptions) out.push(`- **Assumed:** ${cell(a)}`);
    out.push('', '| Step | Where |', '| --- | --- |');
    for (const s of e.steps) out.push(`| ${cell(s.text)} | ${cell(s.origin ? (locate(s.origin) ?? '') : '')} |`);
    if (e.findings.length > 0) {
      out.push('', '| Rule | Severity | Finding | Where |', '| --- | --- | --- | --- |');
      for (const f of e.findings) out.push(`| ${f.ruleId} | ${f.severity} | ${cell(f.message)} | ${cell(locate(f.origin) ?? '')} |`);
    }
    out.push('');
  }
  if (skipped.count > 0) out.push(`_${skipped.count} line(s) were not access-log lines and were skipped (first: line ${skipped.firstLine ?? '?'})._`);
  return out;
}

export function toJson(groups: readonly ExplanationGroup[], locate: Locate, skipped: Skipped): unknown {
  const withLocation = (origin: Origin | undefined): { location?: string } => {
    const where = origin ? locate(origin) : undefined;
    return where ? { location: where } : {};
  };
  return {
    groups: groups.map((g) => ({
      flags: g.flags,
      verdict: g.verdict,
      cause: g.cause,
      count: g.count,
      lines: g.lines,
      responseCode: g.first.entry.responseCode ?? null,
      request: g.first.trace.request,
      outcome: g.first.trace.outcome,
      assumptions: g.first.assumptions,
      steps: g.first.steps.map((s) => ({ text: s.text, ...withLocation(s.origin) })),
      findings: g.first.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, messageId: f.messageId, message: f.message, resource: f.resource, ...withLocation(f.origin) })),
    })),
    skipped,
  };
}
