// Route matching, each case citing the Envoy behaviour it encodes (route_components.proto RouteMatch / HeaderMatcher /
// QueryParameterMatcher docs, and the "Route matching" page of the HTTP connection manager docs).
import { describe, expect, it } from 'vitest';
import { matchRoute, pathMatches, selectRoute } from '../../src/match/route.js';
import { httpRequest } from '../../src/match/request.js';
import { header, route, vhost } from './helpers.js';

const req = (path: string, headers: Array<[string, string]> = [], method = 'GET') => httpRequest({ authority: 'a', path, headers, method });

describe('path specifiers (RouteMatch)', () => {
  it('prefix: the :path must begin with it, query string included', () => {
    expect(pathMatches({ prefix: '/api', caseSensitive: true, headers: [], queryParameters: [] }, '/api/v1').verdict).toBe('match');
    expect(pathMatches({ prefix: '/api', caseSensitive: true, headers: [], queryParameters: [] }, '/apiary').verdict).toBe('match');
    expect(pathMatches({ prefix: '/api', caseSensitive: true, headers: [], queryParameters: [] }, '/v1/api').verdict).toBe('no');
  });
  it('path: exact, on the path without query string and fragment', () => {
    const m = { path: '/login', caseSensitive: true, headers: [], queryParameters: [] };
    expect(pathMatches(m, '/login?next=/').verdict).toBe('match');
    expect(pathMatches(m, '/login/').verdict).toBe('no');
  });
  it('case_sensitive: false folds case for prefix and path (default is true)', () => {
    expect(pathMatches({ prefix: '/API', caseSensitive: false, headers: [], queryParameters: [] }, '/api/x').verdict).toBe('match');
    expect(pathMatches({ prefix: '/API', caseSensitive: true, headers: [], queryParameters: [] }, '/api/x').verdict).toBe('no');
  });
  it('safe_regex: RE2, the entire path without the query string must match', () => {
    const m = { safeRegex: '/users/[0-9]+', caseSensitive: true, headers: [], queryParameters: [] };
    expect(pathMatches(m, '/users/42?x=1').verdict).toBe('match');
    expect(pathMatches(m, '/users/42/posts').verdict).toBe('no'); // not a search: whole-string
    expect(pathMatches(m, '/x/users/42').verdict).toBe('no');
  });
  it('safe_regex: case_sensitive is ignored (RouteMatch.case_sensitive docs)', () => {
    expect(pathMatches({ safeRegex: '/a', caseSensitive: false, headers: [], queryParameters: [] }, '/A').verdict).toBe('no');
  });
  it('safe_regex: RE2 syntax, never JavaScript RegExp (a lookahead is invalid and matches nothing)', () => {
    expect(pathMatches({ safeRegex: '/(?=a)a', caseSensitive: true, headers: [], queryParameters: [] }, '/a').verdict).toBe('no');
  });
  it('path_separated_prefix: equal, or followed by "/" (docs: /api/dev matches /api/dev/v1 and /api/dev?x, not /api/developer)', () => {
    const m = { pathSeparatedPrefix: '/api/dev', caseSensitive: true, headers: [], queryParameters: [] };
    expect(pathMatches(m, '/api/dev').verdict).toBe('match');
    expect(pathMatches(m, '/api/dev/').verdict).toBe('match');
    expect(pathMatches(m, '/api/dev/v1').verdict).toBe('match');
    expect(pathMatches(m, '/api/dev?param=true').verdict).toBe('match');
    expect(pathMatches(m, '/api/developer').verdict).toBe('no');
  });
});

describe('header matchers (HeaderMatcher)', () => {
  it('exact / prefix / suffix / contains on the value; all matchers must match', () => {
    const r = route({ prefix: '/', headers: [header('x-env', 'exact', 'canary'), header('user-agent', 'contains', 'curl')] });
    expect(matchRoute(r, req('/', [['x-env', 'canary'], ['user-agent', 'curl/8.0']])).verdict).toBe('match');
    expect(matchRoute(r, req('/', [['x-env', 'canary']])).verdict).toBe('no');
  });
  it('a repeated header is matched on its values joined with "," (HeaderUtility::getAllOfHeaderAsString)', () => {
    const r = route({ prefix: '/', headers: [header('x-a', 'exact', '1,2')] });
    expect(matchRoute(r, req('/', [['x-a', '1'], ['x-a', '2']])).verdict).toBe('match');
  });
  it('invert_match does not match an absent header: only an inverted presence matcher does', () => {
    const inverted = route({ prefix: '/', headers: [header('x-env', 'exact', 'prod', { invert: true })] });
    expect(matchRoute(inverted, req('/')).verdict).toBe('no');
    expect(matchRoute(inverted, req('/', [['x-env', 'dev']])).verdict).toBe('match');
    expect(matchRoute(inverted, req('/', [['x-env', 'prod']])).verdict).toBe('no');
    const notPresent = route({ prefix: '/', headers: [header('x-debug', 'present', undefined, { invert: true })] });
    expect(matchRoute(notPresent, req('/')).verdict).toBe('match');
  });
  it('present_match: false matches when the header is absent', () => {
    const r = route({ prefix: '/', headers: [header('x-debug', 'absent')] });
    expect(matchRoute(r, req('/')).verdict).toBe('match');
    expect(matchRoute(r, req('/', [['x-debug', '1']])).verdict).toBe('no');
  });
  it('treat_missing_header_as_empty matches a missing header as ""', () => {
    const r = route({ prefix: '/', headers: [header('x-a', 'exact', '', { treatMissingAsEmpty: true })] });
    expect(matchRoute(r, req('/')).verdict).toBe('match');
  });
  it('safe_regex_match is a whole-value RE2 match; range_match is [start, end)', () => {
    const r = route({ prefix: '/', headers: [header('x-v', 'regex', 'v[0-9]')] });
    expect(matchRoute(r, req('/', [['x-v', 'v1']])).verdict).toBe('match');
    expect(matchRoute(r, req('/', [['x-v', 'v10']])).verdict).toBe('no');
    const range = route({ prefix: '/', headers: [header('x-n', 'range', undefined, { rangeStart: 1, rangeEnd: 10 })] });
    expect(matchRoute(range, req('/', [['x-n', '9']])).verdict).toBe('match');
    expect(matchRoute(range, req('/', [['x-n', '10']])).verdict).toBe('no');
  });
  it('string_match ignore_case', () => {
    const r = route({ prefix: '/', headers: [header('x-env', 'exact', 'Canary', { ignoreCase: true })] });
    expect(matchRoute(r, req('/', [['x-env', 'CANARY']])).verdict).toBe('match');
  });
  it('pseudo-headers: :method and :authority can be matched', () => {
    const r = route({ prefix: '/', headers: [header(':method', 'exact', 'POST')] });
    expect(matchRoute(r, req('/', [], 'POST')).verdict).toBe('match');
    expect(matchRoute(r, req('/')).verdict).toBe('no');
  });
});

describe('query parameters, grpc, runtime_fraction', () => {
  it('QueryParameterMatcher: an absent parameter never matches; present_match matches any value', () => {
    const r = route({ prefix: '/', queryParameters: [header('debug', 'exact', 'true')] });
    expect(matchRoute(r, req('/?debug=true')).verdict).toBe('match');
    expect(matchRoute(r, req('/?debug=false')).verdict).toBe('no');
    expect(matchRoute(r, req('/')).verdict).toBe('no');
    expect(matchRoute(route({ prefix: '/', queryParameters: [header('debug', 'present')] }), req('/?debug')).verdict).toBe('match');
  });
  it('grpc: matches only requests with content-type application/grpc*', () => {
    const r = route({ prefix: '/', grpc: true });
    expect(matchRoute(r, req('/', [['content-type', 'application/grpc+proto']])).verdict).toBe('match');
    expect(matchRoute(r, req('/', [['content-type', 'application/json']])).verdict).toBe('no');
  });
  it('runtime_fraction: the route matches only a share of requests — "maybe", and selection goes on', () => {
    const vh = vhost('v', ['*'], [route({ prefix: '/', runtimeFraction: true }, 'canary', 0), route({ prefix: '/' }, 'stable', 1)]);
    const s = selectRoute(vh, req('/x'));
    expect(s.route?.index).toBe(1);
    expect(s.maybe.map((m) => m.route.index)).toEqual([0]);
  });
  it('connect_matcher matches only CONNECT', () => {
    expect(matchRoute(route({ connectMatcher: true }), req('/', [], 'CONNECT')).verdict).toBe('match');
    expect(matchRoute(route({ connectMatcher: true }), req('/')).verdict).toBe('no');
  });
});

describe('route order (HTTP connection manager docs, "Route matching")', () => {
  it('the first matching route wins, so a leading prefix "/" shadows everything after it', () => {
    const vh = vhost('v', ['*'], [route({ prefix: '/' }, 'catch-all', 0), route({ path: '/login' }, 'login', 1)]);
    expect(selectRoute(vh, req('/login')).route?.index).toBe(0);
  });
  it('later routes are tried when earlier ones do not match, with the reason recorded', () => {
    const vh = vhost('v', ['*'], [route({ path: '/a' }, 'a', 0), route({ prefix: '/b' }, 'b', 1)]);
    const s = selectRoute(vh, req('/b/1'));
    expect(s.route?.index).toBe(1);
    expect(s.skipped[0]?.reason).toContain('path "/a"');
  });
  it('no route matches: selection returns none (the proxy answers 404 NR)', () => {
    expect(selectRoute(vhost('v', ['*'], [route({ path: '/a' })]), req('/b')).route).toBeUndefined();
  });
});
