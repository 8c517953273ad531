// The report contract: the public JSON shape of one run (`--format json`, `lint()`), documented in the README
// ("version": 1). Change it only additively.
import type { InputKind } from '../load/types.js';
import type { ControlPlaneSummary } from '../model/control-plane.js';
import type { Finding, Severity } from './finding.js';

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
