// Expected answers below were worked out by reading the rules (line numbers refer to the fixture).
import { describe, expect, it } from 'vitest';
import { chainProblems, inboundByPort, interception, outboundByPort, outcomeAt } from '../../src/model/interception/index.js';
import { parseIptables } from '../../src/load/iptables/index.js';
import { brief, outcomesOnly, ruleset } from './helpers.js';

const G = (n: string): string => `tools_istio-iptables_pkg_capture_testdata_${n}`;
const CNI = (n: string): string => `cni_pkg_plugin_testdata_${n}`;

describe('Istio default sidecar (seed-istio-sidecar iptables-save)', () => {
  const rules = ruleset('seed-istio-sidecar.iptables-save.txt');

  it('inbound: 15008/22/15090/15021/15020 return (lines 13-17), everything else redirects to 15006 (line 19)', () => {
    expect(brief(inboundByPort(rules))).toEqual([
      '1-21 redirect:15006 @19',
      '22-22 bypass/RETURN @14',
      '23-15007 redirect:15006 @19',
      '15008-15008 bypass/RETURN @13',
      '15009-15019 redirect:15006 @19',
      '15020-15020 bypass/RETURN @17',
      '15021-15021 bypass/RETURN @16',
      '15022-15089 redirect:15006 @19',
      '15090-15090 bypass/RETURN @15',
      '15091-65535 redirect:15006 @19',
    ]);
  });

  it('outbound: apps redirect to 15001 (line 29); uid 1337 returns (line 23); gid 1337 alone returns (line 26)', () => {
    expect(brief(outboundByPort(rules, { uid: 1000, gid: 1000 }))).toEqual(['1-65535 redirect:15001 @29']);
    expect(brief(outboundByPort(rules, { uid: 1337, gid: 1337 }))).toEqual(['1-65535 bypass/RETURN @23']);
    expect(brief(outboundByPort(rules, { uid: 1000, gid: 1337 }))).toEqual(['1-65535 bypass/RETURN @26']);
  });

  it('loopback: app to 127.0.0.1 returns at line 22; proxy to its own pod IP over lo goes to 15006 (line 21 → 19)', () => {
    expect(brief(outboundByPort(rules, { uid: 1000, destination: '127.0.0.1' }))).toEqual(['1-65535 bypass/RETURN @22']);
    expect(brief(outboundByPort(rules, { uid: 1337, gid: 1337, destination: '127.0.0.1' }))).toEqual(['1-65535 bypass/RETURN @23']);
    expect(brief(outboundByPort(rules, { uid: 1337, gid: 1337, outInterface: 'lo' }))).toEqual(['1-65535 redirect:15006 @19']);
  });

  it('interception() bundles app, proxy and loopback answers', () => {
    const m = interception(rules);
    expect(m.family).toBe('ipv4');
    expect(brief(m.outbound.proxy)).toEqual(['1-65535 bypass/RETURN @23']);
    expect(brief(m.outbound.appToLoopback)).toEqual(['1-65535 bypass/RETURN @22']);
    expect(m.problems).toEqual([]);
    expect(m.unmodelled).toEqual([]);
  });
});

describe('empty.golden: no inbound capture and no outbound catch-all', () => {
  const rules = ruleset(G('empty.golden'));
  it('inbound: PREROUTING has no rules, so every port falls to the (implicit) ACCEPT policy', () => {
    expect(brief(inboundByPort(rules))).toEqual(['1-65535 bypass/policy @-']);
  });
  it('outbound: no jump to ISTIO_REDIRECT, so apps are not captured; uid 1337 returns at line 15', () => {
    expect(brief(outboundByPort(rules, { uid: 1000, gid: 1000 }))).toEqual(['1-65535 bypass/policy @-']);
    expect(brief(outboundByPort(rules, { uid: 1337 }))).toEqual(['1-65535 bypass/RETURN @15']);
    expect(brief(outboundByPort(rules, { uid: 1000, destination: '127.0.0.1' }))).toEqual(['1-65535 bypass/RETURN @14']);
  });
});

describe('include/exclude ports', () => {
  it('status-ports: 22, 15020, 15021, 15090 and 15008 excluded inbound; 8080 redirected to 15006 (line 8)', () => {
    const r = inboundByPort(ruleset(CNI('status-ports.txt.golden')));
    expect(brief([outcomeAt(r, 22)!])).toEqual(['22-22 bypass/RETURN @10']);
    expect(brief([outcomeAt(r, 8080)!])).toEqual(['23-15007 redirect:15006 @8']);
    expect(outcomeAt(r, 15008)?.decidedBy.line).toBe(6);
    expect(outcomeAt(r, 15090)?.decidedBy.line).toBe(13);
    // Outbound: tcp 15020 is excluded at line 16, the rest redirects to 15001 (line 7).
    const o = outboundByPort(ruleset(CNI('status-ports.txt.golden')), { uid: 1000, gid: 1000 });
    expect(brief(o)).toEqual(['1-15019 redirect:15001 @7', '15020-15020 bypass/RETURN @16', '15021-65535 redirect:15001 @7']);
  });

  it('include-exclude-ports: only 1111 and 2222 captured inbound; outbound 5555/6666 excluded', () => {
    const rules = ruleset(CNI('include-exclude-ports.txt.golden'));
    expect(brief(inboundByPort(rules))).toEqual([
      '1-1110 bypass/policy @-',
      '1111-1111 redirect:15006 @8',
      '1112-2221 bypass/policy @-',
      '2222-2222 redirect:15006 @8',
      '2223-15007 bypass/policy @-',
      '15008-15008 bypass/RETURN @6',
      '15009-65535 bypass/policy @-',
    ]);
    const o = outboundByPort(rules, { uid: 1000, gid: 1000 });
    expect(outcomeAt(o, 5555)?.decidedBy.line).toBe(13);
    expect(outcomeAt(o, 6666)?.decidedBy.line).toBe(15);
    expect(brief([outcomeAt(o, 443)!])).toEqual(['1-5554 redirect:15001 @7']);
  });

  it('outbound-ports-include: only 32000 and 31000 go to 15001 (line 9); other ports fall to the policy', () => {
    const o = outboundByPort(ruleset(G('outbound-ports-include.golden')), { uid: 1000, gid: 1000 });
    expect(brief(o)).toEqual([
      '1-30999 bypass/policy @-',
      '31000-31000 redirect:15001 @9',
      '31001-31999 bypass/policy @-',
      '32000-32000 redirect:15001 @9',
      '32001-65535 bypass/policy @-',
    ]);
    // The save output declares the policy at line 5 (`:OUTPUT ACCEPT [0:0]`).
    const s = outboundByPort(ruleset(G('outbound-ports-include.iptables-save.txt')), { uid: 1000, gid: 1000 });
    expect(outcomeAt(s, 80)?.decidedBy).toMatchObject({ line: 5, table: 'nat', chain: 'OUTPUT' });
  });
});

describe('IPv6 (ipv6-inbound-ports.golden)', () => {
  it('keeps the families apart: 4000/5000 redirect at line 10 (IPv4) and line 31 (IPv6)', () => {
    const v4 = inboundByPort(ruleset(G('ipv6-inbound-ports.golden'), 'ipv4'));
    const v6 = inboundByPort(ruleset(G('ipv6-inbound-ports.golden'), 'ipv6'));
    expect(outcomeAt(v4, 4000)?.decidedBy.line).toBe(10);
    expect(brief([outcomeAt(v6, 4000)!, outcomeAt(v6, 5000)!, outcomeAt(v6, 80)!, outcomeAt(v6, 15008)!])).toEqual([
      '4000-4000 redirect:15006 @31',
      '5000-5000 redirect:15006 @31',
      '1-3999 bypass/policy @-',
      '15008-15008 bypass/RETURN @29',
    ]);
  });

  it('IPv6 loopback: app to ::1 returns at line 38; the proxy over lo to its pod IP redirects except 15008 (line 39)', () => {
    const v6 = ruleset(G('ipv6-inbound-ports.golden'), 'ipv6');
    expect(brief(outboundByPort(v6, { uid: 1000, destination: '::1' }))).toEqual(['1-65535 bypass/RETURN @38']);
    expect(brief(outboundByPort(v6, { uid: 1337, gid: 1337, outInterface: 'lo' }))).toEqual([
      '1-15007 redirect:15006 @31',
      '15008-15008 bypass/RETURN @39',
      '15009-65535 redirect:15006 @31',
    ]);
  });
});

describe('include/exclude CIDR and DNS capture (ip-range.golden, dns-uid-gid.golden)', () => {
  const rules = ruleset(G('ip-range.golden'));
  it('9.9.0.0/16 is captured (line 31 → 10), 1.1.0.0/16 excluded (line 30), other addresses uncaptured', () => {
    expect(brief(outboundByPort(rules, { uid: 1000, destination: '9.9.1.1' }))).toEqual(['1-65535 redirect:15001 @10']);
    expect(brief(outboundByPort(rules, { uid: 1000, destination: '1.1.2.2' }))).toEqual(['1-65535 bypass/RETURN @30']);
    expect(brief(outboundByPort(rules, { uid: 1000, destination: '8.8.8.8' }))).toEqual(['1-65535 bypass/policy @-']);
  });
  it('DNS to 127.0.0.53:53 goes to 15053 (line 27); other ports to it return at line 15; proxy uid 3 returns at line 16', () => {
    expect(brief(outboundByPort(rules, { uid: 1000, destination: '127.0.0.53' }))).toEqual([
      '1-52 bypass/RETURN @15',
      '53-53 redirect:15053 @27',
      '54-65535 bypass/RETURN @15',
    ]);
    expect(brief(outboundByPort(rules, { uid: 3, destination: '9.9.1.1' }))).toEqual(['1-65535 bypass/RETURN @16']);
  });
  it('dns-uid-gid IPv6: uid 4 returns at line 63; DNS to ::127.0.0.53 goes to 15053 at line 71', () => {
    const v6 = ruleset(G('dns-uid-gid.golden'), 'ipv6');
    expect(brief(outboundByPort(v6, { uid: 4 }))).toEqual(['1-65535 bypass/RETURN @63']);
    expect(outcomeAt(outboundByPort(v6, { uid: 1000, destination: '::127.0.0.53' }), 53)?.decidedBy.line).toBe(71);
  });
});

describe('TPROXY', () => {
  it('tproxy.golden: every inbound port goes to TPROXY 15006 (line 11; IPv6 line 70)', () => {
    expect(brief(inboundByPort(ruleset(G('tproxy.golden'))))).toEqual(['1-65535 tproxy:15006 @11']);
    expect(brief(inboundByPort(ruleset(G('tproxy.golden'), 'ipv6')))).toEqual(['1-65535 tproxy:15006 @70']);
  });
  it('tproxy.golden: traffic on the excluded NIC returns (nat line 30)', () => {
    const r = inboundByPort(ruleset(G('tproxy.golden')), { inInterface: 'not-istio-nic' });
    expect(brief(r)).toEqual(['1-65535 bypass/RETURN @30']);
  });
  it('cni tproxy: -I puts lines 19-21 first; 15020/15021/15090 return (lines 9-11), the rest TPROXY (line 7)', () => {
    const r = inboundByPort(ruleset(CNI('tproxy.txt.golden')));
    expect(outcomeAt(r, 15020)?.decidedBy).toMatchObject({ line: 9, table: 'mangle', chain: 'ISTIO_INBOUND' });
    expect(outcomeAt(r, 15090)?.decidedBy.line).toBe(11);
    expect(brief([outcomeAt(r, 8080)!])).toEqual(['1-15019 tproxy:15006 @7']);
    const chain = ruleset(CNI('tproxy.txt.golden')).tables[0]?.chains.find((c) => c.name === 'ISTIO_INBOUND');
    expect(chain?.rules.map((x) => x.line)).toEqual([19, 20, 21, 9, 10, 11, 12, 13]);
  });
  it('cni tproxy iptables-save: same answers, TPROXY at line 27', () => {
    const r = inboundByPort(ruleset(CNI('tproxy.iptables-save.txt')));
    expect(brief([outcomeAt(r, 8080)!])).toEqual(['1-15019 tproxy:15006 @27']);
    expect(outcomesOnly(r)).toEqual(outcomesOnly(inboundByPort(ruleset(CNI('tproxy.txt.golden')))));
  });
});

describe('the same rules rendered three ways give the same answers', () => {
  const cases = [
    [CNI('status-ports.txt.golden'), CNI('status-ports.iptables-save.txt'), CNI('status-ports.nat-L-n-v.txt'), true],
    [CNI('include-exclude-ports.txt.golden'), CNI('include-exclude-ports.iptables-save.txt'), CNI('include-exclude-ports.nat-L-n-v.txt'), true],
    [CNI('tproxy.txt.golden'), CNI('tproxy.iptables-save.txt'), CNI('tproxy.nat-L-n-v.txt'), false],
    [G('empty.golden'), G('empty.iptables-save.txt'), G('empty.nat-L-n-v.txt'), true],
    [G('ip-range.golden'), G('ip-range.iptables-save.txt'), G('ip-range.nat-L-n-v.txt'), true],
    [G('dns-uid-gid.golden'), G('dns-uid-gid.iptables-save.txt'), G('dns-uid-gid.nat-L-n-v.txt'), true],
    [G('ipv6-inbound-ports.golden'), G('ipv6-inbound-ports.iptables-save.txt'), G('ipv6-inbound-ports.nat-L-n-v.txt'), true],
    [G('outbound-ports-include.golden'), G('outbound-ports-include.iptables-save.txt'), G('outbound-ports-include.nat-L-n-v.txt'), true],
    [G('tproxy.golden'), G('tproxy.iptables-save.txt'), G('tproxy.nat-L-n-v.txt'), false],
    ['seed-istio-sidecar.iptables-save.txt', 'seed-istio-sidecar.iptables-save.txt', 'seed-istio-sidecar.nat-L-n-v.txt', true],
  ] as const;
  const askers = {
    app: (r: ReturnType<typeof ruleset>) => outboundByPort(r, { uid: 1000, gid: 1000 }),
    proxy: (r: ReturnType<typeof ruleset>) => outboundByPort(r, { uid: 1337, gid: 1337 }),
    uid3: (r: ReturnType<typeof ruleset>) => outboundByPort(r, { uid: 3, gid: 1000 }),
    proxySelf: (r: ReturnType<typeof ruleset>) => outboundByPort(r, { uid: 1337, gid: 1337, outInterface: 'lo' }),
    loopback: (r: ReturnType<typeof ruleset>) => outboundByPort(r, { uid: 1000, destination: '127.0.0.1' }),
    dns: (r: ReturnType<typeof ruleset>) => outboundByPort(r, { uid: 1000, destination: '127.0.0.53' }),
    cidr: (r: ReturnType<typeof ruleset>) => outboundByPort(r, { uid: 1000, destination: '9.9.1.1' }),
  };
  it.each(cases)('%s / %s / %s', (golden, save, view, sameInbound) => {
    const [g, s, v] = [ruleset(golden), ruleset(save), ruleset(view)];
    for (const ask of Object.values(askers)) {
      expect(outcomesOnly(ask(s))).toEqual(outcomesOnly(ask(g)));
      expect(outcomesOnly(ask(v))).toEqual(outcomesOnly(ask(s)));
    }
    expect(outcomesOnly(inboundByPort(s))).toEqual(outcomesOnly(inboundByPort(g)));
    // The -L views list only the nat table, so TPROXY (mangle) inbound is not visible in them.
    if (sameInbound) expect(outcomesOnly(inboundByPort(v))).toEqual(outcomesOnly(inboundByPort(s)));
  });

  it('the -L view without -v hides `-o lo`, so its outbound answer for apps differs (caveat reported)', () => {
    const noV = ruleset('seed-istio-sidecar.nat-L.txt');
    expect(outcomesOnly(inboundByPort(noV))).toEqual(outcomesOnly(inboundByPort(ruleset('seed-istio-sidecar.iptables-save.txt'))));
    // Line 32 `RETURN all -- anywhere anywhere ! owner UID match 1337` really has `-o lo`.
    expect(brief(outboundByPort(noV, { uid: 1000 }))).toEqual(['1-65535 bypass/RETURN @32']);
    expect(interception(noV).caveats).toHaveLength(1);
  });
});

describe('chain problems', () => {
  const text = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':A - [0:0]',
    ':B - [0:0]',
    '-A PREROUTING -p tcp -j A',
    '-A A -p tcp --dport 80 -j B',
    '-A B -j A',
    '-A A -j MISSING',
    '-A A -p tcp -j REDIRECT --to-ports 15006',
    'COMMIT',
  ].join('\n');

  it('reports the loop and the missing chain at their rule lines, and evaluation still finishes', () => {
    const rules = parseIptables(text, 't.txt').families[0]!;
    expect(chainProblems(rules).map((p) => [p.kind, p.line, p.target])).toEqual([
      ['loop', 8, 'A'],
      ['missing-chain', 9, 'MISSING'],
    ]);
    // Port 80: A → B → (jump back to A skipped) → back in A: MISSING skipped → REDIRECT at line 10.
    expect(brief(inboundByPort(rules))).toEqual(['1-65535 redirect:15006 @10']);
  });

  it('an unmodelled match is listed and treated as not matching', () => {
    const rules = parseIptables('*nat\n-A PREROUTING -p tcp -m addrtype --dst-type LOCAL -j DROP\nCOMMIT\n', 'u.txt').families[0]!;
    const m = interception(rules);
    expect(brief(m.inbound)).toEqual(['1-65535 bypass/policy @-']);
    expect(m.unmodelled.map((u) => u.line)).toEqual([2]);
  });
});
