// Header and query parameter matchers of a route (HeaderMatcher / QueryParameterMatcher in route_components.proto).
import type { HeaderMatch } from '../generated/graph.js';
import { fullMatch, regexError } from './regex.js';

export interface MatchVerdict {
  matches: boolean;
  reason: string;
}

function describe(m: HeaderMatch): string {
  const not = m.invert ? 'not ' : '';
  const ci = m.ignoreCase ? ' (ignoring case)' : '';
  switch (m.kind) {
    case 'present':
    case 'any':
      return `${m.name} ${m.invert ? 'absent' : 'present'}`;
    case 'absent':
      return `${m.name} ${m.invert ? 'present' : 'absent'}`;
    case 'range':
      return `${m.name} ${not}in [${m.rangeStart ?? 0}, ${m.rangeEnd ?? 0})`;
    case 'regex':
      return `${m.name} ${not}matching /${m.value ?? ''}/`;
    default:
      return `${m.name} ${not}${m.kind} "${m.value ?? ''}"${ci}`;
  }
}

/** What an invalid pattern means: Envoy never runs the route, as it refuses the resource that holds it. */
export const REJECTED = (error: string): string => `is not valid RE2 (${error}): Envoy would reject (NACK) the whole route configuration holding it, so the proxy cannot be running this route`;

/** A regex matcher's pattern RE2 refuses: its error text. */
function invalidPattern(m: HeaderMatch): string | undefined {
  return m.kind === 'regex' && m.value !== undefined ? regexError(m.value) : undefined;
}

/** A StringMatcher's kind and value against one string. `regex` is a whole-string RE2 match. */
export function stringMatches(kind: HeaderMatch['kind'], expected: string, actual: string, ignoreCase: boolean): boolean {
  const a = ignoreCase ? actual.toLowerCase() : actual;
  const e = ignoreCase ? expected.toLowerCase() : expected;
  switch (kind) {
    case 'exact':
      return a === e;
    case 'prefix':
      return a.startsWith(e);
    case 'suffix':
      return a.endsWith(e);
    case 'contains':
      return a.includes(e);
    case 'regex':
      return fullMatch(expected, actual);
    default:
      return true;
  }
}

/**
 * One header matcher against the request's value (all values joined with ',', or undefined when absent).
 *
 * Envoy's HeaderUtility::matchHeaders: when the header is absent (and treat_missing_header_as_empty is not set), only
 * a presence matcher decides: `present_match: false` matches, and with invert_match only `present_match: true` does —
 * so an inverted exact/prefix/regex matcher does NOT match a request that lacks the header (HeaderMatcher.invert_match
 * docs: "the header must be present ... if the header is absent the match fails"). Otherwise the specifier's result is
 * XOR-ed with invert_match. range_match: `start` inclusive, `end` exclusive, on a signed integer value.
 */
export function headerMatches(m: HeaderMatch, value: string | undefined): MatchVerdict {
  const what = describe(m);
  const invalid = invalidPattern(m);
  if (invalid !== undefined) return { matches: false, reason: `header ${what}: the pattern ${REJECTED(invalid)}` };
  let actual = value;
  if (actual === undefined && m.treatMissingAsEmpty) actual = '';
  if (actual === undefined) {
    const isPresence = m.kind === 'present' || m.kind === 'any' || m.kind === 'absent';
    const wantsPresent = m.kind !== 'absent';
    const matches = isPresence && (m.invert ? wantsPresent : !wantsPresent);
    return { matches, reason: `header ${what}: the request has no ${m.name}` };
  }
  let raw: boolean;
  switch (m.kind) {
    case 'present':
    case 'any':
      raw = true;
      break;
    case 'absent':
      raw = false;
      break;
    case 'range': {
      const n = /^-?\d+$/.test(actual) ? Number(actual) : Number.NaN;
      raw = !Number.isNaN(n) && n >= (m.rangeStart ?? 0) && n < (m.rangeEnd ?? 0);
      break;
    }
    default:
      raw = stringMatches(m.kind, m.value ?? '', actual, m.ignoreCase ?? false);
  }
  const matches = raw !== m.invert;
  return { matches, reason: `header ${what}: the request has ${m.name}: "${actual}"` };
}

/**
 * One query parameter matcher against the first value of the parameter (Envoy's QueryParameterMatcher::matches): an
 * absent parameter never matches; `present_match` matches any value; otherwise the string matcher decides.
 */
export function queryParameterMatches(m: HeaderMatch, params: ReadonlyMap<string, string>): MatchVerdict {
  const value = params.get(m.name);
  if (value === undefined) return { matches: false, reason: `query parameter ${m.name}: absent from the request` };
  if (m.kind === 'present' || m.kind === 'any') return { matches: true, reason: `query parameter ${m.name} is present` };
  if (m.kind === 'absent') return { matches: false, reason: `query parameter ${m.name} is present (present_match: false)` };
  const invalid = invalidPattern(m);
  if (invalid !== undefined) return { matches: false, reason: `query parameter ${m.name} regex /${m.value ?? ''}/ ${REJECTED(invalid)}` };
  const matches = stringMatches(m.kind, m.value ?? '', value, m.ignoreCase ?? false);
  return { matches, reason: `query parameter ${m.name} ${m.kind} "${m.value ?? ''}": the request has "${value}"` };
}
