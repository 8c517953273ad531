// `--format text`: findings grouped by file, each with its source line (and the line above it, for context) and the
// offending value underlined, then a summary line. On a terminal (context.width) messages are wrapped at word
// boundaries to its width, so the terminal does not cut words or the rule id in two; piped output keeps one line per
// finding, for grep.
import type WrapAnsi from 'wrap-ansi';

import type { Finding, Severity } from '../engine/finding.js';
import type { ProxySummary, Report } from '../engine/report.js';
import type { ReportContext, Reporter } from './types.js';
import { relativePath } from './paths.js';
import { escapeChar, isUnsafeChar, neutralize } from './sanitize.js';
import { groupByFile, problemCount, summaryText } from './summary.js';

/** Source lines longer than this (minified dumps are one line) are cut to a window around the column. */
export const MAX_SOURCE_WIDTH = 120;
/** Continuation lines of a wrapped message start here, under the message rather than under the file name. */
const WRAP_INDENT = '      ';
/** Narrower terminals than this are not wrapped for: the indent would leave too little room. */
const MIN_WRAP_WIDTH = 40;

const SGR = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  underline: '\u001b[4m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
} as const;

const SEVERITY_COLOR: Readonly<Record<Severity, string>> = {
  error: SGR.red,
  warning: SGR.yellow,
  info: SGR.blue,
};

type Paint = (style: string, s: string) => string;

function painter(color: boolean): Paint {
  return color ? (style, s) => (s === '' ? s : `${style}${s}${SGR.reset}`) : (_style, s) => s;
}

/** How one UTF-16 unit (or surrogate pair) of a source line is shown: tabs as one space, controls escaped. */
function displayUnits(line: string): string[] {
  const units: string[] = [];
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    const code = line.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < line.length) {
      const next = line.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        units.push(line.slice(i, i + 2), '');
        i++;
        continue;
      }
    }
    if (ch === '\t') units.push(' ');
    else if (isUnsafeChar(ch)) units.push(escapeChar(ch));
    else units.push(ch);
  }
  return units;
}

/**
 * The printable source line, the caret's offset in it and how many display columns the underline spans (the value
 * from `column` to `endColumn`, exclusive; to the end of the line without one), cut to MAX_SOURCE_WIDTH around the
 * column.
 */
export function sourceFrame(line: string, column: number, endColumn?: number): { text: string; caret: number; width: number } {
  const units = displayUnits(line);
  const index = Math.min(Math.max(column - 1, 0), units.length);
  const endIndex = Math.min(Math.max((endColumn ?? units.length + 1) - 1, index + 1), Math.max(units.length, index + 1));
  const offsets: number[] = [0];
  for (const unit of units) offsets.push((offsets[offsets.length - 1] ?? 0) + unit.length);
  const total = offsets[units.length] ?? 0;
  const caretAt = offsets[index] ?? total;
  const spanEnd = Math.max(offsets[endIndex] ?? total, caretAt + 1);
  if (total <= MAX_SOURCE_WIDTH) return { text: units.join('').trimEnd(), caret: caretAt, width: spanEnd - caretAt };

  // Window of display columns [from, to) holding the caret about a third of the way in.
  let from = Math.max(0, caretAt - Math.floor(MAX_SOURCE_WIDTH / 3));
  let to = from + MAX_SOURCE_WIDTH;
  if (to > total) {
    to = total;
    from = Math.max(0, to - MAX_SOURCE_WIDTH);
  }
  // Snap to whole units so escapes are never cut in half.
  let first = 0;
  while (first < units.length && (offsets[first] ?? 0) < from) first++;
  let last = first;
  while (last < units.length && (offsets[last + 1] ?? 0) <= to) last++;
  const prefix = first > 0 ? '…' : '';
  const suffix = last < units.length ? '…' : '';
  const text = prefix + units.slice(first, last).join('') + suffix;
  const caret = prefix.length + Math.max(0, caretAt - (offsets[first] ?? 0));
  const visibleEnd = Math.min(spanEnd, offsets[last] ?? total);
  return { text, caret, width: Math.max(1, visibleEnd - caretAt) };
}

/**
 * wrap-ansi, loaded only for a report to a terminal (a `width`): its Unicode tables and its Intl.Segmenter cost about
 * 20 ms of every start-up when imported with the reporter, and piped output (CI, editors, jq) never wraps.
 */
let wrapAnsi: typeof WrapAnsi | undefined;

/** Loads what wrapping to a terminal's width needs: call it before a text report is made with a `width`. */
export async function loadTextWrapping(): Promise<void> {
  wrapAnsi ??= (await import('wrap-ansi')).default;
}

function wrapped(text: string, width: number): string[] {
  if (!wrapAnsi) throw new Error('internal: the text report wraps to a width only after loadTextWrapping()');
  return wrapAnsi(text, width, { hard: false, trim: true }).split('\n');
}

/** `head` (a finding's first line, without its indent) wrapped to `width` columns, continuation lines indented. */
function wrapHead(head: string, width: number | undefined): string[] {
  if (width === undefined || width < MIN_WRAP_WIDTH) return [`  ${head}`];
  return wrapped(head, width - WRAP_INDENT.length).map((line, i) => (i === 0 ? `  ${line}` : `${WRAP_INDENT}${line}`));
}

function findingLines(finding: Finding, context: ReportContext, paint: Paint): string[] {
  const { location, resource } = finding;
  const where = `${neutralize(relativePath(location.file, context.cwd))}:${location.line}:${location.column}`;
  const lines = wrapHead(
    `${paint(SGR.dim, where)}  ${paint(SEVERITY_COLOR[finding.severity], finding.severity)}  ` +
      `${neutralize(finding.message)}  ${paint(SGR.dim, `[${neutralize(finding.ruleId)}]`)}`,
    context.width,
  );
  if (resource.name !== '') {
    // Resource names of routes run long ("route config 9080, virtual host ..., route 0"): wrapped like the message.
    const at = `at ${neutralize(resource.kind)} ${neutralize(resource.name)}`;
    const width = context.width !== undefined && context.width >= MIN_WRAP_WIDTH ? context.width - WRAP_INDENT.length : undefined;
    const atLines = width === undefined ? [at] : wrapped(at, width);
    atLines.forEach((line, i) => lines.push(`${i === 0 ? '    ' : WRAP_INDENT}${paint(SGR.dim, line)}`));
  }
  const source = context.sourceLine(location.file, location.line);
  if (source !== undefined) {
    // The offending value underlined (^~~~), to the end of the line when it goes on below.
    const frame = sourceFrame(source, location.column, location.endLine === location.line ? location.endColumn : undefined);
    const gutter = String(location.line);
    const blank = ' '.repeat(gutter.length);
    // The line above, for context (the key that holds the value, usually), unless the dump is minified into one line.
    const above = location.line > 1 && source.length <= MAX_SOURCE_WIDTH ? context.sourceLine(location.file, location.line - 1) : undefined;
    if (above !== undefined && above.trim() !== '') {
      const aboveFrame = sourceFrame(above, location.column);
      lines.push(`    ${paint(SGR.dim, `${String(location.line - 1).padStart(gutter.length)} |`)} ${paint(SGR.dim, aboveFrame.text)}`.trimEnd());
    }
    lines.push(`    ${paint(SGR.dim, `${gutter} |`)} ${frame.text}`.trimEnd());
    lines.push(
      `    ${paint(SGR.dim, `${blank} |`)} ${' '.repeat(frame.caret)}${paint(SEVERITY_COLOR[finding.severity], `^${'~'.repeat(Math.max(0, frame.width - 1))}`)}`,
    );
  }
  // The other places it involves (a mesh finding's server side), one line each, in another proxy's file often.
  for (const related of finding.related ?? []) {
    const at = `${neutralize(relativePath(related.location.file, context.cwd))}:${related.location.line}:${related.location.column}`;
    lines.push(`    ${paint(SGR.dim, 'see also')} ${at}  ${neutralize(related.message)}`);
  }
  return lines;
}

function summaryStyle(report: Report): string {
  if (report.summary.error > 0 || report.summary.failedInputs > 0) return SGR.bold + SGR.red;
  if (report.summary.warning > 0) return SGR.bold + SGR.yellow;
  return SGR.bold + SGR.blue;
}

/** `Istio sidecar, Envoy 1.22.0`: what configured the proxy, for the headers. */
export function proxyDescription(proxy: ProxySummary): string {
  return [proxy.controlPlane.name, ...(proxy.envoyVersion !== undefined ? [`Envoy ${proxy.envoyVersion}`] : [])].join(', ');
}

/**
 * A file's findings under its name, with the proxy they belong to: after the name when the file is one proxy's, else a
 * `proxy <name>` line before each proxy's findings (an egctl file holds several).
 */
function fileGroup(file: string, findings: readonly Finding[], report: Report, context: ReportContext, paint: Paint): string[] {
  const proxies = new Map((report.proxies ?? []).map((p) => [p.name, p]));
  const names = [...new Set(findings.map((f) => f.proxy ?? ''))];
  const name = neutralize(relativePath(file, context.cwd));
  const only = names.length === 1 ? proxies.get(names[0] ?? '') : undefined;
  const out = [only ? `${paint(SGR.underline, name)}  ${paint(SGR.dim, `(${neutralize(proxyDescription(only))})`)}` : paint(SGR.underline, name)];
  let current: string | undefined;
  for (const finding of findings) {
    const proxy = proxies.get(finding.proxy ?? '');
    if (!only && proxy && finding.proxy !== current) {
      current = finding.proxy;
      out.push(`  ${paint(SGR.bold, `proxy ${neutralize(proxy.name)}`)}  ${paint(SGR.dim, `(${neutralize(proxyDescription(proxy))})`)}`);
    }
    out.push(...findingLines(finding, context, paint));
  }
  return out;
}

export const textReporter: Reporter = (report, context) => {
  const paint = painter(context.color);
  const out: string[] = [];
  for (const [file, findings] of groupByFile(report.findings)) {
    out.push(...fileGroup(file, findings, report, context, paint));
    out.push('');
  }
  const summary = summaryText(report, true, context.withheld);
  const failsOnWithheld = (context.withheld?.count ?? 0) > 0 && context.exitCode !== undefined && context.exitCode !== 0;
  if (problemCount(report) === 0 && report.findings.length === 0 && report.summary.failedInputs === 0 && !failsOnWithheld) {
    out.push(paint(SGR.green, summary));
  } else {
    out.push(paint(summaryStyle(report), `✖ ${summary}`));
  }
  return `${out.join('\n')}\n`;
};
