// Virtual host, filter chain, listener and cluster selection, each case citing the Envoy behaviour it encodes.
import { describe, expect, it } from 'vitest';
import { redirectLocation, rewrittenPath } from '../../src/match/action.js';
import { resolveCluster } from '../../src/match/cluster.js';
import { selectFilterChain } from '../../src/match/filter-chain.js';
import { boundListener, handoffListener } from '../../src/match/listener.js';
import { httpRequest, type Connection } from '../../src/match/request.js';
import { selectVirtualHost, stripPort } from '../../src/match/virtual-host.js';
import { ProxyGraph, type ClusterNode, type EndpointsNode, type ListenerNode } from '../../src/model/graph.js';
import { chain, listener, route, routeConfig, vhost } from './helpers.js';

describe('virtual host selection (VirtualHost.domains docs, RouteMatcher::findVirtualHost)', () => {
  const rc = routeConfig([
    vhost('exact', ['api.example.com']),
    vhost('suffix-short', ['*.com']),
    vhost('suffix-long', ['*.example.com']),
    vhost('dash', ['*-bar.foo.com']),
    vhost('prefix', ['api.*']),
    vhost('any', ['*']),
  ]);
  it('exact beats every wildcard', () => expect(selectVirtualHost(rc, 'api.example.com').vhost?.name).toBe('exact'));
  it('the longest suffix wildcard wins over shorter ones', () => expect(selectVirtualHost(rc, 'www.example.com').vhost?.name).toBe('suffix-long'));
  it('suffix wildcards beat prefix wildcards', () => expect(selectVirtualHost(rc, 'api.foo.com').vhost?.name).toBe('suffix-short'));
  it('prefix wildcards beat "*"', () => expect(selectVirtualHost(rc, 'api.internal').vhost?.name).toBe('prefix'));
  it('"*-bar.foo.com" matches "baz-bar.foo.com" but the wildcard never matches the empty string', () => {
    expect(selectVirtualHost(rc, 'baz-bar.foo.com').vhost?.name).toBe('dash');
    expect(selectVirtualHost(routeConfig([vhost('dash', ['*-bar.foo.com'])]), '-bar.foo.com').vhost).toBeUndefined();
  });
  it('"*" takes any other host', () => expect(selectVirtualHost(rc, 'other').vhost?.name).toBe('any'));
  it('the host is compared lower-cased', () => expect(selectVirtualHost(rc, 'API.Example.COM').vhost?.name).toBe('exact'));
  it('a host with a port matches only a domain that lists the port', () => {
    const ports = routeConfig([vhost('reviews', ['reviews', 'reviews:9080'])]);
    expect(selectVirtualHost(ports, 'reviews:9080').vhost?.name).toBe('reviews');
    expect(selectVirtualHost(routeConfig([vhost('r', ['reviews'])]), 'reviews:9080').vhost).toBeUndefined();
  });
  it('ignore_port_in_host_matching drops the port before matching', () => {
    const rcIgnore = routeConfig([vhost('r', ['reviews'])], { ignorePortInHostMatching: true });
    expect(selectVirtualHost(rcIgnore, 'reviews:9080').vhost?.name).toBe('r');
    expect(stripPort('[::1]:80')).toBe('[::1]');
  });
});

const conn = (c: Partial<Connection>): Connection => ({ destinationIp: '10.0.0.1', destinationPort: 80, transportProtocol: 'raw_buffer', applicationProtocols: [], ...c });

describe('filter chain selection (FilterChainMatch docs)', () => {
  it('destination port first: a chain for the port beats chains without one', () => {
    const l = listener('l', '0.0.0.0', 15006, [chain(0, {}), chain(1, { destinationPort: 80 })]);
    expect(selectFilterChain(l, conn({})).chain?.index).toBe(1);
    expect(selectFilterChain(l, conn({ destinationPort: 81 })).chain?.index).toBe(0);
  });
  it('destination IP: the most specific prefix range containing the address wins', () => {
    const l = listener('l', '0.0.0.0', 1, [chain(0, { prefixRanges: ['10.0.0.0/8'] }), chain(1, { prefixRanges: ['10.0.0.0/24'] }), chain(2, {})]);
    expect(selectFilterChain(l, conn({})).chain?.index).toBe(1);
    expect(selectFilterChain(l, conn({ destinationIp: '10.9.9.9' })).chain?.index).toBe(0);
    expect(selectFilterChain(l, conn({ destinationIp: '192.168.1.1' })).chain?.index).toBe(2);
  });
  it('server names: exact, then *.example.com, then *.com, then chains without server_names', () => {
    const l = listener('l', '0.0.0.0', 443, [chain(0, { serverNames: ['*.com'] }), chain(1, { serverNames: ['*.example.com'] }), chain(2, { serverNames: ['www.example.com'] }), chain(3, {})]);
    const tls = (sni: string): Connection => conn({ transportProtocol: 'tls', serverName: sni });
    expect(selectFilterChain(l, tls('www.example.com')).chain?.index).toBe(2);
    expect(selectFilterChain(l, tls('api.example.com')).chain?.index).toBe(1);
    expect(selectFilterChain(l, tls('foo.com')).chain?.index).toBe(0);
    expect(selectFilterChain(l, tls('foo.org')).chain?.index).toBe(3);
  });
  it('transport protocol, then application protocols (first offered protocol some chain lists)', () => {
    const l = listener('l', '0.0.0.0', 1, [chain(0, { transportProtocol: 'tls', applicationProtocols: ['h2'] }), chain(1, { transportProtocol: 'tls' }), chain(2, { transportProtocol: 'raw_buffer' })]);
    expect(selectFilterChain(l, conn({ transportProtocol: 'tls', applicationProtocols: ['h2', 'http/1.1'] })).chain?.index).toBe(0);
    expect(selectFilterChain(l, conn({ transportProtocol: 'tls', applicationProtocols: ['http/1.1'] })).chain?.index).toBe(1);
    expect(selectFilterChain(l, conn({})).chain?.index).toBe(2);
  });
  it('no backtracking: once the most specific value matched, a later step that rejects it leaves no chain', () => {
    const l = listener('l', '0.0.0.0', 15006, [chain(0, { destinationPort: 80, transportProtocol: 'tls' }), chain(1, { transportProtocol: 'raw_buffer' })]);
    const s = selectFilterChain(l, conn({}));
    expect(s.chain).toBeUndefined();
    expect(s.reason).toContain('NR');
  });
  it('default_filter_chain takes what no chain matches', () => {
    const l = listener('l', '0.0.0.0', 1, [chain(0, { transportProtocol: 'tls' })], { defaultFilterChain: chain(-1, {}, 'fallback') });
    const s = selectFilterChain(l, conn({}));
    expect(s.viaDefault).toBe(true);
    expect(s.chain?.name).toBe('fallback');
  });
  it('source type, source IP (most specific) and source port come last', () => {
    const l = listener('l', '0.0.0.0', 1, [chain(0, { sourceType: 'SAME_IP_OR_LOOPBACK' }), chain(1, { sourcePrefixRanges: ['10.1.0.0/16'] }), chain(2, { sourcePorts: [5000] }), chain(3, {})]);
    expect(selectFilterChain(l, conn({ sourceIp: '127.0.0.1' })).chain?.index).toBe(0);
    expect(selectFilterChain(l, conn({ sourceIp: '10.1.2.3' })).chain?.index).toBe(1);
    expect(selectFilterChain(l, conn({ sourceIp: '10.2.2.3', sourcePort: 5000 })).chain?.index).toBe(2);
    expect(selectFilterChain(l, conn({ sourceIp: '10.2.2.3', sourcePort: 5001 })).chain?.index).toBe(3);
  });
  it('identical criteria are reported as ambiguous (Envoy rejects such a listener)', () => {
    const l = listener('l', '0.0.0.0', 1, [chain(0, { destinationPort: 80 }), chain(1, { destinationPort: 80 })]);
    expect(selectFilterChain(l, conn({})).ambiguous).toHaveLength(2);
  });
  it('filter_chain_matcher is not evaluated: the selection says so instead of guessing', () => {
    const l = listener('l', '0.0.0.0', 1, [chain(0, {})], { references: [{ targetKind: 'filter_chain', name: 'x', via: 'filter_chain_matcher', origin: { input: 0, pointer: '' }, fromKind: 'listener', fromName: 'l' }] });
    expect(selectFilterChain(l, conn({})).unevaluated).toBe('filter_chain_matcher');
  });
});

function graphWith(listeners: ListenerNode[], clusters: ClusterNode[] = [], endpoints: EndpointsNode[] = []): ProxyGraph {
  return new ProxyGraph({ listeners, routeConfigs: [], clusters, endpoints, rejections: [], sections: new Set(['listener', 'cluster', 'endpoints']), notes: [], problems: [], inputs: [0] });
}

describe('listeners (Listener.use_original_dst and bind_to_port docs)', () => {
  const outbound = listener('virtualOutbound', '0.0.0.0', 15001, [], { useOriginalDst: true });
  const exact = listener('10.96.0.10_8080', '10.96.0.10', 8080, [], { bindToPort: false });
  const wildcard = listener('0.0.0.0_8080', '0.0.0.0', 8080, [], { bindToPort: false });
  const g = graphWith([outbound, exact, wildcard]);
  it('hand-off prefers the listener on exactly ADDR:PORT', () => expect(handoffListener(g, outbound, '10.96.0.10', 8080).listener?.name).toBe('10.96.0.10_8080'));
  it('then the wildcard listener on the port', () => expect(handoffListener(g, outbound, '10.96.0.11', 8080).listener?.name).toBe('0.0.0.0_8080'));
  it('"if there is no listener associated with the original destination, the listener that receives it handles it"', () => {
    expect(handoffListener(g, outbound, '10.96.0.10', 9090).listener).toBeUndefined();
  });
  it('only bound listeners accept connections on their own port; nothing bound → refused', () => {
    expect(boundListener(g, '10.96.0.10', 15001).listener?.name).toBe('virtualOutbound');
    expect(boundListener(g, '10.96.0.10', 8080).listener).toBeUndefined();
  });
});

describe('clusters and endpoints (access log response flags NC / UH)', () => {
  const c = (name: string, discoveryType: string, extra: Partial<ClusterNode> = {}): ClusterNode => ({ name, state: 'active', discoveryType, origin: { input: 0, pointer: '' }, ...extra });
  const e = (clusterName: string, endpointCount: number, healthyCount: number): EndpointsNode => ({ clusterName, state: 'active', endpointCount, healthyCount, origin: { input: 0, pointer: '' } });
  const g = graphWith([], [c('eds-ok', 'EDS', { edsServiceName: 'svc-ok' }), c('eds-down', 'EDS', { edsServiceName: 'eds-down' }), c('eds-none', 'EDS', { edsServiceName: 'eds-none' }), c('PassthroughCluster', 'ORIGINAL_DST'), c('BlackHoleCluster', 'STATIC'), c('static', 'STATIC', { inlineEndpoints: 1 })], [e('svc-ok', 2, 1), e('eds-down', 2, 0)]);
  it('EDS reads the load assignment named by service_name; HEALTHY/UNKNOWN endpoints are routable', () => expect(resolveCluster(g, 'eds-ok').kind).toBe('endpoints'));
  it('no routable endpoint → UH', () => {
    expect(resolveCluster(g, 'eds-down').kind).toBe('UH');
    expect(resolveCluster(g, 'eds-none').kind).toBe('UH');
  });
  it('a missing cluster → NC', () => expect(resolveCluster(g, 'nope').kind).toBe('NC'));
  it('ORIGINAL_DST → passthrough; BlackHoleCluster → blackhole; STATIC with endpoints → endpoints', () => {
    expect(resolveCluster(g, 'PassthroughCluster').kind).toBe('passthrough');
    expect(resolveCluster(g, 'BlackHoleCluster').kind).toBe('blackhole');
    expect(resolveCluster(g, 'static').kind).toBe('endpoints');
  });
});

describe('route actions (RouteAction / RedirectAction docs)', () => {
  it('prefix_rewrite replaces the matched prefix', () => {
    const r = route({ prefix: '/api/' });
    r.actionDetails = { cluster: 'c', prefixRewrite: '/' };
    expect(rewrittenPath(r, '/api/users?x=1')).toBe('/users?x=1');
  });
  it('regex_rewrite substitutes with RE2 groups (\\1) in the path, keeping the query', () => {
    const r = route({ prefix: '/' });
    r.actionDetails = { cluster: 'c', regexRewrite: { pattern: '^/service/([^/]+)(/.*)$', substitution: '\\2/instance/\\1' } };
    expect(rewrittenPath(r, '/service/foo/v1/api?q=1')).toBe('/v1/api/instance/foo?q=1');
  });
  it('https_redirect keeps the path and drops the port; path_redirect replaces the path', () => {
    const r = route({ prefix: '/' });
    r.action = 'redirect';
    r.actionDetails = { redirect: { httpsRedirect: true } };
    expect(redirectLocation(r, httpRequest({ authority: 'a.com:80', path: '/x' }))).toBe('https://a.com/x');
    r.actionDetails = { redirect: { pathRedirect: '/new' } };
    expect(redirectLocation(r, httpRequest({ authority: 'a.com', path: '/x?q' }))).toBe('http://a.com/new?q');
  });
});
