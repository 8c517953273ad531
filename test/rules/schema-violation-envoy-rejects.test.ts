// What Envoy itself refuses when it loads a resource, beyond field types and validate rules (issue 21, item 4, and
// the wrong-kind resource of item 6): RE2 patterns, integers in proto3 JSON's forms, and a resource of another type
// in a section's list.
import { describe } from 'vitest';
import rule from '../../rules/schema-violation.js';
import danglingCluster from '../../rules/dangling-cluster.js';
import { ruleTester } from '../rule-tester.js';

/** A route configuration whose one route matches with `match` (line 4 of the snippet, from column 16). */
const routes = (match: string, action = '{ "cluster": "reviews" }') => `{
  "name": "80",
  "virtual_hosts": [{ "name": "web", "domains": ["*"], "routes": [
    { "match": ${match}, "route": ${action} }
  ] }]
}`;

/** A path regex route: the pattern's JSON string starts at line 4, column 43. */
const pathRegex = (pattern: string) => routes(`{ "safe_regex": { "regex": ${JSON.stringify(pattern)} } }`);

const inRoute = { messageId: 'inResource', severity: 'error', in: 'routeConfigs/0', line: 4, resource: { kind: 'route_config', name: '80' } } as const;

// Envoy compiles every RegexMatcher with RE2 when it loads the resource; RE2 has no backreferences or lookaround and
// its own escapes, so patterns JavaScript takes can fail, and patterns JavaScript refuses can be fine.
describe('safe_regex patterns are compiled with RE2', () => {
  ruleTester(rule, {
    valid: [
      { name: 'RE2 flags, POSIX classes and \\z (JavaScript refuses or misreads them)', routeConfigs: [pathRegex(String.raw`(?i)/api/[[:alpha:]]+\z`)] },
      { name: 'a Python-style named group and a Unicode class', routeConfigs: [pathRegex(String.raw`/users/(?P<id>\pL+)`)] },
      { name: 'a \\Q...\\E literal and the largest repeat count, 1000', routeConfigs: [pathRegex(String.raw`\Q/a.b\E[0-9]{1000}`)] },
      { name: '\\C, any byte, which RE2 has and re2js lacks', routeConfigs: [pathRegex(String.raw`/bin/\C+`)] },
    ],
    invalid: [
      { name: 'a backreference', routeConfigs: [pathRegex(String.raw`(a)\1`)], errors: [{ ...inRoute, text: String.raw`"(a)\\1"`, column: 43, endLine: 4, endColumn: 51 }] },
      { name: 'a lookahead', routeConfigs: [pathRegex('/api/(?=v1).*')], errors: [{ ...inRoute, text: '"/api/(?=v1).*"', column: 43 }] },
      { name: 'a lookbehind', routeConfigs: [pathRegex('(?<!x)/a')], errors: [{ ...inRoute, text: '"(?<!x)/a"', column: 43 }] },
      { name: 'unclosed groups', routeConfigs: [pathRegex('((((')], errors: [{ ...inRoute, text: '"(((("', column: 43 }] },
      { name: '\\Z, which JavaScript reads as the letter Z', routeConfigs: [pathRegex(String.raw`/a\Z`)], errors: [{ ...inRoute, text: String.raw`"/a\\Z"` }] },
      { name: 'a repeat count above 1000', routeConfigs: [pathRegex('/a{1001}')], errors: [{ ...inRoute, text: '"/a{1001}"' }] },
      { name: 'a possessive quantifier', routeConfigs: [pathRegex('/a++')], errors: [{ ...inRoute, text: '"/a++"' }] },
      {
        name: 'a header matcher',
        routeConfigs: [routes('{ "prefix": "/", "headers": [{ "name": "x-user", "safe_regex_match": { "regex": "(?=a)b" } }] }')],
        errors: [{ ...inRoute, text: '"(?=a)b"', column: 96 }],
      },
      {
        name: 'a query parameter string matcher',
        routeConfigs: [routes(String.raw`{ "prefix": "/", "query_parameters": [{ "name": "q", "string_match": { "safe_regex": { "regex": "\\k<n>" } } }] }`)],
        errors: [{ ...inRoute, text: String.raw`"\\k<n>"` }],
      },
      {
        name: "a listener's filter_chain_matcher (the xds matcher tree's StringMatcher)",
        listeners: [
          `{
  "name": "l",
  "filter_chain_matcher": { "matcher_list": { "matchers": [{
    "predicate": { "single_predicate": {
      "input": { "name": "sni", "typed_config": { "@type": "type.googleapis.com/envoy.extensions.matching.common_inputs.network.v3.ServerNameInput" } },
      "value_match": { "safe_regex": { "regex": "(?<!www\\\\.)example\\\\.com" } } } },
    "on_match": { "action": { "name": "tls", "typed_config": { "@type": "type.googleapis.com/google.protobuf.StringValue", "value": "tls" } } }
  }] } },
  "filter_chains": [{ "name": "tls", "filters": [] }]
}`,
        ],
        errors: [{ messageId: 'inResource', in: 'listeners/0', text: String.raw`"(?<!www\\.)example\\.com"`, line: 6, column: 49, resource: { kind: 'listener', name: 'l' } }],
      },
      {
        name: 'a regex_rewrite pattern',
        routeConfigs: [routes('{ "prefix": "/" }', '{ "cluster": "reviews", "regex_rewrite": { "pattern": { "regex": "(x)\\\\1" }, "substitution": "y" } }')],
        errors: [{ ...inRoute, text: String.raw`"(x)\\1"` }],
      },
    ],
  });
});

/** A listener on `port` (written as given: line 3, columns 72 on). */
const listener = (port: string) => `{
  "name": "http",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": ${port} } }
}`;

const atPort = { messageId: 'inResource', in: 'listeners/0', line: 3, column: 72 } as const;

/** A cluster with one more field, on line 3. */
const cluster = (field: string) => `{
  "name": "reviews",
  ${field}
}`;

// The ProtoJSON format: an integer is a JSON number or a string, "Exponent notation (such as 1e2) is accepted in both
// quoted and unquoted forms", "1.0 is valid for an int32 field, but 1.5 is not", "Empty strings are invalid"; and a
// string follows JSON's number syntax (the conformance suite: no leading or trailing space).
describe('integers in proto3 JSON forms', () => {
  ruleTester(rule, {
    valid: [
      { name: 'exponent notation, quoted', listeners: [listener('"8e1"')] },
      { name: 'a zero fraction, quoted', listeners: [listener('"80.0"')] },
      { name: 'a zero fraction and exponent notation, as numbers', listeners: [listener('80.0')], clusters: [cluster('"per_connection_buffer_limit_bytes": 1e6')] },
      {
        name: 'an int64 past 2^53, quoted, read exactly (the largest int64)',
        routeConfigs: [routes('{ "prefix": "/" }', '{ "cluster": "reviews", "retry_policy": { "host_selection_retry_max_attempts": "9223372036854775807" } }')],
      },
    ],
    invalid: [
      // The forms: hex, spaces, "", "+" and fractions were refused before proto-json.ts too (by a digits-only
      // pattern, which also refused "8e1" and "80.0" and let "080" and out-of-range 64-bit values through).
      { name: 'hex', listeners: [listener('"0x50"')], errors: [{ ...atPort, text: '"0x50"' }] },
      { name: 'a leading space', listeners: [listener('" 80"')], errors: [{ ...atPort, text: '" 80"' }] },
      { name: 'an empty string', listeners: [listener('""')], errors: [{ ...atPort, text: '""' }] },
      { name: 'a plus sign', listeners: [listener('"+80"')], errors: [{ ...atPort, text: '"+80"' }] },
      { name: 'a leading zero', listeners: [listener('"080"')], errors: [{ ...atPort, text: '"080"' }] },
      { name: 'a fraction, quoted', listeners: [listener('"80.5"')], errors: [{ ...atPort, text: '"80.5"' }] },
      { name: 'a fraction, as a number', listeners: [listener('80.5')], errors: [{ ...atPort, text: '80.5' }] },
      {
        name: 'a uint32 wrapper past 2^32 - 1',
        endpoints: [`{\n  "cluster_name": "reviews",\n  "endpoints": [{ "lb_endpoints": [{ "load_balancing_weight": "4294967296" }] }]\n}`],
        errors: [{ messageId: 'inResource', text: '"4294967296"', in: 'endpoints/0', line: 3, column: 63 }],
      },
      {
        name: 'an int64 one past the largest, quoted (exactly, not as a double)',
        routeConfigs: [routes('{ "prefix": "/" }', '{ "cluster": "reviews", "retry_policy": { "host_selection_retry_max_attempts": "9223372036854775808" } }')],
        errors: [{ ...inRoute, text: '"9223372036854775808"' }],
      },
      {
        name: 'an int32 past 2^31 - 1',
        listeners: [`{\n  "name": "http",\n  "listener_filters": [{ "name": "tls", "filter_disabled": { "destination_port_range": { "start": 2147483648, "end": 1 } } }]\n}`],
        errors: [{ messageId: 'inResource', text: '2147483648', in: 'listeners/0', line: 3, column: 99 }],
      },
    ],
  });
});

/** A route configuration's typed entry, as a dump writes it: line 2 holds the `@type` string, from column 12. */
const typed = (type: string, name: string) => `{
  "@type": "type.googleapis.com/${type}",
  "name": "${name}"
}`;

const wrongType = (type: string) => ({ messageId: 'inInput', severity: 'error', text: `"type.googleapis.com/${type}"`, line: 2, column: 12 }) as const;

// Envoy refuses an xDS response holding a resource whose type URL is not the response's; such an entry is reported
// and not counted as a resource of the list's kind.
describe('a resource of another type in a section', () => {
  ruleTester(rule, {
    valid: [{ name: 'a v2 Cluster in the clusters list: the same resource type in an older API version', clusters: [typed('envoy.api.v2.Cluster', 'reviews')] }],
    invalid: [
      { name: 'a RouteConfiguration among the active clusters', clusters: [typed('envoy.config.route.v3.RouteConfiguration', 'reviews')], errors: [{ ...wrongType('envoy.config.route.v3.RouteConfiguration'), in: 'clusters/0' }] },
      { name: 'a Listener among the static clusters', clusters: [{ state: 'static', resource: typed('envoy.config.listener.v3.Listener', 'http') }], errors: [{ ...wrongType('envoy.config.listener.v3.Listener'), in: 'clusters/0' }] },
      { name: 'a Cluster among the route configurations', routeConfigs: [typed('envoy.config.cluster.v3.Cluster', '80')], errors: [{ ...wrongType('envoy.config.cluster.v3.Cluster'), in: 'routeConfigs/0' }] },
      { name: 'a Listener among the load assignments', endpoints: [typed('envoy.config.listener.v3.Listener', 'x')], errors: [{ ...wrongType('envoy.config.listener.v3.Listener'), in: 'endpoints/0' }] },
    ],
  });

  ruleTester(danglingCluster, {
    valid: [{ name: 'the route names a cluster the list holds as a Cluster', routeConfigs: [routes('{ "prefix": "/" }')], clusters: [typed('envoy.config.cluster.v3.Cluster', 'reviews')] }],
    invalid: [
      {
        name: 'a RouteConfiguration named like the cluster is not the cluster: the route still dangles',
        routeConfigs: [routes('{ "prefix": "/" }')],
        clusters: [typed('envoy.config.route.v3.RouteConfiguration', 'reviews')],
        errors: [{ messageId: 'missing', text: '"reviews"', in: 'routeConfigs/0', line: 4, column: 57 }],
      },
    ],
  });
});
