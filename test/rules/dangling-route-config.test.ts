import rule from '../../rules/dangling-route-config.js';
import { ruleTester } from '../rule-tester.js';

const hcm = (routeConfig: string) => `{
  "name": "http",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 8080 } },
  "filter_chains": [{ "filters": [{
    "name": "envoy.filters.network.http_connection_manager",
    "typed_config": {
      "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
      "stat_prefix": "http",
      "rds": { "route_config_name": "${routeConfig}", "config_source": { "ads": {} } }
    }
  }] }]
}`;

ruleTester(rule, {
  valid: [
    { name: 'the route configuration is there', listeners: [hcm('8080')], routeConfigs: [{ name: '8080', virtual_hosts: [] }] },
    { name: 'a warming listener waits for it (rejected-config says so, once)', listeners: [{ state: 'warming', resource: hcm('8080') }], routeConfigs: [{ name: 'other' }] },
  ],
  invalid: [
    {
      name: 'an active listener names a route configuration the proxy lacks',
      listeners: [hcm('8080')],
      routeConfigs: [{ name: 'other' }],
      errors: [{ messageId: 'missing', text: '"8080"', in: 'listeners/0', line: 9, column: 37, endLine: 9, endColumn: 43 }],
    },
    {
      name: 'without a routes section, once, as info',
      listeners: [hcm('8080')],
      errors: [{ messageId: 'sectionAbsent', severity: 'info', in: 'dump', line: 1, column: 1 }],
    },
  ],
});
