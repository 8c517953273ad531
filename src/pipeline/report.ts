// The JSON contract's report of a run: every input (read or not), every proxy, the sorted findings and their counts.
import { envoyVersionOf } from '../load/runtime.js';
import type { Finding, Severity } from '../engine/finding.js';
import type { InputSummary, ProxySummary, Report, ReportSummary } from '../engine/report.js';
import type { InputError } from '../load/errors.js';
import { displayName, type InputRef, type LoadedInput } from '../load/input.js';
import type { LoadedProxy } from './proxies.js';
import { TOOL_VERSION } from './version.js';

export function summarize(findings: readonly Finding[], failedInputs = 0): ReportSummary {
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return { ...summary, failedInputs };
}

/** The JSON contract's report of these inputs, proxies and (sorted) findings. */
export function makeReport(inputs: InputSummary[], findings: Finding[], proxies: ProxySummary[] = []): Report {
  const failed = inputs.filter((i) => i.status === 'error').length;
  return { version: 1, tool: { name: 'envoy-lint', version: TOOL_VERSION }, inputs, proxies, findings, summary: summarize(findings, failed) };
}

export function inputError(error: InputError): NonNullable<InputSummary['error']> {
  return { message: error.message, ...(error.line !== undefined ? { line: error.line, column: error.column ?? 1 } : {}) };
}

/**
 * Every input named, in order, read or not: a failed one carries its error, so that no report can pass over an input
 * it could not read.
 */
export function inputSummaries(paths: readonly InputRef[], inputs: readonly LoadedInput[], errors: readonly InputError[]): InputSummary[] {
  const byFile = new Map(inputs.map((i) => [i.file, i]));
  const errorOf = new Map<string, InputError>();
  for (const e of errors) if (!errorOf.has(e.file)) errorOf.set(e.file, e);
  const out: InputSummary[] = [];
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const input = byFile.get(file);
    const error = errorOf.get(file);
    const known = input ? { kind: input.kind, bytes: input.bytes } : {};
    out.push(error ? { file, status: 'error', ...known, error: inputError(error) } : { file, status: 'ok', ...known });
  };
  for (const p of paths) add(displayName(p));
  for (const e of errors) add(e.file);
  return out;
}

export function proxySummary(proxy: LoadedProxy): ProxySummary {
  const node = proxy.graph.node;
  // The bootstrap's build version, else the one /server_info reports.
  const envoyVersion = node?.envoyVersion ?? envoyVersionOf(proxy.target.runtime?.server?.version);
  return {
    name: proxy.name,
    files: proxy.files,
    controlPlane: proxy.target.controlPlane.summary(),
    ...(node?.id !== undefined ? { nodeId: node.id } : {}),
    ...(envoyVersion !== undefined ? { envoyVersion } : {}),
  };
}

