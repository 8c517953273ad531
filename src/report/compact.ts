// `--format compact`: one line per finding, in the form VS Code's built-in `$eslint-compact` problem matcher reads:
//   /abs/path/file.json: line 12, col 5, Error - message (rule-id)

import type { Finding } from '../engine/finding.js';
import type { ReportContext, Reporter } from './types.js';
import { absolutePath } from './paths.js';
import { neutralize } from './sanitize.js';
import { SEVERITY_LABEL } from './summary.js';

/**
 * A colon followed by `<space>line<space>` would let text after the file name pose as the matcher's
 * `: line N, col N,` separator and move the problem to another "file"; such colons are escaped as `\x3a`.
 */
const FAKE_SEPARATOR = /:(?=\sline\s)/g;

/** Text that can be put in a compact line: controls neutralised, no forged `: line` separators. */
export function compactSafe(s: string): string {
  return neutralize(s).replace(FAKE_SEPARATOR, '\\x3a');
}

export function compactLine(finding: Finding, context: ReportContext): string {
  const { location } = finding;
  const message = compactSafe(finding.message) || '-';
  return (
    `${neutralize(absolutePath(location.file, context.cwd))}: line ${location.line}, col ${location.column}, ` +
    `${SEVERITY_LABEL[finding.severity]} - ${message} (${compactSafe(finding.ruleId)})`
  );
}

export const compactReporter: Reporter = (report, context) =>
  report.findings.map((finding) => `${compactLine(finding, context)}\n`).join('');
