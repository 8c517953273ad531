import { describe } from 'vitest';
import rule from '../../rules/duplicate-domain.js';
import { ruleTester } from '../rule-tester.js';

/**
 * Route configuration `name` with one virtual host per entry, one per line: virtual host i is on line 4 + i of the
 * snippet, and its name value starts at column 15 (findings are on the virtual host's name).
 */
const routeConfig = (name: string, vhosts: string[], extra = '') => `{
  "name": "${name}",${extra}
  "virtual_hosts": [
    ${vhosts.join(',\n    ')}
  ]
}`;

ruleTester(rule, {
  valid: [
    {
      name: 'distinct domains, no ports',
      routeConfigs: [routeConfig('shop', ['{ "name": "reviews", "domains": ["reviews"] }', '{ "name": "details", "domains": ["details", "*.details.example.com"] }', '{ "name": "allow_any", "domains": ["*"] }'])],
    },
    {
      name: 'the same domain in two route configurations',
      routeConfigs: [routeConfig('a', ['{ "name": "reviews", "domains": ["reviews"] }']), routeConfig('b', ['{ "name": "reviews", "domains": ["reviews"] }'])],
    },
    {
      name: "Istio's per-port route configuration: every host in both forms",
      routeConfigs: [
        routeConfig('9080', [
          '{ "name": "reviews", "domains": ["reviews", "reviews:9080"] }',
          '{ "name": "details", "domains": ["details", "details:9080"] }',
          '{ "name": "allow_any", "domains": ["*"] }',
        ]),
      ],
    },
    {
      name: 'ignore_port_in_host_matching: the port form is not needed',
      routeConfigs: [routeConfig('9080', ['{ "name": "reviews", "domains": ["reviews", "reviews:9080"] }', '{ "name": "details", "domains": ["details"] }'], '\n  "ignore_port_in_host_matching": true,')],
    },
    {
      name: 'domains naming two ports: the expected form is unclear, not checked',
      routeConfigs: [routeConfig('gw', ['{ "name": "reviews", "domains": ["reviews", "reviews:9080"] }', '{ "name": "ratings", "domains": ["ratings:8080"] }', '{ "name": "details", "domains": ["details"] }'])],
    },
    {
      name: 'two virtual hosts without port forms: no convention to be the odd one out of',
      routeConfigs: [routeConfig('9080', ['{ "name": "reviews", "domains": ["reviews", "reviews:9080"] }', '{ "name": "details", "domains": ["details"] }', '{ "name": "ratings", "domains": ["ratings"] }'])],
    },
  ],
  invalid: [
    {
      name: 'the same domain in two virtual hosts, in another case (Envoy lower-cases domains)',
      routeConfigs: [routeConfig('shop', ['{ "name": "reviews", "domains": ["reviews"] }', '{ "name": "reviews-canary", "domains": ["Reviews", "reviews-canary"] }'])],
      errors: [
        {
          messageId: 'duplicate',
          severity: 'error',
          text: '"reviews-canary"',
          in: 'routeConfigs/0',
          line: 5,
          column: 15,
          endLine: 5,
          endColumn: 31,
          resource: { kind: 'virtual_host', name: 'reviews-canary' },
          data: { domain: 'reviews', vhost: 'reviews-canary', first: 'reviews', routeConfig: 'shop', envoyError: 'Only unique values for domains are permitted' },
        },
      ],
    },
    {
      name: 'two catch-all "*" virtual hosts',
      routeConfigs: [routeConfig('shop', ['{ "name": "a", "domains": ["*"] }', '{ "name": "b", "domains": ["*"] }'])],
      errors: [{ messageId: 'duplicate', text: '"b"', line: 5, column: 15, endLine: 5, endColumn: 18, data: { domain: '*', vhost: 'b', first: 'a', routeConfig: 'shop', envoyError: 'Only a single wildcard domain is permitted' } }],
    },
    {
      name: 'three virtual hosts with one domain: each later one is reported against the first',
      routeConfigs: [routeConfig('shop', ['{ "name": "v1", "domains": ["web"] }', '{ "name": "v2", "domains": ["web"] }', '{ "name": "v3", "domains": ["web"] }'])],
      errors: [
        { messageId: 'duplicate', text: '"v2"', line: 5, column: 15, data: { domain: 'web', vhost: 'v2', first: 'v1', routeConfig: 'shop', envoyError: 'Only unique values for domains are permitted' } },
        { messageId: 'duplicate', text: '"v3"', line: 6, column: 15, data: { domain: 'web', vhost: 'v3', first: 'v1', routeConfig: 'shop', envoyError: 'Only unique values for domains are permitted' } },
      ],
    },
    {
      name: 'a host without its host:port form falls to the catch-all virtual host',
      routeConfigs: [
        routeConfig('9080', [
          '{ "name": "reviews", "domains": ["reviews", "reviews:9080"] }',
          '{ "name": "details", "domains": ["details"] }',
          '{ "name": "allow_any", "domains": ["*"] }',
        ]),
      ],
      errors: [
        {
          messageId: 'portMissing',
          severity: 'warning',
          text: '"details"',
          in: 'routeConfigs/0',
          line: 5,
          column: 15,
          endLine: 5,
          endColumn: 24,
          resource: { kind: 'virtual_host', name: 'details' },
          data: { vhost: 'details', hosts: '"details"', host: 'details', port: '9080', routeConfig: '9080', fallback: 'goes to virtual host allow_any instead (catch-all domain "*" matches "details:9080")' },
        },
      ],
    },
    {
      name: 'without a catch-all, host:port matches no virtual host; every host lacking the form is listed',
      routeConfigs: [routeConfig('9080', ['{ "name": "reviews", "domains": ["reviews", "reviews:9080"] }', '{ "name": "details", "domains": ["details", "details.default"] }'])],
      errors: [
        {
          messageId: 'portMissing',
          text: '"details"',
          line: 5,
          column: 15,
          data: { vhost: 'details', hosts: '"details", "details.default"', host: 'details', port: '9080', routeConfig: '9080', fallback: 'matches no virtual host: 404, response flag NR' },
        },
      ],
    },
    {
      name: 'the failing example of the doc: a duplicate, and the duplicate host lacking its port form',
      routeConfigs: [routeConfig('9080', ['{ "name": "reviews", "domains": ["reviews", "reviews:9080"] }', '{ "name": "reviews-canary", "domains": ["Reviews", "reviews-canary"] }'])],
      errors: [
        { messageId: 'duplicate', text: '"reviews-canary"', line: 5, column: 15, data: { domain: 'reviews', vhost: 'reviews-canary', first: 'reviews', routeConfig: '9080', envoyError: 'Only unique values for domains are permitted' } },
        { messageId: 'portMissing', text: '"reviews-canary"', line: 5, column: 15, data: { vhost: 'reviews-canary', hosts: '"reviews-canary"', host: 'reviews-canary', port: '9080', routeConfig: '9080', fallback: 'matches no virtual host: 404, response flag NR' } },
      ],
    },
  ],
});

// Envoy's RouteMatcher inserts every domain of every virtual host into one map and throws "Only unique values for
// domains are permitted" (or "Only a single wildcard domain is permitted") on the first repeat, including a repeat
// inside one virtual host (`domains: ["reviews", "Reviews"]`, after lower-casing). The rule de-duplicates each virtual
// host's domains first (`new Set(vh.domains...)`), so a domain repeated within one virtual host is not reported,
// though Envoy NACKs the route configuration all the same.
describe('fixed: a domain repeated inside one virtual host', () => {
  ruleTester(rule, {
    valid: [],
    invalid: [
      {
        name: 'the same domain twice (in two cases) in one virtual host',
        routeConfigs: [routeConfig('shop', ['{ "name": "reviews", "domains": ["reviews", "Reviews"] }'])],
        errors: [{ messageId: 'repeated', text: '"reviews"', line: 4, column: 15, endLine: 4, endColumn: 24, data: { domain: 'reviews', vhost: 'reviews', routeConfig: 'shop', envoyError: 'Only unique values for domains are permitted' } }],
      },
    ],
  });
});
