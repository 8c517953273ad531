// Loading the config: find or name the file, parse it, check it against the schema and the rules; located errors.
import path from 'node:path';
import type { Rule } from '../engine/rule.js';
import type { EnvoyLintConfig } from '../generated/config.js';
import { InputError } from '../load/errors.js';
import { findConfigFile } from './find.js';
import { readConfigFile } from './parse.js';
import { locateProblems } from './problems.js';
import { schemaProblems } from './schema.js';
import { semanticProblems } from './semantics.js';

export interface LoadConfigOptions {
  /** `--config PATH`, resolved against `cwd`; when absent the file is searched for from `cwd` up. */
  configPath?: string;
  cwd: string;
  rules: readonly Rule[];
}

export interface LoadedConfig {
  /** The file the config came from; undefined when there is none (all defaults). */
  file?: string;
  config: EnvoyLintConfig;
  /** Each a located, one-line problem; any of them means exit code 2. */
  errors: InputError[];
}

/** The file as messages show it: relative to the cwd when inside it. */
function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** Reads and checks the config. Never throws for a bad config file: see `errors`. */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  let file: string | undefined;
  try {
    file = options.configPath !== undefined ? path.resolve(options.cwd, options.configPath) : findConfigFile(options.cwd);
    if (file === undefined) return { config: {}, errors: [] };
    const parsed = readConfigFile(file, displayPath(file, options.cwd));
    const problems = [...schemaProblems(parsed.data), ...semanticProblems(parsed.data, options.rules)];
    const unique = problems.filter((p, i) => problems.findIndex((q) => q.pointer === p.pointer) === i);
    if (unique.length > 0) return { file, config: {}, errors: locateProblems(parsed, unique) };
    return { file, config: parsed.data as EnvoyLintConfig, errors: [] };
  } catch (error) {
    if (error instanceof InputError) return { ...(file !== undefined ? { file } : {}), config: {}, errors: [error] };
    throw error;
  }
}
