import rule from '../../rules/missing-port-listener.js';
import { ruleTester } from '../rule-tester.js';

const ISTIO = { id: 'sidecar~10.0.0.1~app-1.default~default.svc.cluster.local' };
const KUMA = { id: 'default.backend-1', metadata: { 'dataplane.proxyType': 'dataplane' } };

const tcpProxy = (cluster: string) => ({
  name: 'envoy.filters.network.tcp_proxy',
  typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', stat_prefix: cluster, cluster },
});

/** Istio's virtualOutbound on 15001, ALLOW_ANY (its catch-all chain goes to PassthroughCluster), plus chains of its own. */
const virtualOutbound = (...chains: Array<Record<string, unknown>>) => ({
  name: 'virtualOutbound',
  address: { socket_address: { address: '0.0.0.0', port_value: 15001 } },
  use_original_dst: true,
  filter_chains: [...chains, { name: 'PassthroughFilterChain', filters: [tcpProxy('PassthroughCluster')] }],
});

/** Istio's virtualInbound on 15006 with a chain for 9080. */
const virtualInbound = {
  name: 'virtualInbound',
  address: { socket_address: { address: '0.0.0.0', port_value: 15006 } },
  filter_chains: [{ filter_chain_match: { destination_port: 9080 }, filters: [tcpProxy('inbound|9080||')] }],
};

/** A listener 15001 hands connections to (bind_to_port false). */
const handoff = (address: string, port: number) => ({ name: `${address}_${port}`, address: { socket_address: { address, port_value: port } }, bind_to_port: false });

/** A one-line cluster: its name from column 11 on (the tester puts `@type` inside the line and maps columns back). */
const cluster = (name: string) => `{ "name": "${name}", "type": "EDS" }`;

const GRPC = 'outbound|7070||grpc.default.svc.cluster.local';

/** A route configuration whose route names outbound|8080||foo (a cluster the dump lacks): the name on line 6, columns 68 to 114. */
const routeToFoo = `{
  "name": "8080",
  "virtual_hosts": [{
    "name": "foo.default.svc.cluster.local:8080",
    "domains": ["foo.default.svc.cluster.local"],
    "routes": [{ "match": { "prefix": "/" }, "route": { "cluster": "outbound|8080||foo.default.svc.cluster.local" } }]
  }]
}`;

ruleTester(rule, {
  valid: [
    { name: "a bind_to_port: false 0.0.0.0_7070 takes 15001's hand-off", node: ISTIO, listeners: [virtualOutbound(), handoff('0.0.0.0', 7070)], clusters: [cluster(GRPC)] },
    {
      name: 'a listener for one service address on the port (10.96.0.20_3306) counts',
      node: ISTIO,
      listeners: [virtualOutbound(), handoff('10.96.0.20', 3306)],
      clusters: [cluster('outbound|3306||mysql.default.svc.cluster.local')],
    },
    {
      name: 'a chain of 15001 itself that matches destination port 7070',
      node: ISTIO,
      listeners: [virtualOutbound({ filter_chain_match: { destination_port: 7070 }, filters: [tcpProxy(GRPC)] })],
      clusters: [cluster(GRPC)],
    },
    { name: 'a warming listener for the port counts (it is on its way in)', node: ISTIO, listeners: [virtualOutbound(), { state: 'warming', resource: handoff('0.0.0.0', 7070) }], clusters: [cluster(GRPC)] },
    { name: 'inbound|9080|| has its chain in virtualInbound', node: ISTIO, listeners: [virtualOutbound(), virtualInbound], clusters: [cluster('inbound|9080||')] },
    { name: "an inbound cluster on one of Istio's own ports (15021) needs no chain", node: ISTIO, listeners: [virtualOutbound(), virtualInbound], clusters: [cluster('inbound|15021||')] },
    {
      name: 'a gateway (no use_original_dst listener) needs no listener per service cluster',
      node: { id: 'router~10.0.0.2~istio-ingressgateway-1.istio-system~istio-system.svc.cluster.local' },
      listeners: [{ name: '0.0.0.0_8080', address: { socket_address: { address: '0.0.0.0', port_value: 8080 } } }],
      clusters: [cluster(GRPC)],
    },
    { name: 'not an Istio proxy (Kuma): the same cluster without a listener is not checked', node: KUMA, listeners: [virtualOutbound()], clusters: [cluster(GRPC), cluster('inbound|9090||')] },
  ],
  invalid: [
    {
      name: 'cluster outbound|7070||grpc and no listener for 7070 (the 9080 one does not count)',
      node: ISTIO,
      listeners: [virtualOutbound(), handoff('0.0.0.0', 9080)],
      clusters: [cluster('outbound|9080||reviews.default.svc.cluster.local'), cluster(GRPC)],
      errors: [
        {
          messageId: 'outbound',
          severity: 'warning',
          text: `"${GRPC}"`,
          in: 'clusters/1',
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 58,
          resource: { kind: 'cluster', name: GRPC },
          data: {
            cluster: GRPC,
            port: 7070,
            listener: 'virtualOutbound',
            destination: 'grpc.default.svc.cluster.local:7070',
            symptom: "fall through to virtualOutbound's fallback PassthroughCluster and leave the mesh unmanaged (no mTLS, routing rules, retries or telemetry)",
          },
        },
      ],
    },
    {
      name: 'subsets of one host and port are reported once, at the first name',
      node: ISTIO,
      listeners: [virtualOutbound()],
      clusters: [cluster('outbound|9080|v1|ratings.default.svc.cluster.local'), cluster('outbound|9080|v2|ratings.default.svc.cluster.local')],
      errors: [{ messageId: 'outbound', text: '"outbound|9080|v1|ratings.default.svc.cluster.local"', in: 'clusters/0', line: 1, column: 11 }],
    },
    {
      name: 'a service known only from a route reference, at the reference',
      node: ISTIO,
      listeners: [virtualOutbound()],
      routeConfigs: [routeToFoo],
      errors: [{ messageId: 'outbound', text: '"outbound|8080||foo.default.svc.cluster.local"', in: 'routeConfigs/0', line: 6, column: 68, endLine: 6, endColumn: 114 }],
    },
    {
      name: 'a listener draining away does not count',
      node: ISTIO,
      listeners: [virtualOutbound(), { state: 'draining', resource: handoff('0.0.0.0', 7070) }],
      clusters: [cluster(GRPC)],
      errors: [{ messageId: 'outbound', text: `"${GRPC}"`, in: 'clusters/0' }],
    },
    {
      name: 'inbound|9090|| while virtualInbound has no chain for 9090',
      node: ISTIO,
      listeners: [virtualOutbound(), virtualInbound],
      clusters: [cluster('inbound|9080||'), cluster('inbound|9090||')],
      errors: [
        {
          messageId: 'inbound',
          text: '"inbound|9090||"',
          in: 'clusters/1',
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 27,
          resource: { kind: 'cluster', name: 'inbound|9090||' },
          data: { cluster: 'inbound|9090||', port: 9090, listener: 'virtualInbound' },
        },
      ],
    },
    {
      name: 'controlPlane istio forces the rule on a dump without a node',
      controlPlane: 'istio',
      listeners: [virtualOutbound()],
      clusters: [cluster(GRPC)],
      errors: [{ messageId: 'outbound', text: `"${GRPC}"`, in: 'clusters/0', line: 1, column: 11 }],
    },
  ],
});
