import rule from '../../rules/endpoint-port-not-served.js';
import { assignment, inboundChain, istioNode, meshRuleTester, outboundCluster, passthroughChains, permissive, virtualInbound, type MeshProxy } from '../mesh-tester.js';

const SVC = 'outbound|9080||reviews.default.svc.cluster.local';
const SERVER_IP = '10.244.0.7';

const client = (endpoints: Array<{ ip: string; port: number }>): MeshProxy => ({
  name: 'productpage',
  node: istioNode('10.244.0.5'),
  clusters: [outboundCluster(SVC, 'auto')],
  endpoints: [assignment(SVC, endpoints)],
});

const server = (listeners: Array<Record<string, unknown>>, ip = SERVER_IP): MeshProxy => ({ name: 'reviews', node: istioNode(ip), listeners });

meshRuleTester(rule, {
  valid: [
    { name: 'the server has chains for the port', proxies: [client([{ ip: SERVER_IP, port: 9080 }]), server([virtualInbound([...permissive(9080), ...passthroughChains()])])] },
    {
      name: 'a gateway listener bound to the port',
      proxies: [client([{ ip: SERVER_IP, port: 8080 }]), server([{ name: 'http-8080', address: { socket_address: { address: '0.0.0.0', port_value: 8080 } }, filter_chains: [inboundChain(undefined, undefined)] }])],
    },
    { name: 'loopback, link-local and DNS endpoints are not mapped', proxies: [client([{ ip: '127.0.0.1', port: 9080 }, { ip: 'fe80::1', port: 9080 }, { ip: 'reviews.default.svc', port: 9080 }]), server([virtualInbound(passthroughChains())])] },
  ],
  invalid: [
    {
      name: 'the port falls to the passthrough chains',
      proxies: [client([{ ip: SERVER_IP, port: 9090 }]), server([virtualInbound([...permissive(9080), ...passthroughChains()])])],
      errors: [{ messageId: 'notServed', proxy: 'productpage', text: `"${SERVER_IP}"`, severity: 'warning', related: ['reviews'], data: { port: 9090 } }],
    },
    {
      name: 'no chain for the port and no catch-all: refused',
      proxies: [client([{ ip: SERVER_IP, port: 9090 }]), server([virtualInbound(permissive(9080))])],
      errors: [{ messageId: 'notServed', proxy: 'productpage', related: ['reviews'] }],
    },
    {
      name: 'the server has no inbound listener at all',
      proxies: [client([{ ip: SERVER_IP, port: 9080 }]), server([])],
      errors: [{ messageId: 'notServed', proxy: 'productpage', related: ['reviews'] }],
    },
    {
      name: 'endpoints of no proxy among the inputs: said once per client, as info',
      proxies: [client([{ ip: '10.244.0.8', port: 9080 }, { ip: '10.244.0.9', port: 9080 }]), server([virtualInbound(permissive(9080))])],
      errors: [{ messageId: 'serversNotInFleet', proxy: 'productpage', severity: 'info', text: '"10.244.0.8"', data: { count: 2, example: '10.244.0.8:9080' } }],
    },
  ],
});
