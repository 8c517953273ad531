// Rule metadata as reporters see it: description, default severity and a link to the rule's doc page.
import type { Rule } from '../engine/rule.js';
import type { RuleDescription } from '../report/types.js';

export const DOCS_BASE_URL = 'https://github.com/envoy-lint/envoy-lint/blob/main/rules/';

export function ruleDescriptions(rules: readonly Rule[]): RuleDescription[] {
  return rules.map((r) => ({ id: r.id, description: r.meta.description, defaultSeverity: r.meta.defaultSeverity, docsUrl: `${DOCS_BASE_URL}${r.id}.md` }));
}
