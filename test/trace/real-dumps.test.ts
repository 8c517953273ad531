// Table-driven traces over the real dumps in fixtures/real/. Every expectation was written by reading the dump
// (listener names and addresses, filter_chain_match, route configurations, domains, routes, clusters), then checking
// it against Envoy's documented selection order — not by copying the tracer's output.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProxies } from '../../src/pipeline/proxies.js';
import { httpRequest } from '../../src/match/request.js';
import { selectRoute } from '../../src/match/route.js';
import { selectVirtualHost } from '../../src/match/virtual-host.js';
import type { ProxyGraph } from '../../src/model/graph.js';
import { trace, type Hop, type OutcomeKind, type TraceRequest } from '../../src/trace/index.js';

const REAL = path.resolve(__dirname, '../../fixtures/real');
const AUTHZ = 'istioctl_pkg_authz_testdata_configdump.yaml';
const PRODUCTPAGE = 'istioctl_cmd_istioctl_testdata_auth_productpage_config_dump.json';
const DESCRIBE = 'istioctl_pkg_describe_testdata_describe_http_config.json';
const GW_PREFIX = 'istioctl_pkg_writer_envoy_configdump_testdata_routes_istio-gateway-http-route-prefix_configdump.json';
const GW_PSP = 'istioctl_pkg_writer_envoy_configdump_testdata_routes_k8s-gateway-http-route-path-prefix_configdump.json';
const WAYPOINT = 'istioctl_pkg_writer_compare_testdata_configdump.json';
const PILOT_2018 = 'pilot_pkg_proxy_envoy_configdump_testdata_configdump.json';
const DETAILS_2020 = 'istioctl_pkg_writer_compare_testdata_envoyconfigdump.json';
const PROXYCONFIG = 'istioctl_pkg_proxyconfig_testdata_config_dump.json';

const graphs = new Map<string, ProxyGraph>();
function graphOf(file: string): ProxyGraph {
  let g = graphs.get(file);
  if (!g) {
    const { graph, errors } = loadProxies([path.join(REAL, file)]);
    expect(errors).toEqual([]);
    graphs.set(file, (g = graph));
  }
  return g;
}

interface Req {
  to: string;
  host?: string;
  path?: string;
  method?: string;
  inbound?: boolean;
  tls?: boolean;
  sni?: string;
  /** [] = plain TCP, nothing detected. */
  alpn?: string[];
}

interface Expect {
  listener?: string;
  /** The listener the use_original_dst listener hands off to; null when it keeps the connection. */
  handoff?: string | null;
  /** Index in filter_chains, -1 for default_filter_chain. */
  chain?: number;
  routeConfig?: string;
  vhost?: string;
  route?: number;
  cluster?: string;
  outcome: OutcomeKind;
}

type Case = [file: string, req: Req, expect: Expect];

const P = 'outbound|9080||';
const CASES: Case[] = [
  // authz dump: a 2023 sidecar's ListenersConfigDump (no clusters or routes sections).
  [AUTHZ, { to: '10.96.0.10:53', alpn: [] }, { listener: 'virtualOutbound', handoff: '10.96.0.10_53', chain: 0, cluster: 'outbound|53||kube-dns.kube-system.svc.cluster.local', outcome: 'unknown' }],
  [AUTHZ, { to: '10.96.0.1:443', tls: true, alpn: [] }, { handoff: '10.96.0.1_443', chain: 0, cluster: 'outbound|443||kubernetes.default.svc.cluster.local', outcome: 'unknown' }],
  [AUTHZ, { to: '10.108.65.203:443', tls: true }, { handoff: '10.108.65.203_443', cluster: 'outbound|443||istiod.istio-system.svc.cluster.local', outcome: 'unknown' }],
  [AUTHZ, { to: '10.108.65.203:15012', tls: true }, { handoff: '10.108.65.203_15012', cluster: 'outbound|15012||istiod.istio-system.svc.cluster.local', outcome: 'unknown' }],
  [AUTHZ, { to: '10.102.11.148:15021' }, { handoff: '10.102.11.148_15021', cluster: 'outbound|15021||ratings-istio-waypoint.ambient.svc.cluster.local', outcome: 'unknown' }],
  [AUTHZ, { to: '10.111.137.16:15021' }, { handoff: '10.111.137.16_15021', cluster: 'outbound|15021||reviews-istio-waypoint.ambient.svc.cluster.local', outcome: 'unknown' }],
  [AUTHZ, { to: '10.100.160.191:15021' }, { handoff: '10.100.160.191_15021', cluster: 'outbound|15021||gateway-istio.istio-ingress.svc.cluster.local', outcome: 'unknown' }],
  [AUTHZ, { to: '10.109.111.153:15021' }, { handoff: '10.109.111.153_15021', cluster: 'outbound|15021||httpbin-istio-waypoint.ambient.svc.cluster.local', outcome: 'unknown' }],
  [AUTHZ, { to: '10.100.228.83:15021' }, { handoff: '10.100.228.83_15021', cluster: 'outbound|15021||productpage-istio-waypoint.ambient.svc.cluster.local', outcome: 'unknown' }],
  [AUTHZ, { to: '10.98.166.148:443', tls: true }, { handoff: '10.98.166.148_443', cluster: 'outbound|443||gateway-api-admission-server.gateway-system.svc.cluster.local', outcome: 'unknown' }],
  // 10.100.4.52_443: chain 0 wants raw_buffer + http/1.1|h2c; TLS goes to the default chain's TCP proxy.
  [AUTHZ, { to: '10.100.4.52:443' }, { handoff: '10.100.4.52_443', chain: 0, routeConfig: 'webhook-service.metallb-system.svc.cluster.local:443', outcome: 'unknown' }],
  [AUTHZ, { to: '10.100.4.52:443', tls: true, sni: 'webhook-service.metallb-system.svc' }, { handoff: '10.100.4.52_443', chain: -1, cluster: 'outbound|443||webhook-service.metallb-system.svc.cluster.local', outcome: 'unknown' }],
  [AUTHZ, { to: '10.100.4.52:443', alpn: [] }, { chain: -1, cluster: 'outbound|443||webhook-service.metallb-system.svc.cluster.local', outcome: 'unknown' }],
  // Wildcard per-port listeners: HTTP goes to RDS, anything else to PassthroughFilterChain.
  [AUTHZ, { to: '10.1.2.3:9080', host: 'reviews:9080' }, { handoff: '0.0.0.0_9080', chain: 0, routeConfig: '9080', outcome: 'unknown' }],
  [AUTHZ, { to: '10.1.2.3:9080', alpn: ['h2c'] }, { handoff: '0.0.0.0_9080', chain: 0, routeConfig: '9080', outcome: 'unknown' }],
  [AUTHZ, { to: '10.1.2.3:9080', tls: true }, { handoff: '0.0.0.0_9080', chain: -1, cluster: 'PassthroughCluster', outcome: 'passthrough' }],
  [AUTHZ, { to: '10.1.2.3:9080', alpn: [] }, { handoff: '0.0.0.0_9080', chain: -1, cluster: 'PassthroughCluster', outcome: 'passthrough' }],
  [AUTHZ, { to: '10.1.2.3:80' }, { handoff: '0.0.0.0_80', chain: 0, routeConfig: '80', outcome: 'unknown' }],
  [AUTHZ, { to: '10.1.2.3:8000' }, { handoff: '0.0.0.0_8000', routeConfig: '8000', outcome: 'unknown' }],
  [AUTHZ, { to: '10.1.2.3:5000' }, { handoff: '0.0.0.0_5000', routeConfig: '5000', outcome: 'unknown' }],
  [AUTHZ, { to: '10.1.2.3:15014' }, { handoff: '0.0.0.0_15014', routeConfig: '15014', outcome: 'unknown' }],
  [AUTHZ, { to: '10.1.2.3:15010' }, { handoff: '0.0.0.0_15010', routeConfig: '15010', outcome: 'unknown' }],
  [AUTHZ, { to: '10.109.111.153:15008' }, { handoff: '10.109.111.153_15008', chain: 0, routeConfig: 'httpbin-istio-waypoint.ambient.svc.cluster.local:15008', outcome: 'unknown' }],
  [AUTHZ, { to: '10.96.0.10:9153' }, { handoff: '10.96.0.10_9153', chain: 0, routeConfig: 'kube-dns.kube-system.svc.cluster.local:9153', outcome: 'unknown' }],
  [AUTHZ, { to: '10.96.0.10:9153', alpn: [] }, { handoff: '10.96.0.10_9153', chain: -1, cluster: 'outbound|9153||kube-dns.kube-system.svc.cluster.local', outcome: 'unknown' }],
  // No listener for the destination: virtualOutbound's own chains — the catch-all TCP chain to PassthroughCluster.
  [AUTHZ, { to: '1.1.1.1:443', tls: true }, { listener: 'virtualOutbound', handoff: null, chain: 1, cluster: 'PassthroughCluster', outcome: 'passthrough' }],
  [AUTHZ, { to: '93.184.216.34:8080' }, { handoff: null, chain: 1, cluster: 'PassthroughCluster', outcome: 'passthrough' }],
  // destination_port 15001 is more specific than the catch-all: the loop guard.
  [AUTHZ, { to: '10.1.2.3:15001', alpn: [] }, { handoff: null, chain: 0, cluster: 'BlackHoleCluster', outcome: 'blackhole' }],
  // virtualInbound (15006): destination port first, then transport protocol, then ALPN.
  [AUTHZ, { to: '10.244.0.5:80', inbound: true }, { listener: 'virtualInbound', chain: 7, routeConfig: 'inbound|80||', vhost: 'inbound|http|8000', route: 0, cluster: 'inbound|80||', outcome: 'unknown' }],
  [AUTHZ, { to: '10.244.0.5:80', inbound: true, alpn: [] }, { chain: 7, routeConfig: 'inbound|80||', outcome: 'unknown' }],
  [AUTHZ, { to: '10.244.0.5:80', inbound: true, tls: true, alpn: ['istio-http/1.1'] }, { chain: 6, routeConfig: 'inbound|80||', cluster: 'inbound|80||', outcome: 'unknown' }],
  // TLS without Istio's ALPN: port 80 keeps chains 6 and 7, transport keeps 6, ALPN h2 eliminates it and Envoy does
  // not fall back to the port-less chains (no backtracking): no filter chain, NR.
  [AUTHZ, { to: '10.244.0.5:80', inbound: true, tls: true, alpn: ['h2'] }, { listener: 'virtualInbound', outcome: 'NR' }],
  [AUTHZ, { to: '10.244.0.5:8080', inbound: true }, { chain: 2, routeConfig: 'InboundPassthroughClusterIpv4', vhost: 'inbound|http|0', route: 0, cluster: 'InboundPassthroughClusterIpv4', outcome: 'unknown' }],
  [AUTHZ, { to: '10.244.0.5:8080', inbound: true, alpn: [] }, { chain: 4, cluster: 'InboundPassthroughClusterIpv4', outcome: 'unknown' }],
  [AUTHZ, { to: '10.244.0.5:8080', inbound: true, tls: true, alpn: ['istio-peer-exchange', 'istio'] }, { chain: 3, cluster: 'InboundPassthroughClusterIpv4', outcome: 'unknown' }],
  [AUTHZ, { to: '10.244.0.5:8080', inbound: true, tls: true, alpn: ['istio-h2'] }, { chain: 1, routeConfig: 'InboundPassthroughClusterIpv4', outcome: 'unknown' }],
  [AUTHZ, { to: '10.244.0.5:8080', inbound: true, tls: true, alpn: ['h2'] }, { chain: 5, cluster: 'InboundPassthroughClusterIpv4', outcome: 'unknown' }],
  [AUTHZ, { to: '10.244.0.5:15006', inbound: true, alpn: [] }, { chain: 0, cluster: 'BlackHoleCluster', outcome: 'blackhole' }],

  // productpage (2019, v2alpha): per-port RDS, no `*` virtual host yet, clusters but no endpoints section.
  [PRODUCTPAGE, { to: '10.0.9.156:9080', host: 'details:9080', path: '/details/0' }, { listener: 'virtual', handoff: '0.0.0.0_9080', chain: 0, routeConfig: '9080', vhost: 'details.default.svc.cluster.local:9080', route: 0, cluster: `${P}details.default.svc.cluster.local`, outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.9.20:9080', host: 'reviews' }, { handoff: '0.0.0.0_9080', vhost: 'reviews.default.svc.cluster.local:9080', cluster: `${P}reviews.default.svc.cluster.local`, outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.8.147:9080', host: 'ratings.default.svc.cluster.local:9080' }, { vhost: 'ratings.default.svc.cluster.local:9080', cluster: `${P}ratings.default.svc.cluster.local`, outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.1.1:9080', host: 'productpage.default:9080' }, { vhost: 'productpage.default.svc.cluster.local:9080', cluster: `${P}productpage.default.svc.cluster.local`, outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.9.20:9080', host: '10.0.9.20:9080' }, { vhost: 'reviews.default.svc.cluster.local:9080', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.9.20:9080', host: 'REVIEWS.default.svc.cluster.local' }, { vhost: 'reviews.default.svc.cluster.local:9080', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.9.20:9080', host: 'unknown.example.com:9080' }, { routeConfig: '9080', outcome: 'NR' }],
  [PRODUCTPAGE, { to: '10.0.15.240:80', host: 'alice' }, { handoff: '0.0.0.0_80', routeConfig: '80', vhost: 'alice.default.svc.cluster.local:80', cluster: 'outbound|80||alice.default.svc.cluster.local', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.5.14:80', host: 'bob.default.svc.cluster.local' }, { vhost: 'bob.default.svc.cluster.local:80', cluster: 'outbound|80||bob.default.svc.cluster.local', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.2.209:80', host: 'tracing.istio-system:80' }, { vhost: 'tracing.istio-system.svc.cluster.local:80', cluster: 'outbound|80||tracing.istio-system.svc.cluster.local', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.9.240:15011', alpn: [] }, { handoff: '10.0.9.240_15011', cluster: 'outbound|15011||istio-pilot.istio-system.svc.cluster.local', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.10.164:9000', alpn: [] }, { handoff: '10.0.10.164_9000', cluster: 'outbound|9000||tcp-echo.default.svc.cluster.local', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.0.10:53', alpn: [] }, { handoff: '10.0.0.10_53', cluster: 'outbound|53||kube-dns.kube-system.svc.cluster.local', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.0.8.160:31400', alpn: [] }, { handoff: '10.0.8.160_31400', cluster: 'outbound|31400||istio-ingressgateway.istio-system.svc.cluster.local', outcome: 'unknown' }],
  // 10.0.5.77:80 has a TCP listener of its own (heapster): the exact address beats 0.0.0.0_80.
  [PRODUCTPAGE, { to: '10.0.5.77:80' }, { handoff: '10.0.5.77_80', cluster: 'outbound|80||heapster.kube-system.svc.cluster.local', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '8.8.8.8:443', tls: true }, { listener: 'virtual', handoff: null, chain: 0, cluster: 'PassthroughCluster', outcome: 'passthrough' }],
  [PRODUCTPAGE, { to: '10.1.2.3:15004', host: 'istio-telemetry.istio-system:15004' }, { routeConfig: '15004', vhost: 'istio-telemetry.istio-system.svc.cluster.local:15004', cluster: 'outbound|15004||istio-telemetry.istio-system.svc.cluster.local', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.1.2.3:15014', host: 'istio-galley.istio-system.svc.cluster.local:15014' }, { vhost: 'istio-galley.istio-system.svc.cluster.local:15014', cluster: 'outbound|15014||istio-galley.istio-system.svc.cluster.local', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.1.2.3:8060', host: 'istio-citadel.istio-system' }, { vhost: 'istio-citadel.istio-system.svc.cluster.local:8060', outcome: 'unknown' }],
  [PRODUCTPAGE, { to: '10.1.2.3:9091', host: 'istio-policy.istio-system.svc.cluster.local' }, { vhost: 'istio-policy.istio-system.svc.cluster.local:9091', cluster: 'outbound|9091||istio-policy.istio-system.svc.cluster.local', outcome: 'unknown' }],
  // Old sidecars: no virtualInbound; inbound connections reach 15001 too and are handed to the pod-IP listener.
  [PRODUCTPAGE, { to: '10.52.2.21:9080', inbound: true, path: '/productpage' }, { listener: 'virtual', handoff: '10.52.2.21_9080', chain: 0, routeConfig: 'inbound|9080|http|productpage.default.svc.cluster.local', vhost: 'inbound|http|9080', route: 0, cluster: 'inbound|9080|http|productpage.default.svc.cluster.local', outcome: 'endpoints' }],
  [PRODUCTPAGE, { to: '10.52.2.21:15020', inbound: true, alpn: [] }, { handoff: '10.52.2.21_15020', cluster: 'inbound|15020|mgmt-15020|mgmtCluster', outcome: 'endpoints' }],

  // Waypoint (ambient): connect_terminate on 15008 accepts only CONNECT; no use_original_dst listener, so direct.
  [WAYPOINT, { to: '10.244.1.9:15008', method: 'CONNECT', host: '10.96.1.1:9080' }, { listener: 'connect_terminate', chain: 0, routeConfig: 'default', vhost: 'default', route: 0, cluster: 'main_internal', outcome: 'NC' }],
  [WAYPOINT, { to: '10.244.1.9:15008', method: 'GET' }, { listener: 'connect_terminate', routeConfig: 'default', vhost: 'default', outcome: 'NR' }],
  [WAYPOINT, { to: '10.244.1.9:9080' }, { outcome: 'refused' }],
  // Waypoint (proxyconfig dump): the static health listener on 15021.
  [PROXYCONFIG, { to: '10.244.1.9:15021', path: '/healthz/ready' }, { listener: '(unnamed listener)', chain: 0, vhost: 'backend', route: 0, cluster: 'agent', outcome: 'endpoints' }],
  [PROXYCONFIG, { to: '10.244.1.9:15021', path: '/stats' }, { vhost: 'backend', outcome: 'NR' }],
  // 2018 dump: only bind_to_port:false listeners and no use_original_dst listener in it: nothing accepts.
  [PILOT_2018, { to: '10.0.0.1:8080' }, { outcome: 'refused' }],
];

function chainIndex(hop: Hop | undefined): number | undefined {
  const pointer = hop?.origin?.pointer;
  if (!pointer) return undefined;
  if (pointer.endsWith('/default_filter_chain')) return -1;
  const m = /\/filter_chains\/(\d+)$/.exec(pointer);
  return m ? Number(m[1]) : undefined;
}

function request(r: Req): TraceRequest {
  const [address = '', port = '0'] = r.to.split(':');
  const tls = r.tls ?? r.sni !== undefined;
  const req: TraceRequest = {
    address,
    port: Number(port),
    direction: r.inbound ? 'inbound' : 'outbound',
    tls,
    http: httpRequest({ authority: r.host ?? r.to, path: r.path ?? '/', method: r.method ?? 'GET' }),
  };
  if (r.sni !== undefined) req.sni = r.sni;
  if (r.alpn !== undefined) req.alpn = r.alpn;
  return req;
}

describe('trace over the real dumps', () => {
  it('has at least 60 request → hop cases in all (with the route-table cases below)', () => {
    expect(CASES.length + ROUTE_CASES.length).toBeGreaterThanOrEqual(60);
  });

  for (const [file, req, exp] of CASES) {
    it(`${file.replace(/^istioctl_|_testdata|_configdump.*|_config_dump.*/g, '')}: ${req.inbound ? 'inbound' : 'outbound'} ${req.method ?? 'GET'} ${req.to} ${req.host ?? ''}${req.path ?? ''}${req.tls ? ' tls' : ''}${req.alpn ? ` alpn=${req.alpn.join(',') || 'none'}` : ''}`, () => {
      const result = trace(graphOf(file), [], request(req));
      const hop = (step: Hop['step']): Hop | undefined => result.hops.find((h) => h.step === step);
      const branchCluster = result.hops.find((h) => h.step === 'cluster');
      if (exp.listener !== undefined) expect(hop('listener')?.resource).toBe(exp.listener);
      if (exp.handoff !== undefined) expect(hop('handoff')?.matched ? hop('handoff')?.resource : null).toBe(exp.handoff);
      if (exp.chain !== undefined) expect(chainIndex(hop('filter_chain'))).toBe(exp.chain);
      if (exp.routeConfig !== undefined) expect(hop('route_config')?.resource).toBe(exp.routeConfig);
      if (exp.vhost !== undefined) expect(hop('virtual_host')?.resource).toBe(exp.vhost);
      if (exp.route !== undefined) expect(hop('route')?.origin?.pointer).toMatch(new RegExp(`/routes/${exp.route}$`));
      if (exp.cluster !== undefined) expect(branchCluster?.resource).toBe(exp.cluster);
      expect(result.outcome.kind).toBe(exp.outcome);
    });
  }
});

// Route-table cases: a route configuration from a real dump, a request, the expected virtual host / route / cluster.
type RouteCase = [file: string, routeConfig: string, host: string, path: string, expect: { vhost?: string | null; route?: number | null; cluster?: string }];
const PP = 'outbound|9080||productpage.default.svc.cluster.local';
const HTTPBIN = 'outbound|8000||httpbin.default.svc.cluster.local';
const ROUTE_CASES: RouteCase[] = [
  // describe http_config: http.8080 (gateway), `*` host, exact paths and prefixes in order.
  [DESCRIBE, 'http.8080', 'bookinfo.example.com', '/productpage', { vhost: '*:80', route: 0, cluster: PP }],
  [DESCRIBE, 'http.8080', 'anything', '/productpage?u=normal', { vhost: '*:80', route: 0, cluster: PP }],
  [DESCRIBE, 'http.8080', 'x', '/productpage/extra', { route: null }],
  [DESCRIBE, 'http.8080', 'x', '/static/css/style.css', { route: 1, cluster: PP }],
  [DESCRIBE, 'http.8080', 'x', '/staticfile', { route: 1 }],
  [DESCRIBE, 'http.8080', 'x', '/login', { route: 2 }],
  [DESCRIBE, 'http.8080', 'x', '/logout', { route: 3 }],
  [DESCRIBE, 'http.8080', 'x', '/loginx', { route: null }],
  [DESCRIBE, 'http.8080', 'x', '/api/v1/products/0/reviews', { route: 4, cluster: PP }],
  [DESCRIBE, 'http.8080', 'x', '/Productpage', { route: null }],
  [DESCRIBE, 'http.8080', 'x', '/', { route: null }],
  // Istio Gateway, prefix /get, ignore_port_in_host_matching: true.
  [GW_PREFIX, 'http.8080', 'httpbin.example.com', '/get', { vhost: 'httpbin.example.com:80', route: 0, cluster: HTTPBIN }],
  [GW_PREFIX, 'http.8080', 'httpbin.example.com:8080', '/get', { vhost: 'httpbin.example.com:80', route: 0 }],
  [GW_PREFIX, 'http.8080', 'HTTPBIN.Example.com', '/get?show_env=1', { vhost: 'httpbin.example.com:80', route: 0 }],
  [GW_PREFIX, 'http.8080', 'httpbin.example.com', '/getter', { route: 0 }],
  [GW_PREFIX, 'http.8080', 'httpbin.example.com', '/status/200', { route: null }],
  [GW_PREFIX, 'http.8080', 'other.example.com', '/get', { vhost: null }],
  // Gateway API HTTPRoute: path_separated_prefix /get.
  [GW_PSP, 'http.80', 'httpbin.example.com', '/get', { vhost: 'httpbin.example.com:80', route: 0, cluster: HTTPBIN }],
  [GW_PSP, 'http.80', 'httpbin.example.com:80', '/get/anything', { route: 0 }],
  [GW_PSP, 'http.80', 'httpbin.example.com', '/get?x=1', { route: 0 }],
  [GW_PSP, 'http.80', 'httpbin.example.com', '/getter', { route: null }],
  // 2018 and 2020 sidecars: per-port route configurations with every host form listed.
  [PILOT_2018, '8080', 'istio-pilot.istio-system:8080', '/debug/edsz', { vhost: 'istio-pilot.istio-system.svc.cluster.local:8080', route: 0, cluster: 'outbound|8080||istio-pilot.istio-system.svc.cluster.local' }],
  [PILOT_2018, '8080', '172.21.245.9', '/', { vhost: 'istio-pilot.istio-system.svc.cluster.local:8080' }],
  [PILOT_2018, '8080', 'istio-pilot:8080', '/', { vhost: null }],
  [DETAILS_2020, '15004', 'istio-policy.istio-system.svc.cluster.local:15004', '/', { vhost: 'istio-policy.istio-system.svc.cluster.local:15004', cluster: 'outbound|15004||istio-policy.istio-system.svc.cluster.local' }],
  [DETAILS_2020, '15004', 'istio-telemetry.istio-system', '/', { vhost: 'istio-telemetry.istio-system.svc.cluster.local:15004', cluster: 'outbound|15004||istio-telemetry.istio-system.svc.cluster.local' }],
];

describe('route tables of the real dumps', () => {
  for (const [file, name, host, p, exp] of ROUTE_CASES) {
    it(`${name} ${host}${p}`, () => {
      const rc = graphOf(file).routeConfigs.find((r) => r.name === name && r.state !== 'inline') ?? graphOf(file).routeConfigs.find((r) => r.name === name);
      expect(rc).toBeDefined();
      if (!rc) return;
      const v = selectVirtualHost(rc, host);
      if (exp.vhost !== undefined) expect(v.vhost?.name ?? null).toBe(exp.vhost);
      if (!v.vhost) return;
      const r = selectRoute(v.vhost, httpRequest({ authority: host, path: p }));
      if (exp.route !== undefined) expect(r.route?.index ?? null).toBe(exp.route);
      if (exp.cluster !== undefined) expect(r.route?.actionDetails?.cluster).toBe(exp.cluster);
    });
  }
});
