// `--format junit`: JUnit XML for CI test views. One <testsuite> per input file, one <testcase> per finding (with a
// <failure> for findings at or above the run's failing severity, context.failOn; the others pass and carry their
// message in <system-out>, so a green job never shows failed tests), and a passing "no problems" <testcase> for each
// input file without findings.

import { SEVERITY_RANK, type Finding } from '../engine/finding.js';
import type { InputSummary, Report } from '../engine/report.js';
import { relatedLines } from './related.js';
import type { ReportContext, Reporter } from './types.js';
import { absolutePath, relativePath } from './paths.js';
import { replaceUnsafe } from './sanitize.js';

/** Characters XML 1.0 does not allow anywhere (most C0 controls, lone surrogates, U+FFFE, U+FFFF). */
const XML_ILLEGAL = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** `s` without the characters XML 1.0 forbids. */
export function stripXmlIllegal(s: string): string {
  return s.replace(XML_ILLEGAL, '');
}

/** `s` as XML character data; the controls XML allows but a terminal acts on (DEL, C1, bidi) as character references. */
export function xmlText(s: string): string {
  const escaped = stripXmlIllegal(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
  return replaceUnsafe(escaped, (ch) => `&#x${ch.charCodeAt(0).toString(16)};`, '\t\n');
}

/** `s` as a double-quoted XML attribute value (whitespace kept through character references). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

function attrs(pairs: Record<string, string | number>): string {
  return Object.entries(pairs)
    .map(([key, value]) => ` ${key}="${xmlAttr(String(value))}"`)
    .join('');
}

interface Suite {
  file: string;
  findings: Finding[];
  /** Why the file could not be read: one <error> testcase. */
  error?: NonNullable<InputSummary['error']>;
}

/** Suites in the order of report.inputs, then files that only findings mention, in order of appearance. */
function suites(report: Report, cwd: string): Suite[] {
  const byPath = new Map<string, Suite>();
  const add = (file: string): Suite => {
    const key = absolutePath(file, cwd);
    let suite = byPath.get(key);
    if (!suite) {
      suite = { file, findings: [] };
      byPath.set(key, suite);
    }
    return suite;
  };
  for (const input of report.inputs) {
    const suite = add(input.file);
    if (input.status === 'error' && input.error) suite.error = input.error;
  }
  for (const finding of report.findings) add(finding.location.file).findings.push(finding);
  return [...byPath.values()];
}

function testcase(finding: Finding, file: string, isFailure: (f: Finding) => boolean, cwd: string): string[] {
  const { location, resource } = finding;
  const name = `${finding.ruleId} ${resource.kind} ${resource.name} (${location.line}:${location.column})`;
  const open = `    <testcase${attrs({ classname: file, name, file, line: location.line })}>`;
  const details = [
    `${finding.severity}: ${finding.message}`,
    `rule: ${finding.ruleId}`,
    `resource: ${resource.kind} ${resource.name}`,
    `at: ${file}:${location.line}:${location.column}`,
    ...(location.pointer === '' ? [] : [`pointer: ${location.pointer}`]),
    ...relatedLines(finding, cwd),
  ].join('\n');
  const body = isFailure(finding)
    ? `      <failure${attrs({ message: finding.message, type: finding.ruleId })}>${xmlText(details)}</failure>`
    : `      <system-out>${xmlText(details)}</system-out>`;
  return [open, body, '    </testcase>'];
}

function errorTestcase(error: NonNullable<Suite['error']>, file: string): string[] {
  const where = `${file}${error.line !== undefined ? `:${error.line}:${error.column ?? 1}` : ''}`;
  return [
    `    <testcase${attrs({ classname: file, name: 'read the input', file, ...(error.line !== undefined ? { line: error.line } : {}) })}>`,
    `      <error${attrs({ message: error.message, type: 'input-error' })}>${xmlText(`${where}: the input could not be read: ${error.message}`)}</error>`,
    '    </testcase>',
  ];
}

export const junitReporter: Reporter = (report, context: ReportContext) => {
  const threshold = SEVERITY_RANK[context.failOn ?? 'error'];
  const isFailure = (finding: Finding): boolean => SEVERITY_RANK[finding.severity] >= threshold;
  const all = suites(report, context.cwd);
  const errors = (suite: Suite): number => (suite.error ? 1 : 0);
  const count = (suite: Suite): number => Math.max(suite.findings.length + errors(suite), 1);
  const failures = (suite: Suite): number => suite.findings.filter(isFailure).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({
      name: report.tool.name,
      tests: all.reduce((n, s) => n + count(s), 0),
      failures: all.reduce((n, s) => n + failures(s), 0),
      errors: all.reduce((n, s) => n + errors(s), 0),
    })}>`,
  ];
  for (const suite of all) {
    const file = relativePath(suite.file, context.cwd);
    lines.push(
      `  <testsuite${attrs({ name: file, tests: count(suite), failures: failures(suite), errors: errors(suite), skipped: 0 })}>`,
    );
    if (suite.error) lines.push(...errorTestcase(suite.error, file));
    else if (suite.findings.length === 0) {
      lines.push(`    <testcase${attrs({ classname: file, name: 'no problems', file })}/>`);
    }
    for (const finding of suite.findings) lines.push(...testcase(finding, file, isFailure, context.cwd));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
};
