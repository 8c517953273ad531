// Loading the config: find or name the file, parse it, load the plugins it names (and --plugin's), check it against
// the schema and the rules; located errors.
import path from 'node:path';
import type { Rule } from '../engine/rule.js';
import type { EnvoyLintConfig } from '../generated/config.js';
import { InputError } from '../load/errors.js';
import type { PluginError } from '../plugins/errors.js';
import { loadPlugins, type LoadedPlugin, type PluginRequest } from '../plugins/load.js';
import { findConfigFile } from './find.js';
import { readConfigFile, type ParsedConfigFile } from './parse.js';
import { locateProblems, type ConfigProblem } from './problems.js';
import { schemaProblems } from './schema.js';
import { semanticProblems, type SemanticOptions } from './semantics.js';

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

type Found = { file?: string; parsed?: ParsedConfigFile; error?: InputError };

function findAndRead(options: Omit<LoadConfigOptions, 'rules'>): Found {
  let file: string | undefined;
  try {
    file = options.configPath !== undefined ? path.resolve(options.cwd, options.configPath) : findConfigFile(options.cwd);
    if (file === undefined) return {};
    return { file, parsed: readConfigFile(file, displayPath(file, options.cwd)) };
  } catch (error) {
    if (error instanceof InputError) return { ...(file !== undefined ? { file } : {}), error };
    throw error;
  }
}

function checked(file: string, parsed: ParsedConfigFile, problems: readonly ConfigProblem[]): LoadedConfig {
  const unique = problems.filter((p, i) => problems.findIndex((q) => q.pointer === p.pointer) === i);
  if (unique.length > 0) return { file, config: {}, errors: locateProblems(parsed, unique) };
  return { file, config: parsed.data as EnvoyLintConfig, errors: [] };
}

function allProblems(data: unknown, rules: readonly Rule[], options: SemanticOptions = {}): ConfigProblem[] {
  return [...schemaProblems(data), ...semanticProblems(data, rules, options)];
}

/** Reads and checks the config against the given rules (no plugins are loaded). Never throws for a bad config file. */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const { file, parsed, error } = findAndRead(options);
  if (error) return { ...(file !== undefined ? { file } : {}), config: {}, errors: [error] };
  if (file === undefined || !parsed) return { config: {}, errors: [] };
  return checked(file, parsed, allProblems(parsed.data, options.rules));
}

export interface LoadConfigAndPluginsOptions extends Omit<LoadConfigOptions, 'rules'> {
  builtins: readonly Rule[];
  /** `--plugin` values, resolved from `cwd`; loaded after the config's own. */
  plugins?: readonly string[];
}

export interface LoadedConfigAndPlugins extends Omit<LoadedConfig, 'errors'> {
  /** Config problems (located in the file) and plugins that could not be used; any of them means exit code 2. */
  errors: Array<InputError | PluginError>;
  plugins: LoadedPlugin[];
  /** Whether a plugin could not be used (its error is among `errors`). */
  pluginsFailed: boolean;
  /** The built-in rules and every plugin's. */
  rules: readonly Rule[];
}

/** The config's `plugins` when they are a list of strings (else the schema check reports them). */
function pluginSpecs(data: unknown): string[] {
  const list = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as { plugins?: unknown }).plugins : undefined;
  return Array.isArray(list) && list.every((s) => typeof s === 'string' && s !== '') ? (list as string[]) : [];
}

/**
 * Reads the config, loads the plugins it names and those given on the command line, and checks the config against
 * the built-in and plugin rules. A plugin named in the file that fails is a located error at its entry in "plugins".
 * Never throws for a bad config file or plugin.
 */
export async function loadConfigAndPlugins(options: LoadConfigAndPluginsOptions): Promise<LoadedConfigAndPlugins> {
  const { file, parsed, error } = findAndRead(options);
  const fromFile = file !== undefined && parsed ? pluginSpecs(parsed.data) : [];
  const fromCli = options.plugins ?? [];
  const requests: PluginRequest[] = [
    ...fromFile.map((spec) => ({ spec, baseDir: path.dirname(file ?? options.cwd) })),
    ...fromCli.map((spec) => ({ spec, baseDir: options.cwd })),
  ];
  const { plugins, rules, failures } = await loadPlugins(error ? [] : requests, options.builtins);
  const base = { ...(file !== undefined ? { file } : {}), plugins, pluginsFailed: failures.length > 0, rules };
  if (error) return { ...base, config: {}, errors: [error] };
  const cliErrors = failures.filter((f) => f.index >= fromFile.length).map((f) => f.error);
  if (file === undefined || !parsed) return { ...base, config: {}, errors: cliErrors };
  const pluginProblems = failures.filter((f) => f.index < fromFile.length).map((f) => ({ pointer: `/plugins/${f.index}`, message: f.error.oneLine() }));
  const result = checked(file, parsed, [...pluginProblems, ...allProblems(parsed.data, rules, { pluginsFailed: failures.length > 0 })]);
  return { ...base, config: result.config, errors: [...result.errors, ...cliErrors] };
}
