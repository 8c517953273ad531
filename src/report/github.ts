// `--format github`: GitHub Actions workflow commands, one annotation per finding:
//   ::error file=path,line=12,col=5,title=rule-id::message
// plus `githubStepSummary`, the Markdown the CLI may append to $GITHUB_STEP_SUMMARY.
//
// GitHub shows at most 10 error and 10 warning annotations per step, so findings are emitted most severe first.
// Paths are relative to context.cwd, which the CLI sets to GITHUB_WORKSPACE.

import type { Finding, Severity } from '../engine/finding.js';
import type { InputSummary, Report } from '../engine/report.js';
import { relatedLines } from './related.js';
import type { ReportContext, Reporter } from './types.js';
import { relativePath } from './paths.js';
import { markdownCell } from '../markdown.js';
import { neutralizeExcept } from './sanitize.js';
import { bySeverity, failedInputs, problemCount, summaryText } from './summary.js';

export const GITHUB_COMMAND: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};

/**
 * Escaping of a workflow command's message, as the runner unescapes it. Because CR and LF are escaped,
 * a message can never end the command's line, so text after a newline cannot start another command.
 * Other control characters (ESC would colour the log) are neutralised to visible text first.
 */
export function escapeData(s: string): string {
  return neutralizeExcept(s, '\t\r\n').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command property value: as `escapeData`, and also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubCommand(finding: Finding, context: ReportContext): string {
  const { location } = finding;
  const properties = [
    `file=${escapeProperty(relativePath(location.file, context.cwd))}`,
    `line=${location.line}`,
    ...(location.endLine > location.line ? [`endLine=${location.endLine}`] : []),
    `col=${location.column}`,
    ...(location.endLine === location.line && location.endColumn > location.column ? [`endColumn=${location.endColumn}`] : []),
    `title=${escapeProperty(finding.ruleId)}`,
  ].join(',');
  // An annotation has one place: the related ones go into its text, one line each.
  const message = [finding.message, ...relatedLines(finding, context.cwd)].join('\n');
  return `::${GITHUB_COMMAND[finding.severity]} ${properties}::${escapeData(message)}`;
}

/** An `::error` annotation for an input that could not be read, at the place reading stopped. */
export function githubInputError(input: InputSummary, context: ReportContext): string {
  const error = input.error;
  const properties = [
    `file=${escapeProperty(relativePath(input.file, context.cwd))}`,
    ...(error?.line !== undefined ? [`line=${error.line}`, `col=${error.column ?? 1}`] : []),
    `title=${escapeProperty('envoy-lint: input could not be read')}`,
  ].join(',');
  return `::error ${properties}::${escapeData(`the input could not be read, so its findings are missing: ${error?.message ?? 'unknown error'}`)}`;
}

export const githubReporter: Reporter = (report, context) =>
  [
    ...failedInputs(report).map((input) => githubInputError(input, context)),
    ...bySeverity(report.findings).map((finding) => githubCommand(finding, context)),
  ]
    .map((line) => `${line}\n`)
    .join('');

/** One Markdown table cell: controls neutralised (newlines kept for `markdownCell` to turn into `<br>`), then literal. */
function cell(s: string): string {
  return markdownCell(neutralizeExcept(s, '\r\n'));
}

const SEVERITY_ICON: Readonly<Record<Severity, string>> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/** A Markdown summary for $GITHUB_STEP_SUMMARY: counts, then a table of every finding. */
export function githubStepSummary(report: Report, context: ReportContext): string {
  const lines = [`## ${cell(report.tool.name)} ${cell(report.tool.version)}`, ''];
  const failed = failedInputs(report);
  const read = report.inputs.length - failed.length;
  const files = `${read} ${read === 1 ? 'file' : 'files'}`;
  if (failed.length > 0) {
    lines.push(`⛔ **${failed.length} ${failed.length === 1 ? 'input' : 'inputs'} could not be read**: their findings are missing from this report.`, '');
    for (const input of failed) {
      const where = `${relativePath(input.file, context.cwd)}${input.error?.line !== undefined ? `:${input.error.line}:${input.error.column ?? 1}` : ''}`;
      lines.push(`- ${cell(where)}: ${cell(input.error?.message ?? '')}`);
    }
    lines.push('');
  }
  if (problemCount(report) === 0 && report.findings.length === 0) {
    const clean = failed.length === 0 && (context.withheld?.count ?? 0) === 0;
    lines.push(`${clean ? '✅ ' : ''}${summaryText(report, false, context.withheld)} in ${files}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    `**${summaryText(report, false, context.withheld)}** in ${files}`,
    '',
    '| Severity | Count |',
    '| --- | ---: |',
    `| ${SEVERITY_ICON.error} error | ${report.summary.error} |`,
    `| ${SEVERITY_ICON.warning} warning | ${report.summary.warning} |`,
    `| ${SEVERITY_ICON.info} info | ${report.summary.info} |`,
    '',
    '| Severity | Rule | Resource | Message | Location |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const finding of report.findings) {
    const { resource, location } = finding;
    const cells = [
      `${SEVERITY_ICON[finding.severity]} ${finding.severity}`,
      cell(finding.ruleId),
      `${cell(resource.kind)} ${cell(resource.name)}`,
      cell(finding.message),
      cell(`${relativePath(location.file, context.cwd)}:${location.line}`),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
