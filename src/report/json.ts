// `--format json`: the Report itself, as documented in the README ("version": 1).
// Keys come out in the order of the types in ./types.ts, whatever order the engine built them in;
// keys the contract gains later (it changes only additively) follow the known ones in their own order.

import type { Finding } from '../engine/finding.js';
import type { InputSummary, ProxySummary, Report } from '../engine/report.js';
import type { Reporter } from './types.js';
import { SEVERITIES } from '../engine/finding.js';
import { safeJson } from './sanitize.js';

type Plain = Record<string, unknown>;

function ordered(value: object, keys: readonly string[]): Plain {
  const source = value as Plain;
  const out: Plain = {};
  for (const key of keys) if (key in source) out[key] = source[key];
  for (const [key, v] of Object.entries(source)) if (!(key in out)) out[key] = v;
  return out;
}

function orderedFinding(finding: Finding): Plain {
  return {
    ...ordered(finding, ['ruleId', 'severity', 'message', 'messageId', 'data', 'resource', 'location', 'proxy']),
    resource: ordered(finding.resource, ['kind', 'name']),
    location: ordered(finding.location, ['file', 'line', 'column', 'endLine', 'endColumn', 'pointer']),
  };
}

/** The report as a plain object with keys in contract order. */
export function orderedReport(report: Report): Plain {
  return {
    ...ordered(report, ['version', 'tool', 'inputs', 'proxies', 'findings', 'summary']),
    tool: ordered(report.tool, ['name', 'version']),
    inputs: report.inputs.map((input: InputSummary) => ordered(input, ['file', 'status', 'kind', 'bytes', 'error'])),
    proxies: (report.proxies ?? []).map((proxy: ProxySummary) => ({ ...ordered(proxy, ['name', 'files', 'controlPlane', 'nodeId', 'envoyVersion']), controlPlane: ordered(proxy.controlPlane, ['id', 'role', 'name', 'detectedBy']) })),
    findings: report.findings.map(orderedFinding),
    summary: ordered(report.summary, [...SEVERITIES, 'failedInputs']),
  };
}

export const jsonReporter: Reporter = (report) => `${safeJson(orderedReport(report), 2)}\n`;
