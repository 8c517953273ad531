// The one pipeline: a group of inputs read into proxies (proxies.ts), the rules run on each proxy, the findings of all
// of them located with one pass per input, sorted, and put in the report (report.ts). The fleet schedules this per
// group; the CLI and the public API (src/index.ts) call it. Rules that look at several proxies at once would run here,
// after the per-proxy rules, over `proxies`.
import { BUILTIN_RULES } from '../../rules/index.js';
import type { Rule } from '../engine/rule.js';
import { locateFindings, runRules, sortAndDedupe, type PendingFinding, type RuleOverride } from '../engine/run.js';
import { InputError } from '../load/errors.js';
import type { InputRef, LoadedInput } from '../load/input.js';
import type { ProxyGraph } from '../model/graph.js';
import type { Report } from '../engine/report.js';
import { MeshFactCollector } from '../mesh/collect.js';
import type { MeshFacts } from '../mesh/facts.js';
import { placeFindings, type FileLocator } from '../mesh/place.js';
import { hasMeshRules, runMeshRules } from '../mesh/run.js';
import { loadProxies, type LoadedProxy, type LoadOptions } from './proxies.js';
import { inputSummaries, makeReport, proxySummary } from './report.js';

export interface LintOptions extends LoadOptions {
  rules?: readonly Rule[];
  /** Told when the rules start (after `onRead` heard the reading), for the progress line. */
  onRules?: () => void;
  /** Per-rule severity and options; rules not named keep their defaults. */
  settings?: ReadonlyMap<string, RuleOverride>;
  /**
   * The mesh rules: run over this group's proxies (default), or only collect each proxy's mesh facts for a caller that
   * runs them over several groups at once (the fleet, after every job).
   */
  meshRules?: 'run' | 'collect';
}

export interface LintResult {
  report: Report;
  errors: InputError[];
  inputs: LoadedInput[];
  proxies: LoadedProxy[];
  /** The first proxy's graph (the graph formats draw one proxy). */
  graph: ProxyGraph;
  /** Each proxy's mesh facts, when a mesh rule is on (else empty). */
  meshFacts: MeshFacts[];
}

/** The loader hook that collects mesh facts, beside the caller's own hook; undefined when no mesh rule is on. */
function meshCollector(rules: readonly Rule[], options: LintOptions): MeshFactCollector | undefined {
  return hasMeshRules(rules, options.settings ?? new Map()) ? new MeshFactCollector({ namedOnly: options.meshRules !== 'collect' }) : undefined;
}

function withSink(options: LintOptions, collector: MeshFactCollector | undefined): LintOptions {
  if (!collector) return options;
  const theirs = options.onResource;
  return { ...options, onResource: theirs ? (r, proxy) => (theirs(r, proxy), collector.sink(r, proxy)) : collector.sink };
}

/** The group's mesh facts, their locations not yet placed; none when there is no mesh (or no mesh rule). */
function meshOf(collector: MeshFactCollector | undefined, proxies: readonly LoadedProxy[], inputs: readonly LoadedInput[], options: LintOptions): MeshFacts[] {
  // One proxy is no mesh: its facts are not made unless a caller joins them with others.
  if (!collector || (options.meshRules !== 'collect' && proxies.length < 2)) return [];
  // A proxy read from no input (every input failed) is nobody in the mesh.
  return collector.facts(
    proxies.filter((p) => p.files.length > 0).map((p) => ({ name: p.name, graph: p.graph, controlPlane: p.target.controlPlane.id })),
    inputs,
  );
}

/** Spans in this group's inputs, which are still at hand; an input that cannot be read again is told to `onInputError`. */
export function inputLocator(inputs: readonly LoadedInput[], onInputError: (error: InputError) => void): FileLocator {
  const byFile = new Map(inputs.map((i) => [i.file, i]));
  return (file, pointers) => {
    try {
      return byFile.get(file)?.positions.locate(pointers);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      onInputError(error);
      return undefined;
    }
  };
}

export function lintInputs(paths: readonly InputRef[], options: LintOptions = {}): LintResult {
  const rules = options.rules ?? BUILTIN_RULES;
  const collector = meshCollector(rules, options);
  const { inputs, errors, proxies, graph } = loadProxies(paths, withSink(options, collector));
  // The graphs hold what the rules read; the parse trees are gone (loadProxies keeps none) before rules run.
  options.onRules?.();
  const pending: Array<PendingFinding & { proxy: string }> = [];
  for (const proxy of proxies) {
    for (const p of runRules(rules, proxy.target, options.settings ?? new Map())) pending.push({ ...p, proxy: proxy.name });
  }
  const onInputError = (error: InputError): void => void errors.push(error);
  const located = locateFindings(pending, inputs, onInputError);
  const meshFacts = meshOf(collector, proxies, inputs, options);
  const meshFindings = options.meshRules !== 'collect' ? placeFindings(runMeshRules(rules, meshFacts, options.settings ?? new Map()), inputLocator(inputs, onInputError)) : [];
  const findings = sortAndDedupe(
    [...located.map((f, i) => ({ ...f, proxy: pending[i]?.proxy ?? '' })), ...meshFindings],
    inputs.map((i) => i.file),
  );
  const allPaths = [...paths, ...(options.iptables ?? [])];
  const report = makeReport(inputSummaries(allPaths, inputs, errors), findings, proxies.map(proxySummary));
  return { report, errors, inputs, proxies, graph, meshFacts };
}

