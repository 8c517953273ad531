// The config file's shape, checked against schemas/config.schema.json by the validator ajv generated from it (npm run
// gen); ajv's errors become readable problems.
import type { ErrorObject } from 'ajv';
import { validate } from '../generated/validate-config.js';
import schema from '../../schemas/config.schema.json' with { type: 'json' };
import type { ConfigProblem } from './problems.js';
import { closest } from './suggest.js';

const SEVERITY_HINT = 'a severity (off, error, warning, info) or [severity, {options}]';

function isUnder(pointer: string, ancestor: string): boolean {
  return pointer.startsWith(`${ancestor}/`);
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

function readable(error: ErrorObject, allowedKeys: (pointer: string) => string[]): ConfigProblem {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      if (missing === 'reason') return { pointer, message: 'an ignore entry needs a "reason": say why these findings are accepted' };
      return { pointer, message: `"${missing}" is required` };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const keyPointer = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const allowed = allowedKeys(pointer);
      const guess = closest(key, allowed);
      return { pointer: keyPointer, message: `unknown key "${key}" (${guess ? `did you mean "${guess}"? ` : ''}expected one of: ${allowed.join(', ')})` };
    }
    case 'enum':
      return { pointer, message: `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}, got ${describeValue(error.data)}` };
    case 'type':
      if (/^\/rules\/[^/]+$/.test(pointer)) return { pointer, message: `must be ${SEVERITY_HINT}, got ${describeValue(error.data)}` };
      return { pointer, message: `must be ${params.type === 'object' ? 'an object' : params.type === 'array' ? 'a list' : `a ${String(params.type)}`}, got ${describeValue(error.data)}` };
    case 'minItems':
    case 'maxItems':
      return { pointer, message: `must be ${SEVERITY_HINT}` };
    case 'minLength':
      return { pointer, message: 'must not be empty' };
    default:
      return { pointer, message: error.message ?? error.keyword };
  }
}

/**
 * ajv reports every failed branch of a oneOf. Keep the errors that say the most: drop a oneOf when anything else
 * failed at or under its place, drop errors at a oneOf's place when a branch failed deeper, and where several
 * errors remain at one place prefer anything to a type mismatch (which is usually another branch's).
 */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath);
  let kept = errors.filter((e) => e.keyword !== 'oneOf' || !errors.some((d) => d.keyword !== 'oneOf' && (d.instancePath === e.instancePath || isUnder(d.instancePath, e.instancePath))));
  kept = kept.filter((e) => !oneOfs.some((p) => e.instancePath === p && kept.some((d) => isUnder(d.instancePath, p))));
  return kept.filter((e) => e.keyword !== 'type' || kept.every((d) => d.instancePath !== e.instancePath || d.keyword === 'type'));
}

function allowedKeysAt(pointer: string): string[] {
  if (pointer === '') return Object.keys(schema.properties);
  if (/^\/ignore\/\d+$/.test(pointer)) return Object.keys(schema.definitions.IgnoreEntry.properties);
  return [];
}

/** Problems with the file's shape; an empty list when it matches the schema. */
export function schemaProblems(data: unknown): ConfigProblem[] {
  if (validate(data)) return [];
  const byPointer = new Map<string, ConfigProblem>();
  for (const error of mostSpecific(validate.errors ?? [])) {
    const problem = readable(error, allowedKeysAt);
    if (!byPointer.has(problem.pointer)) byPointer.set(problem.pointer, problem);
  }
  return [...byPointer.values()];
}
