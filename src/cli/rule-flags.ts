// `--rule id=severity` and `--list-rules`.
import type { Rule } from '../engine/rule.js';
import type { RuleOverride } from '../engine/run.js';
import { unknownRuleMessage } from '../config/suggest.js';
import { pluginOf, type LoadedPlugin } from '../plugins/load.js';
import { UsageError } from './errors.js';
import type { OutputSink } from './options.js';
import { terminalLines } from './terminal.js';

export function parseRuleSettings(specs: readonly string[], rules: readonly Rule[]): Map<string, RuleOverride> {
  const known = rules.map((r) => r.id);
  const settings = new Map<string, RuleOverride>();
  for (const spec of specs) {
    const match = /^([\w/-]+)=(off|info|warning|error)$/.exec(spec);
    if (!match) throw new UsageError(`--rule expects <rule-id>=off|info|warning|error, got "${spec}"`);
    const [, id = '', severity] = match;
    if (!known.includes(id)) throw new UsageError(`--rule: ${unknownRuleMessage(id, known)}`);
    settings.set(id, { severity: severity as RuleOverride['severity'] });
  }
  return settings;
}

/** One line a rule: id, default severity, source (built-in, or the plugin as it was named) and description. */
export function listRules(out: OutputSink, rules: readonly Rule[], plugins: readonly LoadedPlugin[] = []): void {
  const source = (rule: Rule): string => pluginOf(plugins, rule.id)?.spec ?? 'built-in';
  const width = Math.max(...rules.map((r) => r.id.length));
  const sourceWidth = Math.max(...rules.map((r) => source(r).length));
  out.write(terminalLines(rules.map((rule) => `${rule.id.padEnd(width)}  ${rule.meta.defaultSeverity.padEnd(7)}  ${source(rule).padEnd(sourceWidth)}  ${rule.meta.description}`)));
}
