// What a plugin module must export, checked before any of its rules runs: a list of rules (`export default [...]`,
// `export default { rules: [...] }` or `export const rules = [...]`), each a namespaced id, a run function and a meta
// that passes schemas/rule-meta.schema.json; options schemas must compile and the default options must pass them.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { validate as validateMeta } from '../generated/validate-rule-meta.js';
import { ajv } from '../lazy-modules.js';
import schema from '../../schemas/rule-meta.schema.json' with { type: 'json' };
import type { Rule } from '../engine/rule.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const EXPORT_SHAPES = '`export default [rule, ...]`, `export default { rules: [rule, ...] }` or `export const rules = [rule, ...]`';

/** The list of rules a module exports, or why there is none. */
export function exportedRules(mod: Json): unknown[] | string {
  const main = mod.default;
  if (Array.isArray(main)) return main;
  if (isObject(main) && 'rules' in main) {
    if (Array.isArray(main.rules)) return main.rules;
    return `its default export's "rules" is not a list: expected ${EXPORT_SHAPES}`;
  }
  if (Array.isArray(mod.rules)) return mod.rules;
  const names = Object.keys(mod).filter((k) => k !== '__esModule').sort();
  return `exports no rules: expected ${EXPORT_SHAPES} (it exports ${names.length > 0 ? names.map((n) => `"${n}"`).join(', ') : 'nothing'})`;
}

function where(instancePath: string): string {
  return instancePath.replace(/^\//, '').replace(/\//g, '.');
}

function readable(error: ErrorObject): string {
  const at = where(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${at === '' ? '' : `${at}: `}"${String(params.missingProperty)}" is required`;
    case 'additionalProperties':
      return `${at}: unknown key "${String(params.additionalProperty)}" (expected ${Object.keys(schema.definitions.RuleMeta.properties).join(', ')})`;
    case 'enum':
      return `${at}: must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'pattern':
      if (at === 'id') return 'id: plugin rule ids are "<namespace>/<rule>" in kebab-case, e.g. "acme/require-route-timeout"';
      if (at === 'meta.docsUrl') return 'meta.docsUrl: must be an absolute URL (https://...)';
      return `${at}: must match ${String(params.pattern)}`;
    case 'propertyNames':
      return `${at}: message ids are identifiers (letters, digits, _)`;
    case 'minLength':
      return `${at}: must not be empty`;
    case 'minProperties':
      return `${at}: needs at least one message`;
    default:
      return `${at === '' ? 'the rule' : at}: ${error.message ?? error.keyword}`;
  }
}

function describeId(value: unknown, index: number): string {
  return isObject(value) && typeof value.id === 'string' ? `rule "${value.id}"` : `rule ${index + 1} of the list`;
}

/**
 * Checks one exported rule; returns the rule as the engine runs it, or the problems (each naming the rule).
 * `builtinIds` catches an un-namespaced id that is a built-in rule's.
 */
export function checkRule(value: unknown, index: number, builtinIds: ReadonlySet<string>): Rule | string[] {
  const name = describeId(value, index);
  if (!isObject(value)) return [`${name} is not an object: make it with defineRule({ id, meta, run })`];
  if (typeof value.id === 'string' && builtinIds.has(value.id)) {
    return [`${name} has the id of a built-in rule: plugin rule ids are namespaced, e.g. "acme/${value.id}"`];
  }
  const problems: string[] = [];
  const validate = validateMeta;
  if (!validate(value)) {
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
      const text = readable(error);
      if (!seen.has(text)) problems.push(`${name}: ${text}`);
      seen.add(text);
    }
  }
  if (value.run !== undefined && typeof value.run !== 'function') problems.push(`${name}: "run" must be a function (the rule's check)`);
  if (problems.length > 0) return problems;
  const meta = value.meta as Json;
  const defaultOptions = (value.defaultOptions ?? {}) as Json;
  if (isObject(meta.optionsSchema)) {
    let check: ValidateFunction;
    try {
      check = new (ajv().Ajv)({ allErrors: true, strict: false }).compile(meta.optionsSchema);
    } catch (error) {
      return [`${name}: meta.optionsSchema is not a valid JSON schema: ${error instanceof Error ? error.message : String(error)}`];
    }
    if (!check(defaultOptions)) {
      return (check.errors ?? []).map((e) => `${name}: defaultOptions${e.instancePath.replace(/\//g, '.')} ${e.message ?? e.keyword} (they must pass meta.optionsSchema)`);
    }
  } else if (Object.keys(defaultOptions).length > 0) {
    return [`${name}: has defaultOptions but no meta.optionsSchema to check the config's options against`];
  }
  // The engine's Rule; meta keeps docsUrl (not in RuleMeta's type) for reporters.
  return { ...(value as unknown as Rule), defaultOptions };
}

/** Where a rule's documentation is: its own meta.docsUrl, when it gives one. */
export function metaDocsUrl(rule: Rule): string | undefined {
  const url = (rule.meta as unknown as Json).docsUrl;
  return typeof url === 'string' ? url : undefined;
}
