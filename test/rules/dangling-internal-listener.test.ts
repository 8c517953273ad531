import rule from '../../rules/dangling-internal-listener.js';
import { ruleTester } from '../rule-tester.js';

/** A STATIC cluster with one endpoint to internal listener `listener`: server_listener_name's value on line 5, column 86. */
const cluster = (name: string, listener: string) => `{
  "name": "${name}",
  "type": "STATIC",
  "load_assignment": { "cluster_name": "${name}", "endpoints": [{ "lb_endpoints": [
    { "endpoint": { "address": { "envoy_internal_address": { "server_listener_name": "${listener}" } } } }
  ] }] }
}`;
const internal = (name: string) => ({ name, internal_listener: {}, filter_chains: [{ filters: [] }] });
const plain = (name: string) => ({ name, address: { socket_address: { address: '127.0.0.1', port_value: 10001 } }, filter_chains: [{ filters: [] }] });
/** An EDS assignment whose endpoint connects to `listener`, as Istio's waypoints and ambient sidecars write them. */
const assignment = (cluster: string, listener: string) => ({
  cluster_name: cluster,
  endpoints: [{ lb_endpoints: [{ endpoint: { address: { envoy_internal_address: { server_listener_name: listener, endpoint_id: '10.0.0.5:80' } } } }] }],
});
const eds = (name: string) => ({ name, type: 'EDS', eds_cluster_config: { eds_config: { ads: {} } } });

ruleTester(rule, {
  valid: [
    { name: 'the internal listener is there', clusters: [cluster('to_decap', 'decap')], listeners: [internal('decap')] },
    { name: 'an EDS endpoint to an internal listener that is there', clusters: [eds('inbound-vip|80|http|svc')], endpoints: [assignment('inbound-vip|80|http|svc', 'connect_originate')], listeners: [internal('connect_originate')] },
    { name: 'without a listeners section nothing is known', clusters: [cluster('to_decap', 'decap')] },
    { name: 'a warming internal listener counts (it is on its way in)', clusters: [cluster('to_decap', 'decap')], listeners: [{ state: 'warming', resource: internal('decap') }] },
  ],
  invalid: [
    {
      name: 'no listener of that name: at server_listener_name',
      clusters: [cluster('to_decap', 'decap')],
      listeners: [internal('encap')],
      errors: [{ messageId: 'missing', text: '"decap"', line: 5, column: 86, severity: 'error', resource: { kind: 'cluster', name: 'to_decap' } }],
    },
    {
      name: 'a listener of that name that is not internal',
      clusters: [cluster('to_decap', 'decap')],
      listeners: [plain('decap')],
      errors: [{ messageId: 'notInternal', text: '"decap"' }],
    },
    {
      name: 'a rejected internal listener does not count',
      clusters: [cluster('to_decap', 'decap')],
      listeners: [{ state: 'error', resource: internal('decap'), details: 'bad' }, internal('other')],
      errors: [{ messageId: 'missing', text: '"decap"' }],
    },
    {
      name: 'EDS endpoints (a waypoint): at the assignment, once per cluster',
      clusters: [eds('inbound-vip|80|http|svc')],
      endpoints: [{ ...assignment('inbound-vip|80|http|svc', 'connect_originate'), endpoints: [assignment('x', 'connect_originate').endpoints[0], assignment('x', 'connect_originate').endpoints[0]] }],
      listeners: [internal('main_internal')],
      errors: [{ messageId: 'missing', text: '"connect_originate"', in: 'endpoints/0' }],
    },
  ],
});
