// Checks the schema cannot make: rule ids exist (built-in or from a loaded plugin), rule options fit the rule's options schema, globs are well formed.
import type { ValidateFunction } from 'ajv';
import { ajv } from '../lazy-modules.js';
import type { Rule } from '../engine/rule.js';
import { globProblem } from './ignore.js';
import type { ConfigProblem } from './problems.js';
import { unknownRuleMessage } from './suggest.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

const optionValidators = new WeakMap<Rule, ValidateFunction>();

function optionsValidator(rule: Rule, schema: Record<string, unknown>): ValidateFunction {
  let validate = optionValidators.get(rule);
  if (!validate) {
    validate = new (ajv().Ajv)({ allErrors: true, strict: false }).compile(schema);
    optionValidators.set(rule, validate);
  }
  return validate;
}

export interface SemanticOptions {
  /** A plugin failed to load: ids of plugin rules ("ns/rule") that are not known are not reported again. */
  pluginsFailed?: boolean;
}

function unknownRule(id: string, known: ReadonlyMap<string, Rule>, options: SemanticOptions): string | undefined {
  if (!id.includes('/')) return unknownRuleMessage(id, [...known.keys()]);
  if (options.pluginsFailed) return undefined;
  const namespace = id.split('/')[0] ?? '';
  const loaded = [...known.keys()].some((k) => k.startsWith(`${namespace}/`));
  const hint = loaded ? '' : ` (no plugin with rules "${namespace}/..." is loaded: name it in "plugins")`;
  return `${unknownRuleMessage(id, [...known.keys()])}${hint}`;
}

function ruleProblems(rules: unknown, known: ReadonlyMap<string, Rule>, options: SemanticOptions): ConfigProblem[] {
  if (!isObject(rules)) return [];
  const problems: ConfigProblem[] = [];
  for (const [id, setting] of Object.entries(rules)) {
    const pointer = `/rules/${escapeSegment(id)}`;
    const rule = known.get(id);
    if (!rule) {
      const message = unknownRule(id, known, options);
      if (message !== undefined) problems.push({ pointer, message });
      continue;
    }
    if (!Array.isArray(setting) || setting.length < 2 || !isObject(setting[1])) continue;
    const schema = rule.meta.optionsSchema;
    if (!schema) {
      if (Object.keys(setting[1]).length > 0) problems.push({ pointer: `${pointer}/1`, message: `rule "${id}" has no options` });
      continue;
    }
    const validate = optionsValidator(rule, schema);
    if (validate(setting[1])) continue;
    for (const error of validate.errors ?? []) {
      problems.push({ pointer: `${pointer}/1${error.instancePath}`, message: `option ${error.message ?? error.keyword} (rule "${id}")` });
    }
  }
  return problems;
}

function ignoreProblems(ignore: unknown, known: ReadonlyMap<string, Rule>, options: SemanticOptions): ConfigProblem[] {
  if (!Array.isArray(ignore)) return [];
  const problems: ConfigProblem[] = [];
  ignore.forEach((entry: unknown, index) => {
    if (!isObject(entry)) return;
    if (typeof entry.rule === 'string' && entry.rule !== '' && !known.has(entry.rule)) {
      const message = unknownRule(entry.rule, known, options);
      if (message !== undefined) problems.push({ pointer: `/ignore/${index}/rule`, message });
    }
    if (typeof entry.resource === 'string' && entry.resource !== '') {
      const problem = globProblem(entry.resource);
      if (problem) problems.push({ pointer: `/ignore/${index}/resource`, message: problem });
    }
  });
  return problems;
}

/** Problems with rule ids, rule options and globs; safe to run on data that failed the schema. */
export function semanticProblems(data: unknown, rules: readonly Rule[], options: SemanticOptions = {}): ConfigProblem[] {
  if (!isObject(data)) return [];
  const known = new Map(rules.map((r) => [r.id, r]));
  return [...ruleProblems(data.rules, known, options), ...ignoreProblems(data.ignore, known, options)];
}
