// Route selection inside one virtual host (Envoy docs, HTTP connection manager → "Route matching": routes are checked
// in order and the first whose match fits is used; no later route is considered).
import type { RouteMatchSummary, RouteNode, VirtualHostNode } from '../generated/graph.js';
import { REJECTED, headerMatches, queryParameterMatches } from './header.js';
import { fullMatch, regexError } from './regex.js';
import { headerValue, pathOnly, queryParameters, type HttpRequest } from './request.js';

/** `maybe`: the route matches only some such requests (runtime_fraction, dynamic metadata, URI templates). */
export type RouteVerdict = 'match' | 'no' | 'maybe';

export interface RouteMatchResult {
  verdict: RouteVerdict;
  /** Why: the first failing condition for `no`, else what matched (and what makes it uncertain for `maybe`). */
  reason: string;
}

function fold(s: string, caseSensitive: boolean): string {
  return caseSensitive ? s : s.toLowerCase();
}

/**
 * The path part of RouteMatch. Docs (route_components.proto, RouteMatch):
 * - `prefix`: the :path must begin with it (the query string is part of :path, but a prefix is anchored at the start);
 * - `path`: the path without query string must equal it;
 * - `safe_regex`: the entire path without the query string must match (RE2, whole string); `case_sensitive` is ignored;
 * - `path_separated_prefix`: the path without query equals it or continues with `/` (`/api/dev` matches `/api/dev`,
 *   `/api/dev/`, `/api/dev/v1`, `/api/dev?x=1`, not `/api/developer`);
 * - `case_sensitive` (default true) applies to prefix, path and path_separated_prefix.
 */
export function pathMatches(match: RouteMatchSummary, fullPath: string): RouteMatchResult {
  const cs = match.caseSensitive;
  const path = pathOnly(fullPath);
  const how = cs ? '' : ' (case-insensitive)';
  if (match.prefix !== undefined) {
    const ok = fold(fullPath, cs).startsWith(fold(match.prefix, cs));
    return { verdict: ok ? 'match' : 'no', reason: `prefix "${match.prefix}"${how} ${ok ? 'matches' : 'does not match'} ${fullPath}` };
  }
  if (match.path !== undefined) {
    const ok = fold(path, cs) === fold(match.path, cs);
    return { verdict: ok ? 'match' : 'no', reason: `path "${match.path}"${how} ${ok ? 'equals' : 'is not'} ${path}` };
  }
  if (match.safeRegex !== undefined) {
    const invalid = regexError(match.safeRegex);
    if (invalid !== undefined) return { verdict: 'no', reason: `regex /${match.safeRegex}/ ${REJECTED(invalid)}` };
    const ok = fullMatch(match.safeRegex, path);
    return { verdict: ok ? 'match' : 'no', reason: `regex /${match.safeRegex}/ ${ok ? 'matches' : 'does not match'} the whole path ${path}` };
  }
  if (match.pathSeparatedPrefix !== undefined) {
    const p = fold(match.pathSeparatedPrefix, cs);
    const actual = fold(path, cs);
    const ok = actual === p || actual.startsWith(`${p}/`);
    return { verdict: ok ? 'match' : 'no', reason: `path_separated_prefix "${match.pathSeparatedPrefix}"${how} ${ok ? 'matches' : 'does not match'} ${path}` };
  }
  if (match.pathMatchPolicy !== undefined) return { verdict: 'maybe', reason: `path_match_policy ${match.pathMatchPolicy} (URI template) is not evaluated` };
  if (match.connectMatcher) return { verdict: 'match', reason: 'connect_matcher' };
  return { verdict: 'no', reason: 'the route has no path specifier' };
}

/**
 * A whole RouteMatch against a request: path specifier, then headers (all must match), query parameters (all must
 * match), grpc (content-type application/grpc...), tls_context, runtime_fraction and dynamic_metadata.
 */
export function matchRoute(route: RouteNode, request: HttpRequest): RouteMatchResult {
  const match = route.match;
  if (!match) return { verdict: 'no', reason: 'the route has no match' };
  if (match.connectMatcher && request.method.toUpperCase() !== 'CONNECT') return { verdict: 'no', reason: `connect_matcher: the request method is ${request.method}, not CONNECT` };
  const path = pathMatches(match, request.path);
  if (path.verdict === 'no') return path;
  const reasons = [path.reason];
  for (const h of match.headers) {
    const v = headerMatches(h, headerValue(request, h.name));
    if (!v.matches) return { verdict: 'no', reason: `${path.reason}, but ${v.reason}` };
    reasons.push(v.reason);
  }
  if (match.queryParameters.length > 0) {
    const params = queryParameters(request.path);
    for (const q of match.queryParameters) {
      const v = queryParameterMatches(q, params);
      if (!v.matches) return { verdict: 'no', reason: `${path.reason}, but ${v.reason}` };
      reasons.push(v.reason);
    }
  }
  if (match.grpc) {
    const ct = headerValue(request, 'content-type') ?? '';
    if (!ct.startsWith('application/grpc')) return { verdict: 'no', reason: `${path.reason}, but grpc: content-type is "${ct}", not application/grpc` };
    reasons.push('grpc content-type');
  }
  if (match.tlsContext) {
    const tls = request.tls;
    if (match.tlsContext.presented !== undefined && (tls?.presented ?? false) !== match.tlsContext.presented)
      return { verdict: 'no', reason: `${path.reason}, but tls_context.presented is ${String(match.tlsContext.presented)}` };
    if (match.tlsContext.validated !== undefined && (tls?.validated ?? false) !== match.tlsContext.validated)
      return { verdict: 'no', reason: `${path.reason}, but tls_context.validated is ${String(match.tlsContext.validated)}` };
  }
  const uncertain: string[] = [];
  if (path.verdict === 'maybe') uncertain.push('its path template is not evaluated');
  if (match.runtimeFraction) uncertain.push('runtime_fraction matches only a share of requests');
  if (match.dynamicMetadata) uncertain.push('dynamic_metadata is not known offline');
  if (uncertain.length > 0) return { verdict: 'maybe', reason: `${reasons.join(', ')}; ${uncertain.join('; ')}` };
  return { verdict: 'match', reason: reasons.join(', ') };
}

export interface RouteSelection {
  /** The first route that surely matches. */
  route?: RouteNode;
  reason?: string;
  /** Earlier routes that may take the request instead (verdict `maybe`). */
  maybe: Array<{ route: RouteNode; reason: string }>;
  /** Earlier routes that do not match, with the first condition that failed. */
  skipped: Array<{ route: RouteNode; reason: string }>;
}

export function selectRoute(vhost: VirtualHostNode, request: HttpRequest): RouteSelection {
  const out: RouteSelection = { maybe: [], skipped: [] };
  for (const route of vhost.routes) {
    const r = matchRoute(route, request);
    if (r.verdict === 'match') return { ...out, route, reason: r.reason };
    if (r.verdict === 'maybe') out.maybe.push({ route, reason: r.reason });
    else out.skipped.push({ route, reason: r.reason });
  }
  return out;
}
