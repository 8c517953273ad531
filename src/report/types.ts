// What a reporter receives besides the report (engine/report.ts): the rules' descriptions, the working directory,
// source lines, the graph view. A reporter is a pure function of the two.

import type { Report } from '../engine/report.js';
import type { GraphScope, GraphView } from './graph/types.js';
import type { Severity } from '../engine/finding.js';

/** What a reporter may know about a rule besides its findings (SARIF's driver.rules, docs links). */
export interface RuleDescription {
  id: string;
  description: string;
  defaultSeverity: Severity;
  /** Absolute URL of the rule's documentation page, or '' when it has none. */
  docsUrl: string;
}

export interface Withheld {
  count: number;
  note: string;
}

export interface ReportContext {
  /** Directory that relative paths in the output are relative to (the workspace in GitHub Actions). */
  cwd: string;
  /** The root of the repository the inputs are in, when known: SARIF names files from there (code scanning needs it). */
  repositoryRoot?: string;
  /** Where users learn about the tool (SARIF driver.informationUri); the CLI gives package.json's homepage. */
  homepage?: string;
  /** The exit code the run ends with, when the caller knows it before writing (SARIF invocations[].exitCode). */
  exitCode?: number;
  /**
   * The lowest severity that fails the run (--fail-on, or warning past --max-warnings); default error. Reports that
   * show pass and fail (JUnit) show findings below it as passing.
   */
  failOn?: Severity;
  /**
   * Findings the run counted but the report does not list (hidden by --quiet, or written to a baseline), and why, in
   * the summary's words ("--quiet hid 4 warnings, 1 info"): summaries then never say "no problems" over them.
   */
  withheld?: Withheld;
  /** Whether ANSI colour may be used (decided by the CLI from the TTY, NO_COLOR and FORCE_COLOR). */
  color: boolean;
  /** The terminal's width in columns when the output goes to one: the text format wraps its messages to it. */
  width?: number;
  /** Metadata of every rule that ran, including rules with no findings. */
  rules: readonly RuleDescription[];
  /** The text of line `line` (1-based) of `file`, or undefined when it is not available (stdin, binary input). */
  sourceLine(file: string, line: number): string | undefined;
  /** The proxy graph with the findings on it, for the html, dot and mermaid formats (the CLI builds it with buildGraphView). */
  graph?: GraphView;
  /** How much of the graph those formats draw: the neighbourhood of the findings, or everything (default). */
  graphScope?: GraphScope;
}

/** A reporter is a pure function of the sorted report and a context; it never decides the exit code. */
export type Reporter = (report: Report, context: ReportContext) => string;
