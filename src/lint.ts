// The whole run for one proxy: read the inputs, build the graph, run the rules, locate and sort the findings.
import { BUILTIN_RULES } from '../rules/index.js';
import type { IptablesInput, Rule } from './engine/rule.js';
import { parseIptables } from './load/iptables/index.js';
import { locateFindings, runRules, sortAndDedupe, type RuleSetting } from './engine/run.js';
import { InputError } from './load/errors.js';
import { readInput, type LoadedInput, type ReadOptions } from './load/input.js';
import { collectResources, type ResourceSet } from './load/resources.js';
import { GraphBuilder } from './model/build.js';
import type { ProxyGraph } from './model/graph.js';
import { protoRegistry } from './proto/registry.js';
import { readPackageFile } from './package-root.js';
import type { Finding, InputSummary, Report, Severity } from './report/types.js';

export const TOOL_VERSION: string = (JSON.parse(readPackageFile('package.json')) as { version: string }).version;

export interface LoadResult {
  inputs: LoadedInput[];
  iptables: IptablesInput[];
  /** Inputs that could not be read at all (each is exit code 2, but the others are still linted). */
  errors: InputError[];
  graph: ProxyGraph;
}

export interface LoadOptions extends ReadOptions {
  /** Paths to read as iptables text whatever they look like (`--iptables FILE`). */
  iptables?: readonly string[];
}

/** Reads and merges the inputs into one proxy's graph. Never throws for bad input: see `errors`. */
export function loadInputs(paths: readonly string[], options: LoadOptions = {}): LoadResult {
  const inputs: LoadedInput[] = [];
  const errors: InputError[] = [];
  const all = [...paths.map((p) => ({ path: p, forceIptables: false })), ...(options.iptables ?? []).map((p) => ({ path: p, forceIptables: true }))];
  for (const { path, forceIptables } of all) {
    try {
      inputs.push(readInput(path, inputs.length, { ...options, forceIptables }));
    } catch (error) {
      if (error instanceof InputError) errors.push(error);
      else throw error;
    }
  }
  const registry = protoRegistry();
  // Each resource goes into the graph as it is read, so a lazily parsed dump is never whole in memory.
  const builder = new GraphBuilder();
  const sets: ResourceSet[] = [];
  for (const input of inputs.filter((i) => i.kind !== 'iptables')) {
    try {
      const set = collectResources(input, registry, (r) => builder.resource(r));
      input.checkUnread?.();
      sets.push(set);
    } catch (error) {
      // A lazily parsed dump meets a damaged resource only when it reads it: that input is then unreadable (exit 2),
      // what it added so far is taken back, and the others are still linted.
      if (!(error instanceof InputError)) throw error;
      errors.push(error);
      builder.dropInput(input.index);
      input.failed = true;
    }
  }
  const iptables = inputs.filter((i) => i.kind === 'iptables').map((i) => ({ input: i.index, file: i.file, parse: parseIptables(i.text, i.file) }));
  return { inputs, errors, iptables, graph: builder.finish(sets) };
}

export interface LintOptions extends LoadOptions {
  rules?: readonly Rule[];
  /** Told when the rules start (after `onRead` heard the reading), for the progress line. */
  onRules?: () => void;
  /** Per-rule severity and options; rules not named keep their defaults. */
  settings?: ReadonlyMap<string, RuleSetting>;
}

export interface LintResult {
  report: Report;
  errors: InputError[];
  inputs: LoadedInput[];
  graph: ProxyGraph;
}

export function summarize(findings: readonly Finding[]): Record<Severity, number> {
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;
  return summary;
}

/** The JSON contract's report of these inputs and (sorted) findings. */
export function makeReport(inputs: InputSummary[], findings: Finding[]): Report {
  return { version: 1, tool: { name: 'envoy-lint', version: TOOL_VERSION }, inputs, findings, summary: summarize(findings) };
}

export function lintPaths(paths: readonly string[], options: LintOptions = {}): LintResult {
  const { inputs, errors, graph, iptables } = loadInputs(paths, options);
  // The graph holds what the rules read; the parse trees can go before rules run and positions are resolved.
  for (const input of inputs) input.data = undefined;
  const rules = options.rules ?? BUILTIN_RULES;
  options.onRules?.();
  const pending = runRules(rules, { graph, iptables, inputFiles: inputs.map((i) => i.file) }, options.settings ?? new Map());
  const findings = sortAndDedupe(
    locateFindings(pending, inputs, (error) => errors.push(error)),
    inputs.map((i) => i.file),
  );
  const report = makeReport(
    inputs.filter((i) => !i.failed).map((i) => ({ file: i.file, kind: i.kind, bytes: i.bytes })),
    findings,
  );
  return { report, errors, inputs, graph };
}

/** The programmatic API: the same report as `envoy-lint --format json`. */
export async function lint(paths: readonly string[], options: LintOptions = {}): Promise<Report> {
  return lintPaths(paths, options).report;
}
