// Counting and wording shared by the human-facing reporters.

import type { Finding, Severity } from '../engine/finding.js';
import type { InputSummary, Report } from '../engine/report.js';
import type { Withheld } from './types.js';
import { SEVERITY_RANK } from '../engine/finding.js';
import { neutralize } from './sanitize.js';

/** `1 warning`, `2 warnings`. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Total number of problems according to the report's summary. */
export function problemCount(report: Report): number {
  return report.summary.error + report.summary.warning + report.summary.info;
}

/** The inputs that could not be read. */
export function failedInputs(report: Report): InputSummary[] {
  return report.inputs.filter((i) => i.status === 'error');
}

/**
 * `3 problems (2 errors, 1 warning, 0 info)`, or `no problems` when the summary is all zero; with `withFailed`, the
 * inputs that could not be read are counted after it ("; 1 input could not be read"); findings the report does not
 * list are said after the counts ("no problems shown; --quiet hid 2 warnings").
 */
export function summaryText(report: Report, withFailed = true, withheld?: Withheld): string {
  const total = problemCount(report);
  const failed = report.summary.failedInputs;
  // The note names the --write-baseline file as typed: argv text, neutralised like the dump's.
  const held = withheld !== undefined && withheld.count > 0 ? `; ${neutralize(withheld.note)}` : '';
  const tail = `${held}${withFailed && failed > 0 ? `; ${plural(failed, 'input', 'inputs')} could not be read` : ''}`;
  if (total === 0) return `no problems${held ? ' shown' : ''}${failed > 0 ? ' in the inputs read' : ''}${tail}`;
  const { error, warning, info } = report.summary;
  return (
    `${plural(total, 'problem', 'problems')} ` +
    `(${plural(error, 'error', 'errors')}, ${plural(warning, 'warning', 'warnings')}, ${info} info)${tail}`
  );
}

/** The findings, most severe first; the engine's order is kept within a severity (stable sort). */
export function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

/** Findings grouped by file, files in order of first appearance (the engine sorts by file). */
export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.location.file);
    if (group) group.push(finding);
    else groups.set(finding.location.file, [finding]);
  }
  return groups;
}

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
};
