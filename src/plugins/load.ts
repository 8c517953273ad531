// Loading rule plugins: only the modules the user named (config `plugins`, --plugin, lint({ plugins })), each
// imported once, its exports checked (see validate.ts), its rule ids namespaced and unique. Importing a plugin runs
// its code: that is what the user asked for by naming it, and nothing else is ever imported.
import { importUrl } from '../import-url.js';
import { pathToFileURL } from 'node:url';
import type { Rule } from '../engine/rule.js';
import { PluginError } from './errors.js';
import { resolvePlugin, type ResolvedPlugin } from './resolve.js';
import { checkRule, exportedRules } from './validate.js';

export interface PluginRequest {
  /** The plugin as the user named it: a path (./rules/index.mjs) or a package name (@acme/envoy-lint-rules). */
  spec: string;
  /** The directory it is resolved from: the config file's for `plugins`, the cwd for --plugin. */
  baseDir: string;
}

export interface LoadedPlugin extends ResolvedPlugin {
  /** The namespace all its rule ids share (`acme` for `acme/require-route-timeout`). */
  namespace: string;
  rules: Rule[];
}

export interface PluginFailure {
  /** Index of the request that failed. */
  index: number;
  error: PluginError;
}

export interface PluginSet {
  plugins: LoadedPlugin[];
  /** The built-in rules, then each plugin's rules in the order the plugins were named. */
  rules: Rule[];
  /** Plugins that could not be used; any of them means exit code 2. */
  failures: PluginFailure[];
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
}

async function importModule(resolved: ResolvedPlugin): Promise<Record<string, unknown>> {
  try {
    return (await importUrl(pathToFileURL(resolved.file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new PluginError(resolved.spec, `failed while loading ${resolved.file}: ${errorText(error)}`);
  }
}

/** The plugin's rules after every check, or a PluginError naming the first problems. */
function pluginRules(resolved: ResolvedPlugin, mod: Record<string, unknown>, builtinIds: ReadonlySet<string>): { namespace: string; rules: Rule[] } {
  const exported = exportedRules(mod);
  if (typeof exported === 'string') throw new PluginError(resolved.spec, exported);
  if (exported.length === 0) throw new PluginError(resolved.spec, 'exports an empty list of rules');
  const rules: Rule[] = [];
  const problems: string[] = [];
  exported.forEach((value, index) => {
    const checked = checkRule(value, index, builtinIds);
    if (Array.isArray(checked)) problems.push(...checked);
    else rules.push(checked);
  });
  if (problems.length > 0) throw new PluginError(resolved.spec, problems.join('; '));
  const namespace = rules[0]?.id.split('/')[0] ?? '';
  const foreign = rules.find((r) => r.id.split('/')[0] !== namespace);
  if (foreign) throw new PluginError(resolved.spec, `the rule ids of one plugin share one namespace: "${rules[0]?.id ?? ''}" and "${foreign.id}"`);
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new PluginError(resolved.spec, `defines rule "${rule.id}" twice`);
    ids.add(rule.id);
  }
  return { namespace, rules };
}

/**
 * Loads the named plugins in order. A plugin named twice (the config and --plugin) is loaded once. A failure does not
 * stop the others from being checked, so that every problem is reported in one run.
 */
export async function loadPlugins(requests: readonly PluginRequest[], builtins: readonly Rule[]): Promise<PluginSet> {
  const builtinIds = new Set(builtins.map((r) => r.id));
  const plugins: LoadedPlugin[] = [];
  const failures: PluginFailure[] = [];
  for (const [index, request] of requests.entries()) {
    try {
      const resolved = resolvePlugin(request.spec, request.baseDir);
      if (plugins.some((p) => p.file === resolved.file)) continue;
      const { namespace, rules } = pluginRules(resolved, await importModule(resolved), builtinIds);
      const owner = plugins.find((p) => p.namespace === namespace);
      if (owner) throw new PluginError(request.spec, `its namespace "${namespace}" (rule "${rules[0]?.id ?? ''}") is already used by plugin "${owner.spec}"`);
      plugins.push({ ...resolved, namespace, rules });
    } catch (error) {
      if (!(error instanceof PluginError)) throw error;
      failures.push({ index, error });
    }
  }
  return { plugins, rules: [...builtins, ...plugins.flatMap((p) => p.rules)], failures };
}

/** The plugin that defines a rule, or undefined for a built-in rule. */
export function pluginOf(plugins: readonly LoadedPlugin[], ruleId: string): LoadedPlugin | undefined {
  return plugins.find((p) => p.rules.some((r) => r.id === ruleId));
}

/**
 * The rules of plugins already checked in another thread (fleet workers get the resolved files): loads them again
 * and fails loudly if anything changed in between.
 */
export async function loadPluginFiles(files: readonly string[], builtins: readonly Rule[]): Promise<Rule[]> {
  const set = await loadPlugins(
    files.map((file) => ({ spec: file, baseDir: '/' })),
    builtins,
  );
  const failure = set.failures[0];
  if (failure) throw failure.error;
  return set.rules;
}
