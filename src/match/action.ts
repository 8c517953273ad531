// What a matched route does: where it sends the request, and how it rewrites it (for traces and route tests).
import type { RouteNode } from '../generated/graph.js';
import { regexReplace } from './regex.js';
import { headerValue, pathOnly, type HttpRequest } from './request.js';

export type RouteTarget =
  | { kind: 'cluster'; cluster: string }
  | { kind: 'weighted'; clusters: Array<{ name: string; weight: number }> }
  | { kind: 'cluster_header'; header: string; cluster?: string }
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'direct_response'; status: number }
  | { kind: 'unsupported'; action: RouteNode['action'] };

const REDIRECT_CODES: Record<string, number> = { MOVED_PERMANENTLY: 301, FOUND: 302, SEE_OTHER: 303, TEMPORARY_REDIRECT: 307, PERMANENT_REDIRECT: 308 };

/** The route's action for this request. cluster_header reads the named request header (RouteAction docs). */
export function routeTarget(route: RouteNode, request: HttpRequest): RouteTarget {
  const d = route.actionDetails ?? {};
  switch (route.action) {
    case 'cluster':
      return { kind: 'cluster', cluster: d.cluster ?? '' };
    case 'weighted_clusters':
      return { kind: 'weighted', clusters: (d.weightedClusters ?? []).map((w) => ({ name: w.name, weight: w.weight })) };
    case 'cluster_header': {
      const header = d.clusterHeader ?? '';
      const value = headerValue(request, header);
      return value !== undefined ? { kind: 'cluster_header', header, cluster: value } : { kind: 'cluster_header', header };
    }
    case 'redirect':
      return { kind: 'redirect', status: REDIRECT_CODES[d.redirect?.responseCode ?? 'MOVED_PERMANENTLY'] ?? 301, location: redirectLocation(route, request) };
    case 'direct_response':
      return { kind: 'direct_response', status: d.directResponseStatus ?? 200 };
    default:
      return { kind: 'unsupported', action: route.action };
  }
}

/**
 * The path after the route's rewrite (RouteAction.prefix_rewrite replaces the matched prefix — or the matched
 * path_separated_prefix / path; regex_rewrite substitutes in the path without query string; the query is kept).
 * Undefined when the route does not rewrite the path.
 */
export function rewrittenPath(route: RouteNode, path: string): string | undefined {
  const d = route.actionDetails;
  const m = route.match;
  const query = path.slice(pathOnly(path).length);
  if (d?.prefixRewrite !== undefined && m) {
    const matched = m.prefix ?? m.pathSeparatedPrefix ?? m.path;
    if (matched !== undefined) return d.prefixRewrite + path.slice(matched.length);
  }
  if (d?.regexRewrite?.pattern) {
    const replaced = regexReplace(d.regexRewrite.pattern, pathOnly(path), d.regexRewrite.substitution ?? '');
    if (replaced !== undefined) return replaced + query;
  }
  return undefined;
}

/** The host after host_rewrite_literal, else undefined. */
export function rewrittenHost(route: RouteNode): string | undefined {
  return route.actionDetails?.hostRewriteLiteral;
}

/**
 * A redirect's Location (RedirectAction docs): scheme (https_redirect / scheme_redirect, else the request's), host
 * (host_redirect, else the request's authority), port (port_redirect replaces it), path (path_redirect, or
 * prefix_rewrite of the matched prefix, else the request's path); strip_query drops the query.
 */
export function redirectLocation(route: RouteNode, request: HttpRequest): string {
  const r = route.actionDetails?.redirect ?? {};
  const scheme = r.httpsRedirect ? 'https' : (r.schemeRedirect ?? request.scheme ?? (request.tls ? 'https' : 'http'));
  let host = r.hostRedirect ?? request.authority;
  if (r.portRedirect !== undefined) host = `${host.replace(/:\d+$/, '')}:${r.portRedirect}`;
  else if (r.httpsRedirect || r.schemeRedirect) host = host.replace(/:\d+$/, '');
  const query = request.path.slice(pathOnly(request.path).length);
  let path: string;
  if (r.pathRedirect !== undefined) path = r.pathRedirect.includes('?') ? r.pathRedirect : r.pathRedirect + query;
  else if (r.prefixRewrite !== undefined) {
    const matched = route.match?.prefix ?? route.match?.pathSeparatedPrefix ?? route.match?.path ?? '';
    path = r.prefixRewrite + request.path.slice(matched.length);
  } else path = request.path;
  if (r.stripQuery) path = pathOnly(path);
  return `${scheme}://${host}${path}`;
}
