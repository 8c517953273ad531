// The first pattern of a route configuration that RE2 refuses. Envoy compiles every regex when it loads the resource
// and rejects (NACKs) the whole route configuration over one bad pattern, so a request traced through it follows a
// configuration the proxy cannot be running: trace says so instead of calling the route "no match".
import type { RouteConfigNode, RouteNode } from '../generated/graph.js';
import { regexError } from './regex.js';

export interface InvalidRegex {
  route: RouteNode;
  pattern: string;
  /** RE2's error text. */
  error: string;
}

function patternsOf(route: RouteNode): string[] {
  const match = route.match;
  const matchers = [...(match?.headers ?? []), ...(match?.queryParameters ?? [])];
  const patterns = matchers.filter((m) => m.kind === 'regex').map((m) => m.value ?? '');
  if (match?.safeRegex !== undefined) patterns.unshift(match.safeRegex);
  const rewrite = route.actionDetails?.regexRewrite?.pattern;
  if (rewrite) patterns.push(rewrite);
  return patterns;
}

export function invalidRegex(rc: RouteConfigNode): InvalidRegex | undefined {
  for (const vhost of rc.virtualHosts) {
    for (const route of vhost.routes) {
      for (const pattern of patternsOf(route)) {
        const error = regexError(pattern);
        if (error !== undefined) return { route, pattern, error };
      }
    }
  }
  return undefined;
}
