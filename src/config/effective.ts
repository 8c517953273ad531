// The effective config: the config file's settings with the command line's on top, and its printable form.
import type { Rule } from '../engine/rule.js';
import type { RuleOverride } from '../engine/run.js';
import type { EnvoyLintConfig, IgnoreEntry, RuleSetting as ConfigRuleSetting } from '../generated/config.js';
import type { Severity } from '../engine/finding.js';

/** What the command line sets; anything it leaves undefined comes from the config file. */
export interface ConfigOverrides {
  rules?: ReadonlyMap<string, RuleOverride>;
  failOn?: Severity;
  maxWarnings?: number;
}

export interface EffectiveConfig {
  /** The config file used, if any. */
  file?: string;
  settings: Map<string, RuleOverride>;
  ignore: IgnoreEntry[];
  failOn: Severity;
  /** Exit code 1 when there are more warnings than this; undefined means no limit. */
  maxWarnings?: number;
}

function settingFromConfig(value: ConfigRuleSetting): RuleOverride {
  if (typeof value === 'string') return { severity: value };
  const [severity, options] = value;
  return options ? { severity, options } : { severity };
}

export function effectiveConfig(config: EnvoyLintConfig, overrides: ConfigOverrides, file?: string): EffectiveConfig {
  const settings = new Map<string, RuleOverride>();
  for (const [id, value] of Object.entries(config.rules ?? {})) settings.set(id, settingFromConfig(value));
  for (const [id, setting] of overrides.rules ?? []) {
    const fromFile = settings.get(id);
    // A --rule flag sets the severity; options still come from the file.
    settings.set(id, fromFile?.options ? { ...setting, options: { ...fromFile.options, ...(setting.options ?? {}) } } : setting);
  }
  const maxWarnings = overrides.maxWarnings ?? config.maxWarnings;
  return {
    ...(file !== undefined ? { file } : {}),
    settings,
    ignore: [...(config.ignore ?? [])],
    failOn: overrides.failOn ?? config.failOn ?? 'error',
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
  };
}

/**
 * The effective config as a config file (`--print-config`): every rule with its severity and options resolved, and
 * the plugins loaded (`plugins`: as absolute paths, or package names) when there are any.
 */
export function printableConfig(effective: EffectiveConfig, rules: readonly Rule[], plugins: readonly string[] = []): EnvoyLintConfig {
  const printed: Record<string, ConfigRuleSetting> = {};
  for (const rule of rules) {
    const setting = effective.settings.get(rule.id);
    const severity = setting?.severity ?? rule.meta.defaultSeverity;
    const options = { ...(rule.defaultOptions as Record<string, unknown>), ...(setting?.options ?? {}) };
    printed[rule.id] = Object.keys(options).length > 0 ? [severity, options] : severity;
  }
  return {
    ...(plugins.length > 0 ? { plugins: [...plugins] } : {}),
    rules: printed,
    ignore: effective.ignore,
    failOn: effective.failOn,
    ...(effective.maxWarnings !== undefined ? { maxWarnings: effective.maxWarnings } : {}),
  };
}
