// envoy-lint's public API (docs/rule-api.md): the rule factory and everything a rule sees, `lint()` (the same report
// as `envoy-lint --format json`) and `loadInputs()` for callers that want the graph itself. Nothing else is public.
import path from 'node:path';
import { BUILTIN_RULES } from '../rules/index.js';
import { readablePath } from './config/problems.js';
import { semanticProblems } from './config/semantics.js';
import type { LintTarget, Rule } from './engine/rule.js';
import type { RuleOverride } from './engine/run.js';
import type { RuleSetting as ConfigRuleSetting } from './generated/config.js';
import { inputSummaries } from './pipeline/report.js';
import { lintInputs } from './pipeline/lint.js';
import { loadProxies } from './pipeline/proxies.js';
import type { InputError } from './load/errors.js';
import type { ProxyGraph } from './model/graph.js';
import { PluginError } from './plugins/errors.js';
import { loadPlugins } from './plugins/load.js';
import type { InputSummary, Report } from './engine/report.js';

export { defineRule } from './engine/rule.js';
export type { IptablesInput, LintTarget, Rule, RuleContext, RuleMeta, RuleReport } from './engine/rule.js';
export type { GraphNote, ProxyGraph, RejectedUpdate, ValueProblem } from './model/graph.js';
export type { ResourceType } from './load/types.js';
export type * from './generated/graph.js';
/** The parsed iptables a rule sees in `target.iptables` (`iptables.IptablesParse`, `iptables.Chain`, ...). */
export type * as iptables from './load/iptables/types.js';
export type { ControlPlaneSummary } from './model/control-plane.js';
export type { Finding, ResourceKind, ResourceRef, Severity, SourceLocation } from './engine/finding.js';
export type { InputKind } from './load/types.js';
export type { InputSummary, ProxySummary, Report, ReportSummary } from './engine/report.js';
export type { Advice, ControlPlane, ControlPlaneId } from './model/control-plane.js';
export type { NodeInfo } from './model/graph.js';
export type { RuleSetting } from './generated/config.js';
export { PluginError } from './plugins/errors.js';
export { BUILTIN_RULES };

/** An input that could not be read at all (the CLI's exit code 2); the other inputs are still linted. */
export interface InputProblem {
  file: string;
  message: string;
  line?: number;
  column?: number;
}

/** Thrown by `lint()` when an input could not be read; `report` holds the findings of the others. */
export class LintInputError extends Error {
  override name = 'LintInputError';

  constructor(
    readonly problems: readonly InputProblem[],
    readonly report: Report,
  ) {
    super(problems.map((p) => `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`).join('\n'));
  }
}

export interface LoadOptions {
  /** Files to read as iptables text whatever they look like (the CLI's `--iptables`). */
  iptables?: readonly string[];
  /** Directory relative paths start from (default: the process's cwd). */
  cwd?: string;
}

export interface LintOptions extends LoadOptions {
  /**
   * Plugins to load, as in the config file's "plugins": paths (relative to `cwd`) or package names (resolved from
   * `cwd`). Loading a plugin runs its code; nothing is loaded that is not named here.
   */
  plugins?: readonly string[];
  /** Severity and options per rule id, as in the config file's "rules" (`'off'`, a severity, or `[severity, options]`). */
  rules?: Readonly<Record<string, ConfigRuleSetting>>;
}

/** The inputs, read and merged: what rules see, and what could not be read. */
export interface LoadedProxy {
  /** The first proxy's graph (an egctl map can hold several proxies: see `proxies`). */
  graph: ProxyGraph;
  /** What a rule's context holds for the first proxy (graph, iptables, input names, control plane). */
  target: LintTarget;
  /** Every proxy in the inputs, by name. */
  proxies: Array<{ name: string; graph: ProxyGraph; target: LintTarget }>;
  inputs: InputSummary[];
  problems: InputProblem[];
}

function fromCwd(file: string, cwd: string | undefined): string {
  if (cwd === undefined || file === '-' || path.isAbsolute(file) || path.resolve(cwd) === process.cwd()) return file;
  return path.resolve(cwd, file);
}

function problem(error: InputError): InputProblem {
  return { file: error.file, message: error.message, ...(error.line !== undefined ? { line: error.line, column: error.column ?? 1 } : {}) };
}

function settingFrom(value: ConfigRuleSetting): RuleOverride {
  if (typeof value === 'string') return { severity: value };
  const [severity, options] = value;
  return options ? { severity, options } : { severity };
}

/** Reads and merges the inputs into one proxy's graph. Never throws for a bad input: see `problems`. */
export function loadInputs(paths: readonly string[], options: LoadOptions = {}): LoadedProxy {
  const { cwd } = options;
  const files = paths.map((p) => fromCwd(p, cwd));
  const iptables = (options.iptables ?? []).map((p) => fromCwd(p, cwd));
  const { inputs, errors, proxies } = loadProxies(files, { iptables });
  const [first] = proxies;
  return {
    graph: first.graph,
    target: first.target,
    proxies: proxies.map((p) => ({ name: p.name, graph: p.graph, target: p.target })),
    inputs: inputSummaries([...files, ...iptables], inputs, errors),
    problems: errors.map(problem),
  };
}

/**
 * Lints one proxy's inputs with the built-in rules and the named plugins' rules: the same report as
 * `envoy-lint --format json` (without the config file's ignores and baselines, which are the CLI's).
 * Rejects with a PluginError for a plugin that cannot be used, an Error for bad `rules` settings, and a
 * LintInputError (carrying the report of the other inputs) when an input cannot be read.
 */
export async function lint(paths: readonly string[], options: LintOptions = {}): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const set = await loadPlugins(
    (options.plugins ?? []).map((spec) => ({ spec, baseDir: cwd })),
    BUILTIN_RULES,
  );
  const failure = set.failures[0];
  if (failure) throw set.failures.length === 1 ? failure.error : new PluginError(failure.error.plugin, set.failures.map((f) => f.error.message).join('; '));
  const settings = options.rules ?? {};
  const problems = semanticProblems({ rules: settings }, set.rules);
  if (problems.length > 0) throw new Error(`lint(): ${problems.map((p) => `${readablePath(p.pointer)}: ${p.message}`).join('; ')}`);
  const rules: Rule[] = set.rules;
  const { report, errors } = lintInputs(
    paths.map((p) => fromCwd(p, options.cwd)),
    {
      rules,
      settings: new Map(Object.entries(settings).map(([id, value]) => [id, settingFrom(value)])),
      iptables: (options.iptables ?? []).map((p) => fromCwd(p, options.cwd)),
    },
  );
  if (errors.length > 0) throw new LintInputError(errors.map(problem), report);
  return report;
}
