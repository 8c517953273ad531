// Rule metadata as reporters see it: description, default severity and a link to the rule's doc page. A plugin rule
// links to its meta.docsUrl, else to the plugin's module file.
import { pathToFileURL } from 'node:url';
import type { Rule } from '../engine/rule.js';
import { pluginOf, type LoadedPlugin } from '../plugins/load.js';
import { metaDocsUrl } from '../plugins/validate.js';
import type { RuleDescription } from '../report/types.js';

export const DOCS_BASE_URL = 'https://github.com/envoy-lint/envoy-lint/blob/main/rules/';

function docsUrl(rule: Rule, plugins: readonly LoadedPlugin[]): string {
  const plugin = pluginOf(plugins, rule.id);
  if (!plugin) return `${DOCS_BASE_URL}${rule.id}.md`;
  return metaDocsUrl(rule) ?? pathToFileURL(plugin.file).href;
}

export function ruleDescriptions(rules: readonly Rule[], plugins: readonly LoadedPlugin[] = []): RuleDescription[] {
  return rules.map((r) => ({ id: r.id, description: r.meta.description, defaultSeverity: r.meta.defaultSeverity, docsUrl: docsUrl(r, plugins) }));
}
