import { PAIR_BUDGET, PairBudget } from '../src/engine/budget.js';
import { defineRule } from '../src/engine/rule.js';
import type { HeaderMatch, RouteMatchSummary } from '../src/generated/graph.js';
import { fullMatch } from '../src/match/regex.js';

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const hasLetters = (s: string): boolean => s.toLowerCase() !== s.toUpperCase();

/** Every condition of `earlier` is also a condition of `later` (so `later` matching implies they hold). */
function conditionsImplied(earlier: readonly HeaderMatch[], later: readonly HeaderMatch[]): boolean {
  return earlier.every((e) => later.some((l) => sameJson(e, l)));
}

/** Whether every path `later` matches is matched by `earlier`'s path specifier; the reason, if so. */
function pathCovered(a: RouteMatchSummary, b: RouteMatchSummary): string | undefined {
  const fold = (s: string): string => (a.caseSensitive ? s : s.toLowerCase());
  // A case-sensitive earlier route covers a case-insensitive later one only when case cannot matter.
  const caseOk = (p: string): boolean => !a.caseSensitive || b.caseSensitive || !hasLetters(p);
  const bLiteral = b.prefix ?? b.path ?? b.pathSeparatedPrefix;
  if (a.prefix !== undefined) {
    if (bLiteral !== undefined && fold(bLiteral).startsWith(fold(a.prefix)) && caseOk(a.prefix)) {
      return a.prefix === '/' || a.prefix === '' ? `prefix "${a.prefix}" matches every path` : `every path under "${bLiteral}" starts with prefix "${a.prefix}"`;
    }
    if (b.safeRegex !== undefined && (a.prefix === '/' || a.prefix === '')) return `prefix "${a.prefix}" matches every path`;
    return undefined;
  }
  if (a.path !== undefined) {
    if (b.path !== undefined && fold(b.path) === fold(a.path) && caseOk(a.path)) return `the same path "${a.path}"`;
    return undefined;
  }
  if (a.pathSeparatedPrefix !== undefined) {
    const p = fold(a.pathSeparatedPrefix);
    const under = (q: string): boolean => fold(q) === p || fold(q).startsWith(`${p}/`);
    if (!caseOk(a.pathSeparatedPrefix)) return undefined;
    if ((b.path !== undefined && under(b.path)) || (b.pathSeparatedPrefix !== undefined && under(b.pathSeparatedPrefix))) return `path_separated_prefix "${a.pathSeparatedPrefix}" covers it`;
    if (b.prefix !== undefined && fold(b.prefix).startsWith(`${p}/`)) return `path_separated_prefix "${a.pathSeparatedPrefix}" covers it`;
    return undefined;
  }
  if (a.safeRegex !== undefined) {
    if (b.safeRegex === a.safeRegex) return `the same regex /${a.safeRegex}/`;
    if (b.path !== undefined && b.caseSensitive && fullMatch(a.safeRegex, b.path)) return `regex /${a.safeRegex}/ matches path "${b.path}"`;
  }
  return undefined;
}

/** Why route `a` (earlier) takes every request route `b` (later) would match, or undefined. */
export function shadowReason(a: RouteMatchSummary, b: RouteMatchSummary): string | undefined {
  // Conditions that make the earlier route match only sometimes: it cannot shadow for sure.
  if (a.runtimeFraction || a.dynamicMetadata || a.pathMatchPolicy || a.connectMatcher || b.connectMatcher || b.pathMatchPolicy) return undefined;
  if (!conditionsImplied(a.headers, b.headers) || !conditionsImplied(a.queryParameters, b.queryParameters)) return undefined;
  if (a.grpc && !b.grpc) return undefined;
  if (a.tlsContext && !sameJson(a.tlsContext, b.tlsContext)) return undefined;
  const path = pathCovered(a, b);
  if (!path) return undefined;
  const extra = a.headers.length + a.queryParameters.length > 0 ? ', with the same header/query conditions' : '';
  return `${path}${extra}`;
}

export default defineRule({
  id: 'shadowed-route',
  meta: {
    description: 'A route can never match because an earlier route of the same virtual host matches every request it would.',
    defaultSeverity: 'warning',
    messages: {
      shadowed:
        '{{route}} can never match: the earlier {{by}} takes every request it would ({{why}}); routes are tried in order and the first match wins. Move the more specific route before {{byShort}}, or remove one of them.',
      truncated:
        'shadowed-route stopped after {{limit}} route comparisons (first unchecked: {{route}}): routes after it were not checked for shadowing. Such a route table is unusually large; split it, or lint it alone.',
    },
  },
  run({ graph, report }) {
    const budget = new PairBudget(PAIR_BUDGET);
    for (const rc of graph.routeConfigs) {
      if (rc.state === 'error' || rc.state === 'draining') continue;
      for (const vh of rc.virtualHosts) {
        vh.routes.forEach((b, j) => {
          if (!b.match || budget.exhausted) return;
          for (let i = 0; i < j; i++) {
            if (!budget.take()) {
              report({ messageId: 'truncated', severity: 'info', data: { limit: budget.limit, route: b.displayName }, resource: { kind: 'route', name: b.displayName }, origin: b.origin });
              return;
            }
            const a = vh.routes[i];
            if (!a?.match) continue;
            const why = shadowReason(a.match, b.match);
            if (!why) continue;
            const byShort = a.name ? `route "${a.name}"` : `route ${a.index}`;
            report({ messageId: 'shadowed', data: { route: b.displayName, by: byShort, byShort, why }, resource: { kind: 'route', name: b.displayName }, origin: b.origin });
            return;
          }
        });
      }
    }
  },
});
