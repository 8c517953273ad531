// The report contract: what every reporter receives and what `--format json` prints.
// `Report` is the public JSON shape documented in the README ("version": 1); change it only additively.

import type { GraphScope, GraphView } from './graph/types.js';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Rank for sorting and thresholds: higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

export type InputKind = 'config_dump' | 'istioctl' | 'bootstrap' | 'iptables';

export type ResourceKind =
  | 'listener'
  | 'filter_chain'
  | 'route_config'
  | 'virtual_host'
  | 'route'
  | 'cluster'
  | 'endpoints'
  | 'iptables_rule'
  | 'input';

/** A place in an input file. `line` and `column` are 1-based; `pointer` is an RFC 6901 JSON pointer ('' for iptables). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  pointer: string;
}

export interface ResourceRef {
  kind: ResourceKind;
  name: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  resource: ResourceRef;
  location: SourceLocation;
}

export interface InputSummary {
  file: string;
  kind: InputKind;
  bytes: number;
}

export interface Report {
  version: 1;
  tool: { name: 'envoy-lint'; version: string };
  inputs: InputSummary[];
  findings: Finding[];
  summary: Record<Severity, number>;
}

/** What a reporter may know about a rule besides its findings (SARIF's driver.rules, docs links). */
export interface RuleDescription {
  id: string;
  description: string;
  defaultSeverity: Severity;
  /** Absolute or repository URL of the rule's documentation page. */
  docsUrl: string;
}

export interface ReportContext {
  /** Directory that relative paths in the output are relative to (the workspace in GitHub Actions). */
  cwd: string;
  /** Whether ANSI colour may be used (decided by the CLI from the TTY, NO_COLOR and FORCE_COLOR). */
  color: boolean;
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
