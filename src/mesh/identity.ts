// Whether a client's SAN matchers admit what a server presents (Envoy's match_subject_alt_names: one matcher matching
// one SAN is enough; match_typed_subject_alt_names also names the SAN's type).
import { regexError } from '../match/regex.js';
import { stringMatches as envoyStringMatches } from '../match/header.js';
import type { ProxyIdentity, SanMatcher } from './facts.js';

/** `spiffe://<trust domain>/...` → the trust domain. */
export function trustDomainOf(value: string): string | undefined {
  return /^spiffe:\/\/([^/]+)(\/|$)/.exec(value)?.[1];
}

/** The trust domain a matcher names: a regex's with its escaped dots read as dots, when it is a plain name then. */
function matcherTrustDomain(matcher: SanMatcher): string | undefined {
  const td = trustDomainOf(matcher.kind === 'regex' ? matcher.value.replace(/\\\./g, '.') : matcher.value);
  return td !== undefined && /^[a-z0-9.-]+$/i.test(td) ? td : undefined;
}

/** Envoy's StringMatcher (match/header.ts), except that a pattern RE2 refuses is schema-violation's, not held against the server. */
function stringMatches(matcher: SanMatcher, value: string): boolean {
  if (matcher.kind === 'regex' && regexError(matcher.value) !== undefined) return true;
  return envoyStringMatches(matcher.kind, matcher.value, value, matcher.ignoreCase);
}

function typeFits(matcher: SanMatcher, value: string): boolean {
  if (matcher.sanType === undefined) return true;
  const isUri = /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
  if (matcher.sanType === 'URI') return isUri;
  if (matcher.sanType === 'DNS') return !isUri && !/^[\d.:]+$/.test(value);
  return true;
}

/**
 * 'admitted', 'refused', or 'unknown' when the server's identity is known only as `/ns/<ns>/sa/<sa>` (Istio's node
 * metadata: no trust domain) and no matcher can be read with one. Such an identity is tried in each SPIFFE matcher's
 * own trust domain: the path is what the metadata proves, the trust domain is left to `otherTrustDomain`.
 */
export function admits(matchers: readonly SanMatcher[], identities: readonly ProxyIdentity[]): 'admitted' | 'refused' | 'unknown' {
  let judged = false;
  for (const identity of identities) {
    const candidates = identity.spiffePathOnly ? [...new Set(matchers.map(matcherTrustDomain).filter((td): td is string => td !== undefined))].map((td) => `spiffe://${td}${identity.value}`) : [identity.value];
    if (candidates.length > 0) judged = true;
    for (const value of candidates) if (matchers.some((m) => typeFits(m, value) && stringMatches(m, value))) return 'admitted';
  }
  return judged ? 'refused' : 'unknown';
}
