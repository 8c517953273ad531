// The config dump's envelope (configs: a list of sections, each with an "@type"), checked against
// schemas/config-dump.schema.json by the validator ajv generated from it at build time (npm run gen). Problems come
// back as located, readable messages, never raw ajv output.
import type { ErrorObject } from 'ajv';
import { validate } from '../generated/validate-config-dump.js';
import type { ProtoProblem } from './validate.js';
import { LazyList, isObject } from './json/values.js';

/**
 * The envelope as the schema sees it. A big input's `configs` may be a LazyList (many small sections): the schema
 * only looks at each section's "@type", so that is all that is kept of each.
 */
function envelopeView(data: unknown): unknown {
  if (!isObject(data) || !(data.configs instanceof LazyList)) return data;
  const configs: unknown[] = [];
  for (const section of data.configs) configs.push(isObject(section) ? ('@type' in section ? { '@type': section['@type'] } : {}) : section);
  return { ...data, configs };
}

function readable(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the dump' : error.instancePath.replace(/^\/configs\/([^/]+)(.*)$/, 'config section $1$2').replace(/\//g, '.');
  switch (error.keyword) {
    case 'required':
      return `${where} has no "${String(error.params.missingProperty)}": ${error.params.missingProperty === '@type' ? 'a config section needs its type URL, e.g. type.googleapis.com/envoy.admin.v3.ListenersConfigDump' : 'expected an Envoy /config_dump'}`;
    case 'type':
      return `${where} must be ${error.params.type === 'object' ? 'an object' : `a ${String(error.params.type)}`}`;
    case 'pattern':
      return `${where} is not a type URL (expected type.googleapis.com/<message name>)`;
    case 'oneOf':
      return `${where} must be a list of config sections`;
    default:
      return `${where}: ${error.message ?? error.keyword}`;
  }
}

/** Envelope problems of a parsed config dump; one per location, the most specific first. */
export function checkEnvelope(data: unknown): ProtoProblem[] {
  if (validate(envelopeView(data))) return [];
  const errors = validate.errors ?? [];
  // A failed oneOf reports every branch. Where some branch failed deeper down, that deeper error says more than
  // the others' "must be an object" at the same place, so drop everything at the oneOf's own location.
  const superseded = new Set(
    errors.filter((e) => e.keyword === 'oneOf' && errors.some((d) => d.instancePath.startsWith(`${e.instancePath}/`))).map((e) => e.instancePath),
  );
  const byPointer = new Map<string, ProtoProblem>();
  for (const error of errors) {
    if (superseded.has(error.instancePath)) continue;
    if (!byPointer.has(error.instancePath)) byPointer.set(error.instancePath, { pointer: error.instancePath, message: readable(error) });
  }
  return [...byPointer.values()];
}
