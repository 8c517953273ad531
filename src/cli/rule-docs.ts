// Rule metadata as reporters see it: description, default severity and a link to the rule's doc page. A built-in
// rule links to its doc in the repository package.json names; a plugin rule to its own meta.docsUrl, or to nothing
// (a link to the plugin's file would be a path on the machine that ran the lint, useless in a SARIF upload).
import type { Rule } from '../engine/rule.js';
import { pluginOf, type LoadedPlugin } from '../plugins/load.js';
import { metaDocsUrl } from '../plugins/validate.js';
import { builtinRuleDocsUrl } from '../pipeline/version.js';
import type { RuleDescription } from '../report/types.js';

/** The rule's doc page, or '' when there is none to link to. */
function docsUrl(rule: Rule, plugins: readonly LoadedPlugin[]): string {
  const plugin = pluginOf(plugins, rule.id);
  if (!plugin) return builtinRuleDocsUrl(rule.id) ?? '';
  return metaDocsUrl(rule) ?? '';
}

export function ruleDescriptions(rules: readonly Rule[], plugins: readonly LoadedPlugin[] = []): RuleDescription[] {
  return rules.map((r) => ({ id: r.id, description: r.meta.description, defaultSeverity: r.meta.defaultSeverity, docsUrl: docsUrl(r, plugins) }));
}
