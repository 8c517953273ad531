import { describe, expect, it } from 'vitest';
import rule, { clientPort } from '../../rules/host-port-domain.js';
import { ruleTester } from '../rule-tester.js';

/** A listener on `port` whose connection manager takes route configuration `rds` (extra HCM fields on line 6). */
const listener = (name: string, port: number, rds: string, hcmExtra = '', extra = '') => `{
  "name": "${name}", ${extra}
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": ${port} } },
  "filter_chains": [{ "filters": [{ "name": "envoy.filters.network.http_connection_manager", "typed_config": {
    "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
    "stat_prefix": "${name}", ${hcmExtra}
    "rds": { "route_config_name": "${rds}", "config_source": { "ads": {} } } } }] }]
}`;

/** A route configuration with one virtual host per entry; the domains of the first are on line 3. */
const routes = (name: string, ...vhosts: Array<[string, string[]]>) => `{
  "name": "${name}", "virtual_hosts": [
${vhosts.map(([vh, domains]) => `    { "name": "${vh}", "domains": [${domains.map((d) => JSON.stringify(d)).join(', ')}], "routes": [{ "match": { "prefix": "/" }, "direct_response": { "status": 200 } }] }`).join(',\n')}
  ]
}`;

ruleTester(rule, {
  valid: [
    { name: 'port 80: clients leave the port out', listeners: [listener('http', 80, 'web')], routeConfigs: [routes('web', ['api', ['api.example.com']])] },
    { name: 'port 443 likewise', listeners: [listener('https', 443, 'web')], routeConfigs: [routes('web', ['api', ['api.example.com']])] },
    { name: 'the host:port form is listed', listeners: [listener('http', 8080, 'web')], routeConfigs: [routes('web', ['api', ['api.example.com', 'api.example.com:8080']])] },
    { name: 'a host:* prefix wildcard covers every port', listeners: [listener('http', 8080, 'web')], routeConfigs: [routes('web', ['api', ['api.example.com', 'api.example.com:*']])] },
    { name: 'a prefix wildcard foo.* matches foo.com:8080 too', listeners: [listener('http', 8080, 'web')], routeConfigs: [routes('web', ['api', ['api.*']])] },
    { name: 'the catch-all alone', listeners: [listener('http', 8080, 'web')], routeConfigs: [routes('web', ['all', ['*']])] },
    { name: 'strip_any_host_port', listeners: [listener('http', 8080, 'web', '"strip_any_host_port": true,')], routeConfigs: [routes('web', ['api', ['api.example.com']])] },
    { name: 'strip_matching_host_port', listeners: [listener('http', 8080, 'web', '"strip_matching_host_port": true,')], routeConfigs: [routes('web', ['api', ['api.example.com']])] },
    {
      name: 'ignore_port_in_host_matching on the route configuration',
      listeners: [listener('http', 8080, 'web')],
      routeConfigs: [`{ "name": "web", "ignore_port_in_host_matching": true, "virtual_hosts": [{ "name": "api", "domains": ["api.example.com"], "routes": [] }] }`],
    },
    {
      name: 'other domains carry ports: the odd one out is duplicate-domain\'s portMissing, not reported twice',
      listeners: [listener('http', 9080, 'web')],
      routeConfigs: [routes('web', ['a', ['a', 'a:9080']], ['b', ['b']])],
    },
    {
      name: 'a transparent listener (use_original_dst) without destination_port: the dialled port is unknown',
      listeners: [listener('virtualOutbound', 15001, 'web', '', '"use_original_dst": true,')],
      routeConfigs: [routes('web', ['api', ['api.example.com']])],
    },
    { name: 'a route configuration no listener serves', routeConfigs: [routes('web', ['api', ['api.example.com']])] },
  ],
  invalid: [
    {
      name: 'bare domains on 8080 and no catch-all: 404, at the first domain',
      listeners: [listener('http_8080', 8080, 'web')],
      routeConfigs: [routes('web', ['api', ['api.example.com', 'api']])],
      errors: [{ messageId: 'noVirtualHost', text: '"api.example.com"', line: 3, severity: 'warning', resource: { kind: 'virtual_host', name: 'api' }, data: { vhost: 'api', routeConfig: 'web', hosts: '"api.example.com", "api"', others: '', listener: 'http_8080', port: 8080, example: 'api.example.com:8080', host: 'api.example.com' } }],
    },
    {
      name: 'a suffix wildcard does not match host:port either; the catch-all takes it',
      listeners: [listener('http_9000', 9000, 'web')],
      routeConfigs: [routes('web', ['shop', ['*.shop.example.com']], ['all', ['*']])],
      errors: [{ messageId: 'otherVirtualHost', text: '"*.shop.example.com"' }],
    },
    {
      name: 'one finding per route configuration and port, at the first virtual host, counting the rest',
      listeners: [listener('http_8080', 8080, 'web')],
      routeConfigs: [routes('web', ['a', ['a.example.com']], ['b', ['b.example.com']], ['c', ['c.example.com']])],
      errors: [{ messageId: 'noVirtualHost', text: '"a.example.com"', data: { vhost: 'a', routeConfig: 'web', hosts: '"a.example.com"', others: ' (and 2 more virtual host(s) of it are written the same way)', listener: 'http_8080', port: 8080, example: 'a.example.com:8080', host: 'a.example.com' } }],
    },
    {
      name: 'one finding per port that serves it',
      listeners: [listener('a', 8080, 'web'), listener('b', 9090, 'web'), listener('c', 80, 'web')],
      routeConfigs: [routes('web', ['api', ['api.example.com']])],
      errors: [{ messageId: 'noVirtualHost', text: '"api.example.com"' }, { messageId: 'noVirtualHost', text: '"api.example.com"' }],
    },
  ],
});

describe('clientPort', () => {
  it('a plain Envoy or sidecar listener port is the port clients dial', () => {
    expect(clientPort(8080, { id: 'unknown' })).toBe(8080);
    expect(clientPort(8080, { id: 'istio', role: 'sidecar' })).toBe(8080);
  });
  it("a gateway's 8080/8443 are usually a Service's 80/443: unknown", () => {
    expect(clientPort(8080, { id: 'istio', role: 'gateway' })).toBeUndefined();
    expect(clientPort(8443, { id: 'contour' })).toBeUndefined();
    expect(clientPort(9000, { id: 'istio', role: 'gateway' })).toBe(9000);
  });
  it('Envoy Gateway adds 10000 to privileged ports', () => {
    expect(clientPort(10080, { id: 'envoy-gateway' })).toBe(80);
    expect(clientPort(10443, { id: 'envoy-gateway' })).toBe(443);
    expect(clientPort(18080, { id: 'envoy-gateway' })).toBe(18080);
  });
});
