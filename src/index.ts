// envoy-lint's public API.
export { defineRule, type Rule, type RuleMeta, type RuleContext, type RuleReport, type LintTarget } from './engine/rule.js';
export { lint, lintPaths, loadInputs, type LintOptions, type LoadOptions, type LoadResult, type LintResult } from './lint.js';
export type { ProxyGraph, GraphNote, RejectedUpdate } from './model/graph.js';
export type * from './generated/graph.js';
export type * from './report/types.js';
export { BUILTIN_RULES } from '../rules/index.js';
