// The report contract: what every reporter receives and what `--format json` prints.
// `Report` is the public JSON shape documented in the README ("version": 1); change it only additively.

import type { GraphScope, GraphView } from './graph/types.js';

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Rank for sorting and thresholds: higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

/** `egctl`: Envoy Gateway's map of proxies (`egctl config envoy-proxy ... -o json|yaml`, `egctl x translate --to xds`). */
export type InputKind = 'config_dump' | 'istioctl' | 'bootstrap' | 'egctl' | 'iptables';

export type ResourceKind =
  | 'listener'
  | 'filter_chain'
  | 'route_config'
  | 'virtual_host'
  | 'route'
  | 'cluster'
  | 'endpoints'
  | 'secret'
  | 'extension_config'
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
  /** The proxy the finding is about (`ProxySummary.name`). */
  proxy?: string;
}

/**
 * An input as the run saw it. A failed one (`status: "error"`) could not be read, or not wholly; its error is where
 * reading stopped. `kind` and `bytes` are known once the input was read.
 */
export interface InputSummary {
  file: string;
  status: 'ok' | 'error';
  kind?: InputKind;
  bytes?: number;
  error?: { message: string; line?: number; column?: number };
}

/** Which control plane configured a proxy, and how envoy-lint knows. */
export interface ControlPlaneSummary {
  /** `istio`, `envoy-gateway`, `consul`, `osm`, `kuma`, `gloo`, `contour`, `traffic-director`, or `unknown`. */
  id: string;
  /** For Istio: `sidecar`, `gateway` or `waypoint`. */
  role?: string;
  /** For people: "Istio sidecar", "Envoy Gateway", "plain Envoy (no known control plane)". */
  name: string;
  /** What gave it away ("node id sidecar~…", "--control-plane"). */
  detectedBy: string;
}

/** One proxy of the run: a config dump with its files, or one proxy of an egctl map. */
export interface ProxySummary {
  name: string;
  /** The inputs it was read from. */
  files: string[];
  controlPlane: ControlPlaneSummary;
  nodeId?: string;
  envoyVersion?: string;
}

/** Findings by severity, and how many inputs could not be read. */
export type ReportSummary = Record<Severity, number> & { failedInputs: number };

export interface Report {
  version: 1;
  tool: { name: 'envoy-lint'; version: string };
  inputs: InputSummary[];
  proxies: ProxySummary[];
  findings: Finding[];
  summary: ReportSummary;
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
