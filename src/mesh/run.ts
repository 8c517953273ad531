// Runs the mesh rules once over every proxy's facts: after the per-proxy rules (in the fleet, after every job), so
// that a finding about a client and its server sees both. Fewer than two proxies are no mesh: nothing runs.
import type { Finding } from '../engine/finding.js';
import { isMeshRule, type MeshRuleReport, type Rule } from '../engine/rule.js';
import { enabledRules, ruleMessage, type RuleOverride } from '../engine/run.js';
import type { MeshFacts } from './facts.js';
import { Mesh } from './model.js';

export function hasMeshRules(rules: readonly Rule[], settings: ReadonlyMap<string, RuleOverride>): boolean {
  return enabledRules(rules, settings, isMeshRule).length > 0;
}

export function runMeshRules(rules: readonly Rule[], facts: readonly MeshFacts[], settings: ReadonlyMap<string, RuleOverride>): Finding[] {
  if (facts.length < 2) return [];
  const enabled = enabledRules(rules, settings, isMeshRule);
  if (enabled.length === 0) return [];
  const mesh = new Mesh(facts);
  const out: Finding[] = [];
  for (const { rule, severity, options } of enabled) {
    const report = (r: MeshRuleReport<string>): void => {
      out.push({
        ruleId: rule.id,
        severity: r.severity ?? severity,
        message: ruleMessage(rule, r.messageId, r.data),
        messageId: r.messageId,
        ...(r.data ? { data: r.data } : {}),
        resource: r.resource,
        location: r.location,
        proxy: r.proxy,
        ...(r.related && r.related.length > 0 ? { related: r.related } : {}),
      });
    };
    try {
      rule.check({ mesh, options, report });
    } catch (error) {
      // As for per-proxy rules: one rule that throws becomes an error finding of its own, the others still run.
      const reason = error instanceof Error ? error.message : String(error);
      const first = facts[0];
      if (!first) continue;
      out.push({ ruleId: rule.id, severity: 'error', message: `rule ${rule.id} failed: ${reason}`, messageId: 'ruleFailed', data: { error: reason }, resource: { kind: 'input', name: first.location.file }, location: first.location, proxy: first.proxy });
    }
  }
  return out;
}
