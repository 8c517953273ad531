// The one pipeline: a group of inputs read into proxies (proxies.ts), the rules run on each proxy, the findings of all
// of them located with one pass per input, sorted, and put in the report (report.ts). The fleet schedules this per
// group; the CLI and the public API (src/index.ts) call it. Rules that look at several proxies at once would run here,
// after the per-proxy rules, over `proxies`.
import { BUILTIN_RULES } from '../../rules/index.js';
import type { Rule } from '../engine/rule.js';
import { locateFindings, runRules, sortAndDedupe, type PendingFinding, type RuleOverride } from '../engine/run.js';
import type { InputError } from '../load/errors.js';
import type { InputRef, LoadedInput } from '../load/input.js';
import type { ProxyGraph } from '../model/graph.js';
import type { Report } from '../engine/report.js';
import { loadProxies, type LoadedProxy, type LoadOptions } from './proxies.js';
import { inputSummaries, makeReport, proxySummary } from './report.js';

export interface LintOptions extends LoadOptions {
  rules?: readonly Rule[];
  /** Told when the rules start (after `onRead` heard the reading), for the progress line. */
  onRules?: () => void;
  /** Per-rule severity and options; rules not named keep their defaults. */
  settings?: ReadonlyMap<string, RuleOverride>;
}

export interface LintResult {
  report: Report;
  errors: InputError[];
  inputs: LoadedInput[];
  proxies: LoadedProxy[];
  /** The first proxy's graph (the graph formats draw one proxy). */
  graph: ProxyGraph;
}

export function lintInputs(paths: readonly InputRef[], options: LintOptions = {}): LintResult {
  const { inputs, errors, proxies, graph } = loadProxies(paths, options);
  // The graphs hold what the rules read; the parse trees are gone (loadProxies keeps none) before rules run.
  const rules = options.rules ?? BUILTIN_RULES;
  options.onRules?.();
  const pending: Array<PendingFinding & { proxy: string }> = [];
  for (const proxy of proxies) {
    for (const p of runRules(rules, proxy.target, options.settings ?? new Map())) pending.push({ ...p, proxy: proxy.name });
  }
  const located = locateFindings(pending, inputs, (error) => errors.push(error));
  const findings = sortAndDedupe(
    located.map((f, i) => ({ ...f, proxy: pending[i]?.proxy ?? '' })),
    inputs.map((i) => i.file),
  );
  const allPaths = [...paths, ...(options.iptables ?? [])];
  const report = makeReport(inputSummaries(allPaths, inputs, errors), findings, proxies.map(proxySummary));
  return { report, errors, inputs, proxies, graph };
}

