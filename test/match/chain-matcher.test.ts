// filter_chain_matcher evaluation. Real trees first (the two Istio waypoint dumps in fixtures/real/, main_internal;
// expectations read from the dump's IPMatcher ranges, port maps and ALPN keys), then each node kind's semantics on
// small trees written here, built by the listener builder from JSON as a dump would carry them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ListenerNode } from '../../src/generated/graph.js';
import { evaluateChainMatcher } from '../../src/match/chain-matcher.js';
import { selectFilterChain } from '../../src/match/filter-chain.js';
import type { Connection } from '../../src/match/request.js';
import { loadProxies } from '../../src/pipeline/proxies.js';

const REAL = path.resolve(__dirname, '../../fixtures/real');

function mainInternal(file: string): ListenerNode {
  const { graph, errors } = loadProxies([path.join(REAL, file)]);
  expect(errors).toEqual([]);
  const l = graph.listeners.find((x) => x.name === 'main_internal');
  if (!l) throw new Error(`no main_internal in ${file}`);
  return l;
}

const conn = (ip: string, port: number, extra: Partial<Connection> = {}): Connection => ({ destinationIp: ip, destinationPort: port, transportProtocol: 'raw_buffer', applicationProtocols: [], ...extra });

describe('the waypoint trees of the real dumps', () => {
  const proxyconfig = mainInternal('istioctl_pkg_proxyconfig_testdata_config_dump.json');
  const compare = mainInternal('istioctl_pkg_writer_compare_testdata_configdump.json');
  const pick = (l: ListenerNode, c: Connection): string | undefined => selectFilterChain(l, c).chain?.name;

  it('a service VIP and port: the inbound-vip chain of that port', () => {
    expect(pick(proxyconfig, conn('10.104.171.68', 8000))).toBe('inbound-vip|8000||httpbin.default.svc.cluster.local-http');
    expect(pick(proxyconfig, conn('10.104.171.68', 8100))).toBe('inbound-vip|8100||httpbin.default.svc.cluster.local-http');
    expect(pick(compare, conn('10.96.1.201', 9080))).toBe('inbound-vip|9080||details.default.svc.cluster.local-http');
  });

  it('a port of the VIP the map lacks: no match, no default_filter_chain, the connection is closed', () => {
    const sel = selectFilterChain(proxyconfig, conn('10.104.171.68', 9999));
    expect(sel.chain).toBeUndefined();
    expect(sel.unevaluated).toBeUndefined();
    expect(sel.matcher?.outcome).toBe('no_match');
    expect(sel.reason).toMatch(/no default_filter_chain/);
  });

  it("the pod's own address: ALPN 'h2c' or 'http/1.1' → direct-http, no ALPN → on_no_match direct-tcp", () => {
    expect(pick(proxyconfig, conn('192.168.195.248', 80, { applicationProtocols: ['h2c'] }))).toBe('direct-http');
    expect(pick(proxyconfig, conn('192.168.195.248', 80, { applicationProtocols: ['http/1.1'] }))).toBe('direct-http');
    expect(pick(proxyconfig, conn('192.168.195.248', 80))).toBe('direct-tcp');
  });

  it("two ALPN values make one input value, 'h2','http/1.1', which is no key: on_no_match", () => {
    expect(pick(proxyconfig, conn('192.168.195.248', 80, { applicationProtocols: ['h2', 'http/1.1'] }))).toBe('direct-tcp');
  });

  it('an address in no range: closed', () => {
    expect(pick(proxyconfig, conn('10.0.0.1', 8000))).toBeUndefined();
  });

  it('an action naming a chain the trimmed listener lacks: closed, and said so', () => {
    const sel = selectFilterChain(compare, conn('10.111.182.109', 80));
    expect(sel.chain).toBeUndefined();
    expect(sel.matcher?.outcome).toBe('action');
    expect(sel.reason).toContain('"inbound-vip|80||sleep.default.svc.cluster.local-http", which is not one of the listener\'s filter_chains');
  });

  it('the steps name the range and the port key, at their positions', () => {
    const sel = selectFilterChain(proxyconfig, conn('10.104.171.68', 8000));
    expect(sel.matcher?.steps.map((s) => s.description)).toEqual(['destination_ip 10.104.171.68: in range 10.104.171.68/32', 'destination_port 8000: key "8000"']);
    expect(sel.matcher?.steps[1]?.origin.pointer).toMatch(/\/exact_match_map\/map\/8000$/);
  });
});

// Small trees, each a listener in a dump written to a temporary directory.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chain-matcher-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let count = 0;

const sv = (name: string) => ({ action: { name, typed_config: { '@type': 'type.googleapis.com/google.protobuf.StringValue', value: name } } });
const input = (type: string) => ({ name: type, typed_config: { '@type': `type.googleapis.com/envoy.extensions.matching.common_inputs.network.v3.${type}` } });

function listenerWith(matcher: Record<string, unknown>, chains = ['a', 'b', 'c'], extra: Record<string, unknown> = {}): ListenerNode {
  const file = path.join(dir, `l${count++}.json`);
  const listener = { name: 'l', address: { socket_address: { address: '0.0.0.0', port_value: 8080 } }, filter_chains: chains.map((name) => ({ name, filters: [] })), filter_chain_matcher: matcher, ...extra };
  fs.writeFileSync(file, JSON.stringify({ static_resources: { listeners: [listener] } }));
  const l = loadProxies([file]).graph.listeners[0];
  if (!l) throw new Error('no listener');
  return l;
}

const tree = (type: string, kind: 'exact_match_map' | 'prefix_match_map', map: Record<string, unknown>, onNoMatch?: string) => ({
  matcher_tree: { input: input(type), [kind]: { map } },
  ...(onNoMatch ? { on_no_match: sv(onNoMatch) } : {}),
});

describe('matcher semantics', () => {
  it('server_name absent (no SNI): no data, straight to on_no_match', () => {
    const l = listenerWith(tree('ServerNameInput', 'exact_match_map', { 'a.example.com': sv('a') }, 'b'));
    expect(selectFilterChain(l, conn('10.0.0.1', 443, { serverName: 'a.example.com' })).chain?.name).toBe('a');
    expect(selectFilterChain(l, conn('10.0.0.1', 443)).chain?.name).toBe('b');
  });

  it('a key whose nested matcher matches nothing falls to the outer on_no_match', () => {
    const l = listenerWith({
      matcher_tree: { input: input('DestinationPortInput'), exact_match_map: { map: { '8080': { matcher: tree('TransportProtocolInput', 'exact_match_map', { tls: sv('a') }) } } } },
      on_no_match: sv('c'),
    });
    expect(selectFilterChain(l, conn('10.0.0.1', 8080, { transportProtocol: 'tls' })).chain?.name).toBe('a');
    expect(selectFilterChain(l, conn('10.0.0.1', 8080)).chain?.name).toBe('c');
  });

  it('prefix_match_map: the longest prefix first, a shorter one when its subtree matches nothing', () => {
    const l = listenerWith({
      matcher_tree: {
        input: input('ServerNameInput'),
        prefix_match_map: { map: { api: sv('a'), 'api.internal': { matcher: tree('TransportProtocolInput', 'exact_match_map', { tls: sv('b') }) } } },
      },
    });
    expect(selectFilterChain(l, conn('10.0.0.1', 443, { serverName: 'api.internal.example', transportProtocol: 'tls' })).chain?.name).toBe('b');
    expect(selectFilterChain(l, conn('10.0.0.1', 443, { serverName: 'api.internal.example' })).chain?.name).toBe('a');
    expect(selectFilterChain(l, conn('10.0.0.1', 443, { serverName: 'www.example' })).chain).toBeUndefined();
  });

  it('IPMatcher: the longest range first; an exclusive range is not a fallback', () => {
    const ip = (ranges: Array<[string, number]>, onMatch: Record<string, unknown>, exclusive = false) => ({ ranges: ranges.map(([address_prefix, prefix_len]) => ({ address_prefix, prefix_len })), on_match: onMatch, ...(exclusive ? { exclusive } : {}) });
    const nested = { matcher: tree('DestinationPortInput', 'exact_match_map', { '443': sv('b') }) };
    const matcher = (exclusive: boolean) => ({
      matcher_tree: { input: input('DestinationIPInput'), custom_match: { name: 'ip', typed_config: { '@type': 'type.googleapis.com/xds.type.matcher.v3.IPMatcher', range_matchers: [ip([['10.0.0.0', 8]], sv('a'), exclusive), ip([['10.1.0.0', 16]], nested)] } } },
      on_no_match: sv('c'),
    });
    const l = listenerWith(matcher(false));
    expect(selectFilterChain(l, conn('10.1.2.3', 443)).chain?.name).toBe('b');
    expect(selectFilterChain(l, conn('10.1.2.3', 80)).chain?.name).toBe('a');
    expect(selectFilterChain(l, conn('10.9.9.9', 80)).chain?.name).toBe('a');
    expect(selectFilterChain(l, conn('192.168.0.1', 80)).chain?.name).toBe('c');
    expect(selectFilterChain(listenerWith(matcher(true)), conn('10.1.2.3', 80)).chain?.name).toBe('c');
  });

  it('matcher_list: the first predicate that holds; and/or/not, StringMatcher forms and the Ip input matcher', () => {
    const single = (type: string, valueMatch: Record<string, unknown>) => ({ single_predicate: { input: input(type), value_match: valueMatch } });
    const l = listenerWith({
      matcher_list: {
        matchers: [
          { predicate: { and_matcher: { predicate: [single('ServerNameInput', { suffix: '.example.com' }), { not_matcher: single('TransportProtocolInput', { exact: 'raw_buffer' }) }] } }, on_match: sv('a') },
          {
            predicate: {
              or_matcher: {
                predicate: [
                  single('DestinationPortInput', { safe_regex: { regex: '90[0-9]{2}' } }),
                  { single_predicate: { input: input('DestinationIPInput'), custom_match: { name: 'ip', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.matching.input_matchers.ip.v3.Ip', cidr_ranges: [{ address_prefix: '172.16.0.0', prefix_len: 12 }], stat_prefix: 'ip' } } } },
                ],
              },
            },
            on_match: sv('b'),
          },
        ],
      },
      on_no_match: sv('c'),
    });
    expect(selectFilterChain(l, conn('10.0.0.1', 443, { serverName: 'www.EXAMPLE.com'.toLowerCase(), transportProtocol: 'tls' })).chain?.name).toBe('a');
    expect(selectFilterChain(l, conn('10.0.0.1', 443, { serverName: 'www.example.com' })).chain?.name).toBe('c');
    expect(selectFilterChain(l, conn('10.0.0.1', 9042)).chain?.name).toBe('b');
    expect(selectFilterChain(l, conn('172.20.0.5', 80)).chain?.name).toBe('b');
    expect(selectFilterChain(l, conn('10.0.0.1', 80)).chain?.name).toBe('c');
  });

  it('source inputs the connection does not give are unevaluated, not guessed', () => {
    const l = listenerWith(tree('SourceIPInput', 'exact_match_map', { '10.0.0.9': sv('a') }, 'b'));
    const sel = selectFilterChain(l, conn('10.0.0.1', 80));
    expect(sel.chain).toBeUndefined();
    expect(sel.unevaluated).toBe('source_ip');
    expect(sel.matcher?.outcome).toBe('unevaluated');
    expect(selectFilterChain(l, conn('10.0.0.1', 80, { sourceIp: '10.0.0.9' })).chain?.name).toBe('a');
    expect(selectFilterChain(l, conn('10.0.0.1', 80, { sourceIp: '10.0.0.8' })).chain?.name).toBe('b');
  });

  it("source_type: 'local' for loopback or the destination's own address, else no data", () => {
    const l = listenerWith(tree('SourceTypeInput', 'exact_match_map', { local: sv('a') }, 'b'));
    expect(selectFilterChain(l, conn('10.0.0.1', 80, { sourceIp: '127.0.0.1' })).chain?.name).toBe('a');
    expect(selectFilterChain(l, conn('10.0.0.1', 80, { sourceIp: '10.0.0.1' })).chain?.name).toBe('a');
    expect(selectFilterChain(l, conn('10.0.0.1', 80, { sourceIp: '10.0.0.2' })).chain?.name).toBe('b');
    expect(selectFilterChain(l, conn('10.0.0.1', 80)).unevaluated).toBe('source_type');
  });

  it('keep_matching records the action and goes on; a nameless action type is unevaluated', () => {
    const kept = listenerWith({ matcher_list: { matchers: [{ predicate: { single_predicate: { input: input('DestinationPortInput'), value_match: { exact: '80' } } }, on_match: { ...sv('a'), keep_matching: true } }] }, on_no_match: sv('b') });
    expect(selectFilterChain(kept, conn('10.0.0.1', 80)).chain?.name).toBe('b');
    const formatted = listenerWith({ on_no_match: { action: { name: 'f', typed_config: { '@type': 'type.googleapis.com/envoy.config.core.v3.SubstitutionFormatString', text_format_source: { inline_string: '%FILTER_STATE(chain:PLAIN)%' } } } } });
    expect(selectFilterChain(formatted, conn('10.0.0.1', 80)).unevaluated).toBe('envoy.config.core.v3.SubstitutionFormatString');
  });

  it('no match with a default_filter_chain: the default takes it; an action naming the default chain does not', () => {
    const l = listenerWith(tree('DestinationPortInput', 'exact_match_map', { '80': sv('a'), '81': sv('d') }), ['a'], { default_filter_chain: { name: 'd', filters: [] } });
    expect(selectFilterChain(l, conn('10.0.0.1', 80)).chain?.name).toBe('a');
    const none = selectFilterChain(l, conn('10.0.0.1', 82));
    expect([none.chain?.name, none.viaDefault]).toEqual(['d', true]);
    const named = selectFilterChain(l, conn('10.0.0.1', 81));
    expect(named.chain).toBeUndefined();
    expect(named.reason).toMatch(/default_filter_chain's name does not count/);
  });

  it('evaluation alone: the tree with no list and no tree is its on_no_match', () => {
    const l = listenerWith({ on_no_match: sv('a') });
    const tree0 = l.filterChainMatcher;
    if (!tree0) throw new Error('no tree');
    const r = evaluateChainMatcher(tree0, conn('10.0.0.1', 80));
    expect(r.outcome === 'action' ? r.action.chain : r.outcome).toBe('a');
  });
});
