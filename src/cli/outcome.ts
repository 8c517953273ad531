// From the findings that count to the exit code: the --fail-on threshold, then --max-warnings.
import type { Finding, Severity } from '../engine/finding.js';
import { SEVERITY_RANK } from '../engine/finding.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from './exit-codes.js';

export interface Outcome {
  exitCode: number;
  /** A line for stderr explaining a failure that the report itself does not show (too many warnings). */
  note?: string;
}

export function outcome(findings: readonly Finding[], failOn: Severity, maxWarnings: number | undefined): Outcome {
  const threshold = SEVERITY_RANK[failOn];
  if (findings.some((f) => SEVERITY_RANK[f.severity] >= threshold)) return { exitCode: EXIT_FINDINGS };
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    return { exitCode: EXIT_FINDINGS, note: `too many warnings: ${warnings}, and at most ${maxWarnings} are allowed (--max-warnings / maxWarnings)` };
  }
  return { exitCode: EXIT_CLEAN };
}

/**
 * The lowest severity that fails this run, as reports should show it: `failOn`, or warning when the warnings are over
 * --max-warnings (they then fail the run, so a JUnit report must show them as failures too).
 */
export function failingSeverity(findings: readonly Finding[], failOn: Severity, maxWarnings: number | undefined): Severity {
  if (maxWarnings === undefined || SEVERITY_RANK[failOn] <= SEVERITY_RANK.warning) return failOn;
  return findings.filter((f) => f.severity === 'warning').length > maxWarnings ? 'warning' : failOn;
}
