import rule from '../../rules/shadowed-route.js';
import { ruleTester } from '../rule-tester.js';

/**
 * Route configuration `web` with one virtual host `web` holding `routes`, one route per line: route i is on line 4 + i
 * of the snippet, from column 5 (a finding underlines the whole route object).
 */
const vhost = (...routes: string[]) => `{
  "name": "web",
  "virtual_hosts": [{ "name": "web", "domains": ["*"], "routes": [
    ${routes.join(',\n    ')}
  ] }]
}`;

const where = 'route config web, virtual host web, route';

/** A listener whose HTTP connection manager inlines a catch-all route, then `/api` (line 11, from column 9). */
const inline = `{
  "name": "http",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 8080 } },
  "filter_chains": [{ "filters": [{
    "name": "envoy.filters.network.http_connection_manager",
    "typed_config": {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      "stat_prefix": "http",
      "route_config": { "virtual_hosts": [{ "name": "web", "domains": ["*"], "routes": [
        { "match": { "prefix": "/" }, "route": { "cluster": "web" } },
        { "match": { "prefix": "/api" }, "route": { "cluster": "api" } }
      ] }] }
    }
  }] }]
}`;

// truncated (the 2,000,000 comparison budget) cannot be reached with a short snippet: it needs a virtual host of about
// 2,000 routes. It is not tested here.
ruleTester(rule, {
  valid: [
    {
      name: 'specific routes first, the catch-all last',
      routeConfigs: [
        vhost(
          '{ "name": "users", "match": { "path": "/api/users" }, "route": { "cluster": "users" } }',
          '{ "name": "api", "match": { "prefix": "/api" }, "route": { "cluster": "api" } }',
          '{ "name": "default", "match": { "prefix": "/" }, "route": { "cluster": "web" } }',
        ),
      ],
    },
    {
      name: 'an earlier route with a header condition does not take requests without the header',
      routeConfigs: [
        vhost(
          '{ "name": "canary", "match": { "prefix": "/", "headers": [{ "name": "x-canary", "string_match": { "exact": "1" } }] }, "route": { "cluster": "canary" } }',
          '{ "name": "default", "match": { "prefix": "/" }, "route": { "cluster": "web" } }',
        ),
      ],
    },
    {
      name: 'an earlier runtime_fraction route takes only a share of the requests',
      routeConfigs: [
        vhost(
          '{ "name": "sample", "match": { "prefix": "/", "runtime_fraction": { "default_value": { "numerator": 10 } } }, "route": { "cluster": "v2" } }',
          '{ "name": "default", "match": { "prefix": "/" }, "route": { "cluster": "v1" } }',
        ),
      ],
    },
    {
      name: 'a case-sensitive prefix with letters does not cover a later case-insensitive route',
      routeConfigs: [
        vhost(
          '{ "name": "upper", "match": { "prefix": "/API" }, "route": { "cluster": "a" } }',
          '{ "name": "lower", "match": { "prefix": "/api/v1", "case_sensitive": false }, "route": { "cluster": "b" } }',
        ),
      ],
    },
    {
      name: 'path_separated_prefix "/api" does not cover prefix "/api" (which also matches /apix)',
      routeConfigs: [
        vhost(
          '{ "name": "sep", "match": { "path_separated_prefix": "/api" }, "route": { "cluster": "a" } }',
          '{ "name": "api", "match": { "prefix": "/api" }, "route": { "cluster": "b" } }',
        ),
      ],
    },
    {
      name: 'an earlier grpc route does not take non-gRPC requests',
      routeConfigs: [
        vhost(
          '{ "name": "grpc", "match": { "prefix": "/", "grpc": {} }, "route": { "cluster": "grpc" } }',
          '{ "name": "default", "match": { "prefix": "/" }, "route": { "cluster": "web" } }',
        ),
      ],
    },
    {
      name: 'routes in different virtual hosts do not shadow each other',
      routeConfigs: [
        `{
  "name": "web",
  "virtual_hosts": [
    { "name": "a", "domains": ["a"], "routes": [{ "match": { "prefix": "/" }, "route": { "cluster": "a" } }] },
    { "name": "b", "domains": ["b"], "routes": [{ "match": { "prefix": "/" }, "route": { "cluster": "b" } }] }
  ]
}`,
      ],
    },
    { name: 'a draining listener (and the routes inlined in it) is not checked', listeners: [{ state: 'draining', resource: inline }] },
  ],
  invalid: [
    {
      name: 'a catch-all prefix "/" before a more specific prefix',
      routeConfigs: [
        vhost(
          '{ "name": "default", "match": { "prefix": "/" }, "route": { "cluster": "web" } }',
          '{ "name": "api", "match": { "prefix": "/api" }, "route": { "cluster": "api" } }',
        ),
      ],
      errors: [
        {
          messageId: 'shadowed',
          severity: 'warning',
          text: '{ "name": "api", "match": { "prefix": "/api" }, "route": { "cluster": "api" } }',
          in: 'routeConfigs/0',
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 84,
          resource: { kind: 'route', name: `${where} "api"` },
          data: { route: `${where} "api"`, by: 'route "default"', byShort: 'route "default"', why: 'prefix "/" matches every path' },
        },
      ],
    },
    {
      name: 'a catch-all covers a later safe_regex route; unnamed routes are named by index',
      routeConfigs: [
        vhost(
          '{ "match": { "prefix": "/" }, "route": { "cluster": "web" } }',
          '{ "match": { "safe_regex": { "regex": "/v[0-9]+/.*" } }, "route": { "cluster": "api" } }',
        ),
      ],
      errors: [
        {
          messageId: 'shadowed',
          text: '{ "match": { "safe_regex": { "regex": "/v[0-9]+/.*" } }, "route": { "cluster": "api" } }',
          line: 5,
          column: 5,
          resource: { kind: 'route', name: `${where} 1` },
          data: { route: `${where} 1`, by: 'route 0', byShort: 'route 0', why: 'prefix "/" matches every path' },
        },
      ],
    },
    {
      name: 'a shorter prefix before a longer one under it',
      routeConfigs: [
        vhost(
          '{ "name": "api", "match": { "prefix": "/api" }, "route": { "cluster": "api" } }',
          '{ "name": "users", "match": { "path": "/api/users" }, "route": { "cluster": "users" } }',
        ),
      ],
      errors: [
        {
          messageId: 'shadowed',
          text: '{ "name": "users", "match": { "path": "/api/users" }, "route": { "cluster": "users" } }',
          line: 5,
          column: 5,
          data: { route: `${where} "users"`, by: 'route "api"', byShort: 'route "api"', why: 'every path under "/api/users" starts with prefix "/api"' },
        },
      ],
    },
    {
      name: 'the same exact path twice',
      routeConfigs: [
        vhost(
          '{ "name": "a", "match": { "path": "/health" }, "route": { "cluster": "a" } }',
          '{ "name": "b", "match": { "path": "/health" }, "route": { "cluster": "b" } }',
        ),
      ],
      errors: [{ messageId: 'shadowed', text: '{ "name": "b", "match": { "path": "/health" }, "route": { "cluster": "b" } }', line: 5, column: 5, endLine: 5, endColumn: 81 }],
    },
    {
      name: 'a case-insensitive earlier prefix covers a later route in any case',
      routeConfigs: [
        vhost(
          '{ "name": "any-case", "match": { "prefix": "/API", "case_sensitive": false }, "route": { "cluster": "a" } }',
          '{ "name": "v1", "match": { "prefix": "/api/v1" }, "route": { "cluster": "b" } }',
        ),
      ],
      errors: [{ messageId: 'shadowed', text: '{ "name": "v1", "match": { "prefix": "/api/v1" }, "route": { "cluster": "b" } }', line: 5, column: 5 }],
    },
    {
      name: 'path_separated_prefix before an exact path under it',
      routeConfigs: [
        vhost(
          '{ "name": "sep", "match": { "path_separated_prefix": "/api" }, "route": { "cluster": "a" } }',
          '{ "name": "users", "match": { "path": "/api/users" }, "route": { "cluster": "b" } }',
        ),
      ],
      errors: [{ messageId: 'shadowed', text: '{ "name": "users", "match": { "path": "/api/users" }, "route": { "cluster": "b" } }', line: 5, column: 5, data: { route: `${where} "users"`, by: 'route "sep"', byShort: 'route "sep"', why: 'path_separated_prefix "/api" covers it' } }],
    },
    {
      name: 'a regex that fully matches a later exact path',
      routeConfigs: [
        vhost(
          '{ "name": "items", "match": { "safe_regex": { "regex": "/items/[0-9]+" } }, "route": { "cluster": "a" } }',
          '{ "name": "item-42", "match": { "path": "/items/42" }, "route": { "cluster": "b" } }',
        ),
      ],
      errors: [{ messageId: 'shadowed', text: '{ "name": "item-42", "match": { "path": "/items/42" }, "route": { "cluster": "b" } }', line: 5, column: 5 }],
    },
    {
      name: 'the same regex twice, the later one with an extra header condition (which only narrows it)',
      routeConfigs: [
        vhost(
          '{ "name": "r1", "match": { "safe_regex": { "regex": "/x/.*" } }, "route": { "cluster": "a" } }',
          '{ "name": "r2", "match": { "safe_regex": { "regex": "/x/.*" }, "headers": [{ "name": "x-v", "present_match": true }] }, "route": { "cluster": "b" } }',
        ),
      ],
      errors: [
        {
          messageId: 'shadowed',
          text: '{ "name": "r2", "match": { "safe_regex": { "regex": "/x/.*" }, "headers": [{ "name": "x-v", "present_match": true }] }, "route": { "cluster": "b" } }',
          line: 5,
          column: 5,
          data: { route: `${where} "r2"`, by: 'route "r1"', byShort: 'route "r1"', why: 'the same regex //x/.*/' },
        },
      ],
    },
    {
      name: 'the same header condition on both routes: the earlier one still takes everything',
      routeConfigs: [
        vhost(
          '{ "name": "h1", "match": { "prefix": "/", "headers": [{ "name": "x-v", "present_match": true }] }, "route": { "cluster": "a" } }',
          '{ "name": "h2", "match": { "prefix": "/b", "headers": [{ "name": "x-v", "present_match": true }] }, "route": { "cluster": "b" } }',
        ),
      ],
      errors: [
        {
          messageId: 'shadowed',
          text: '{ "name": "h2", "match": { "prefix": "/b", "headers": [{ "name": "x-v", "present_match": true }] }, "route": { "cluster": "b" } }',
          line: 5,
          column: 5,
          data: { route: `${where} "h2"`, by: 'route "h1"', byShort: 'route "h1"', why: 'prefix "/" matches every path, with the same header/query conditions' },
        },
      ],
    },
    {
      name: 'each shadowed route is reported once, by the first route that covers it',
      routeConfigs: [
        vhost(
          '{ "name": "all", "match": { "prefix": "/" }, "route": { "cluster": "a" } }',
          '{ "name": "a", "match": { "prefix": "/a" }, "route": { "cluster": "b" } }',
          '{ "name": "ab", "match": { "prefix": "/a/b" }, "route": { "cluster": "c" } }',
        ),
      ],
      errors: [
        { messageId: 'shadowed', text: '{ "name": "a", "match": { "prefix": "/a" }, "route": { "cluster": "b" } }', line: 5, column: 5, data: { route: `${where} "a"`, by: 'route "all"', byShort: 'route "all"', why: 'prefix "/" matches every path' } },
        { messageId: 'shadowed', text: '{ "name": "ab", "match": { "prefix": "/a/b" }, "route": { "cluster": "c" } }', line: 6, column: 5, data: { route: `${where} "ab"`, by: 'route "all"', byShort: 'route "all"', why: 'prefix "/" matches every path' } },
      ],
    },
    {
      name: 'routes inlined in an active listener are checked too',
      listeners: [inline],
      errors: [
        {
          messageId: 'shadowed',
          text: '{ "match": { "prefix": "/api" }, "route": { "cluster": "api" } }',
          in: 'listeners/0',
          line: 11,
          column: 9,
          endLine: 11,
          endColumn: 73,
          resource: { kind: 'route', name: 'route config (inline route config in listener http, filter chain 0), virtual host web, route 1' },
        },
      ],
    },
  ],
});
