// Runs rules over a proxy's graph and turns their reports into located, deduplicated, sorted findings.
import type { Origin } from '../generated/graph.js';
import type { LoadedInput } from '../load/input.js';
import type { InputError } from '../load/errors.js';
import { locateOrigins, type SpanOf } from '../load/input.js';
import type { Finding, ResourceRef, Severity } from './finding.js';
import { SEVERITY_RANK } from './finding.js';
import { formatMessage, isMeshRule, type LintTarget, type ProxyRule, type Rule, type RuleReport } from './rule.js';

/** A rule's severity (or off) and options for this run: the config file and --rule on top of its defaults. */
export interface RuleOverride {
  severity: Severity | 'off';
  options?: Record<string, unknown>;
}

/** A finding before its origin (input + pointer) is turned into file:line:column. */
export interface PendingFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  messageId: string;
  data?: Record<string, string | number>;
  resource: ResourceRef;
  origin: Origin;
}

/** A rule that is on for this run, with its severity and options (the config file and --rule over its defaults). */
export interface EnabledRule<R extends Rule> {
  rule: R;
  severity: Severity;
  options: Record<string, unknown>;
}

/** The rules of one kind (per-proxy or mesh) that are not off, in order. */
export function enabledRules<R extends Rule>(rules: readonly Rule[], settings: ReadonlyMap<string, RuleOverride>, ofKind: (rule: Rule) => rule is R): Array<EnabledRule<R>> {
  const out: Array<EnabledRule<R>> = [];
  for (const rule of rules) {
    const setting = settings.get(rule.id);
    const severity = setting?.severity ?? rule.meta.defaultSeverity;
    if (severity !== 'off' && ofKind(rule)) out.push({ rule, severity, options: { ...rule.defaultOptions, ...(setting?.options ?? {}) } });
  }
  return out;
}

/** A report's message, its template filled in; a messageId the rule does not declare is the rule's bug. */
export function ruleMessage(rule: Rule, messageId: string, data: Record<string, string | number> | undefined): string {
  const template = rule.meta.messages[messageId];
  if (template === undefined) throw new Error(`internal: rule ${rule.id} reported unknown messageId ${messageId}`);
  return formatMessage(template, data);
}

const isProxyRule = (rule: Rule): rule is ProxyRule => !isMeshRule(rule);

export function runRules(
  rules: readonly Rule[],
  target: LintTarget,
  settings: ReadonlyMap<string, RuleOverride>,
): PendingFinding[] {
  const out: PendingFinding[] = [];
  // Mesh rules run once over all proxies (src/mesh), not here.
  const enabled = enabledRules(rules, settings, isProxyRule);
  const applies = (rule: ProxyRule): boolean => !rule.meta.controlPlanes || rule.meta.controlPlanes.includes(target.controlPlane.id);
  const notRun = enabled.filter(({ rule }) => !applies(rule)).map(({ rule }) => rule.id);
  const scoped: LintTarget = notRun.length > 0 ? { ...target, notRun } : target;
  for (const { rule, severity, options } of enabled) {
    if (!applies(rule)) continue;
    const report = (r: RuleReport<string>): void => {
      out.push({ ruleId: rule.id, severity: r.severity ?? severity, message: ruleMessage(rule, r.messageId, r.data), messageId: r.messageId, ...(r.data ? { data: r.data } : {}), resource: r.resource, origin: r.origin });
    };
    try {
      rule.run({ target: scoped, graph: target.graph, options, report });
    } catch (error) {
      // A rule that throws must not take the others down: report it as an error finding of that rule.
      const first = target.graph.origin.input;
      const reason = error instanceof Error ? error.message : String(error);
      out.push({
        ruleId: rule.id,
        severity: 'error',
        message: `rule ${rule.id} failed: ${reason}`,
        messageId: 'ruleFailed',
        data: { error: reason },
        resource: { kind: 'input', name: target.inputFiles[first] ?? '' },
        origin: target.graph.origin,
      });
    }
  }
  return out;
}

/**
 * Resolves every pending finding's origin with one pass over each input's text. An input that can no longer be read
 * (a big file changed since it was loaded) is told to `onInputError`; its findings keep line 1, column 1.
 */
/** `spanOf`: spans already found (by a caller that locates more than the findings in the same pass). */
export function locateFindings(pending: readonly PendingFinding[], inputs: readonly LoadedInput[], onInputError?: (error: InputError) => void, spanOf: SpanOf = locateOrigins(inputs, pending.map((p) => p.origin), onInputError)): Finding[] {
  return pending.map((p) => {
    const input = inputs[p.origin.input];
    const span = spanOf(p.origin) ?? { line: p.origin.line ?? 1, column: p.origin.column ?? 1, endLine: p.origin.line ?? 1, endColumn: p.origin.column ?? 1 };
    return {
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      messageId: p.messageId,
      ...(p.data ? { data: p.data } : {}),
      resource: p.resource,
      location: { file: input?.file ?? '', line: span.line, column: span.column, endLine: span.endLine, endColumn: span.endColumn, pointer: p.origin.pointer },
    };
  });
}

/**
 * Strings in code-unit order: the order of ids, paths and messages in reports. Not localeCompare: its first call
 * builds ICU's collator, about 8 ms of every run here, to sort what is nearly always ASCII.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted by file (input order), line, column, then severity and rule; exact duplicates dropped. */
export function sortAndDedupe(findings: readonly Finding[], fileOrder: readonly string[]): Finding[] {
  const order = new Map(fileOrder.map((f, i) => [f, i]));
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const key = [f.ruleId, f.location.file, f.location.line, f.location.column, f.resource.kind, f.resource.name, f.message, f.proxy ?? ''].join('\u0000');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      (order.get(a.location.file) ?? Infinity) - (order.get(b.location.file) ?? Infinity) ||
      compareCodeUnits(a.location.file, b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column ||
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      compareCodeUnits(a.ruleId, b.ruleId) ||
      compareCodeUnits(a.message, b.message),
  );
}
