import { describe, expect, it } from 'vitest';
import { looksLikeIptables, parseIptables, type Match, type Rule, type Target } from '../../src/load/iptables/index.js';

/** Parses one `-A` line inside `*nat` and returns its rule (or the parse errors). */
function saveRule(spec: string, table = 'nat'): Rule {
  const p = parseIptables(`*${table}\n-A OUTPUT ${spec}\nCOMMIT\n`, 't');
  expect(p.errors).toEqual([]);
  const r = p.families[0]?.tables[0]?.chains.find((c) => c.name === 'OUTPUT')?.rules[0];
  if (!r) throw new Error('no rule');
  return r;
}

const VERBOSE_HEADER = ' pkts bytes target     prot opt in     out     source               destination';
function viewRule(row: string, verbose = true): Rule {
  const header = verbose ? VERBOSE_HEADER : 'target     prot opt source               destination';
  const p = parseIptables(`Chain OUTPUT (policy ACCEPT)\n${header}\n${row}\n`, 't');
  expect(p.errors).toEqual([]);
  const r = p.families[0]?.tables[0]?.chains.find((c) => c.name === 'OUTPUT')?.rules[0];
  if (!r) throw new Error('no rule');
  return r;
}

const m = (r: Rule): Match[] => r.matches;
const t = (r: Rule): Target | null => r.target;

describe('save-format matches', () => {
  it('protocol, addresses with negation, interfaces', () => {
    expect(m(saveRule('! -p udp ! -s 10.0.0.0/8 -d 1.2.3.4 -i eth0 ! -o lo -j RETURN'))).toEqual([
      { kind: 'protocol', negated: true, protocol: 'udp' },
      { kind: 'source', negated: true, cidrs: [{ family: 'ipv4', address: '10.0.0.0', prefix: 8, text: '10.0.0.0/8' }] },
      { kind: 'destination', negated: false, cidrs: [{ family: 'ipv4', address: '1.2.3.4', prefix: 32, text: '1.2.3.4' }] },
      { kind: 'inInterface', negated: false, name: 'eth0' },
      { kind: 'outInterface', negated: true, name: 'lo' },
    ]);
  });
  it('IPv6 CIDRs, embedded IPv4, dotted masks', () => {
    expect(m(saveRule('-d ::127.0.0.53/128 -j RETURN'))[0]).toMatchObject({ cidrs: [{ family: 'ipv6', address: '::7f00:35', prefix: 128 }] });
    expect(m(saveRule('-s 10.1.2.3/255.255.0.0 -j RETURN'))[0]).toMatchObject({ cidrs: [{ address: '10.1.0.0', prefix: 16 }] });
  });
  it('dport/sport with ranges and negation, multiport lists', () => {
    expect(m(saveRule('-p tcp -m tcp ! --dport 1000:2000 --sport 53 -j RETURN')).slice(1)).toEqual([
      { kind: 'dport', negated: true, ranges: [{ from: 1000, to: 2000 }] },
      { kind: 'sport', negated: false, ranges: [{ from: 53, to: 53 }] },
    ]);
    expect(m(saveRule('-p tcp -m multiport ! --dports 53,15008,8000:8100 -j RETURN'))[1]).toEqual({
      kind: 'dport', negated: true, ranges: [{ from: 53, to: 53 }, { from: 15008, to: 15008 }, { from: 8000, to: 8100 }],
    });
    expect(m(saveRule('-p tcp --dport ! 22 -j RETURN'))[1]).toMatchObject({ kind: 'dport', negated: true });
  });
  it('owner uid/gid with negation and ranges', () => {
    expect(m(saveRule('-m owner ! --uid-owner 1337 --gid-owner 1000-2000 -j RETURN'))).toEqual([
      { kind: 'owner', negated: true, field: 'uid', range: { from: 1337, to: 1337 } },
      { kind: 'owner', negated: false, field: 'gid', range: { from: 1000, to: 2000 } },
    ]);
  });
  it('mark, connmark, conntrack, socket, comment and unmodelled matches', () => {
    expect(m(saveRule('-m mark ! --mark 0x53a -m connmark --mark 1337/0xff -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN'))).toEqual([
      { kind: 'mark', negated: true, mark: { value: 0x53a, mask: 0xffffffff } },
      { kind: 'connmark', negated: false, mark: { value: 1337, mask: 0xff } },
      { kind: 'conntrack', negated: false, states: ['RELATED', 'ESTABLISHED'] },
    ]);
    expect(m(saveRule('-m socket --transparent -m comment --comment "istio: keep \\"x\\"" -m addrtype --dst-type LOCAL -j RETURN'))).toEqual([
      { kind: 'socket', options: ['--transparent'] },
      { kind: 'comment', text: 'istio: keep "x"' },
      { kind: 'other', module: 'addrtype', text: '--dst-type LOCAL' },
    ]);
  });
});

describe('save-format targets', () => {
  it.each([
    ['-j RETURN', { kind: 'RETURN' }],
    ['-j ACCEPT', { kind: 'ACCEPT' }],
    ['-j DROP', { kind: 'DROP' }],
    ['-j REJECT --reject-with tcp-reset', { kind: 'REJECT', rejectWith: 'tcp-reset' }],
    ['-p tcp -j REDIRECT --to-ports 15006', { kind: 'REDIRECT', toPorts: { from: 15006, to: 15006 } }],
    ['-p udp -j REDIRECT --to-port 15053-15054', { kind: 'REDIRECT', toPorts: { from: 15053, to: 15054 } }],
    ['-j TPROXY --on-port 15006 --on-ip 0.0.0.0 --tproxy-mark 0x539/0xffffffff', { kind: 'TPROXY', onPort: 15006, onIp: '0.0.0.0', tproxyMark: { value: 1337, mask: 0xffffffff } }],
    ['-j MARK --set-xmark 0x53a/0xffffffff', { kind: 'MARK', op: 'xset', mark: { value: 0x53a, mask: 0xffffffff } }],
    ['-j MARK --set-mark 1337', { kind: 'MARK', op: 'set', mark: { value: 1337, mask: 0xffffffff } }],
    ['-j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff', { kind: 'CONNMARK', options: '--restore-mark --nfmask 0xffffffff --ctmask 0xffffffff' }],
    ['-j CT --zone 2', { kind: 'CT', zone: 2, options: '--zone 2' }],
    ['-j LOG --log-prefix "in: "', { kind: 'LOG', options: '--log-prefix in: ' }],
    ['-j DNAT --to-destination 10.0.0.1:80', { kind: 'extension', name: 'DNAT', options: '--to-destination 10.0.0.1:80' }],
    ['-j ISTIO_REDIRECT', { kind: 'jump', chain: 'ISTIO_REDIRECT' }],
    ['-g ISTIO_REDIRECT', { kind: 'goto', chain: 'ISTIO_REDIRECT' }],
    ['-p tcp', null],
  ])('%s', (spec, target) => {
    expect(t(saveRule(spec))).toEqual(target);
  });
});

describe('table-view (-L) rows', () => {
  it('verbose rows: counters, interfaces, negated destination, tcp dpt:!N, owner', () => {
    const r = viewRule('    0     0 ISTIO_IN_REDIRECT  6    --  *      lo      0.0.0.0/0           !127.0.0.1            tcp dpt:!15008 owner UID match 1337');
    expect(m(r)).toEqual([
      { kind: 'protocol', negated: false, protocol: 'tcp' },
      { kind: 'outInterface', negated: false, name: 'lo' },
      { kind: 'destination', negated: true, cidrs: [{ family: 'ipv4', address: '127.0.0.1', prefix: 32, text: '127.0.0.1' }] },
      { kind: 'dport', negated: true, ranges: [{ from: 15008, to: 15008 }] },
      { kind: 'owner', negated: false, field: 'uid', range: { from: 1337, to: 1337 } },
    ]);
    expect(t(r)).toEqual({ kind: 'jump', chain: 'ISTIO_IN_REDIRECT' });
  });
  it('multiport with negation, ! owner, redir ports, TPROXY, MARK, CT, comment, counters with K', () => {
    expect(m(viewRule('   12K  900K RETURN  6  --  *  lo  0.0.0.0/0  0.0.0.0/0  multiport dports  !53,15008 ! owner GID match 2'))).toEqual([
      { kind: 'protocol', negated: false, protocol: 'tcp' },
      { kind: 'outInterface', negated: false, name: 'lo' },
      { kind: 'dport', negated: true, ranges: [{ from: 53, to: 53 }, { from: 15008, to: 15008 }] },
      { kind: 'owner', negated: true, field: 'gid', range: { from: 2, to: 2 } },
    ]);
    expect(t(viewRule('0 0 REDIRECT 17 -- * * 0.0.0.0/0 127.0.0.53 udp dpt:53 redir ports 15053'))).toEqual({ kind: 'REDIRECT', toPorts: { from: 15053, to: 15053 } });
    expect(t(viewRule('0 0 TPROXY 6 -- * * 0.0.0.0/0 !127.0.0.1 TPROXY redirect 0.0.0.0:15006 mark 0x539/0xffffffff'))).toEqual({
      kind: 'TPROXY', onPort: 15006, onIp: '0.0.0.0', tproxyMark: { value: 0x539, mask: 0xffffffff },
    });
    expect(t(viewRule('0 0 MARK 6 -- * lo 0.0.0.0/0 0.0.0.0/0 owner UID match 1337 MARK xset 0x53a/0xffffffff'))).toEqual({ kind: 'MARK', op: 'xset', mark: { value: 0x53a, mask: 0xffffffff } });
    expect(t(viewRule('0 0 CT 17 -- * * 0.0.0.0/0 0.0.0.0/0 udp dpt:53 CT zone 1'))).toEqual({ kind: 'CT', zone: 1, options: 'zone 1' });
    expect(m(viewRule('0 0 RETURN 6 -- * * 0.0.0.0/0 0.0.0.0/0 mark match ! 0x53a /* keep it */'))).toEqual([
      { kind: 'protocol', negated: false, protocol: 'tcp' },
      { kind: 'mark', negated: true, mark: { value: 0x53a, mask: 0xffffffff } },
      { kind: 'comment', text: 'keep it' },
    ]);
  });
  it('non-verbose rows with service names and host names', () => {
    expect(m(viewRule('RETURN     tcp  --  anywhere             anywhere             tcp dpt:ssh', false))[1]).toEqual({ kind: 'dport', negated: false, ranges: [{ from: 22, to: 22 }] });
    expect(m(viewRule('ISTIO_IN_REDIRECT  all  --  anywhere            !localhost            owner UID match 1337', false))[0]).toMatchObject({ kind: 'destination', negated: true, cidrs: [{ address: '127.0.0.1' }] });
  });
  it('a rule without a target and --line-numbers', () => {
    const p = parseIptables('Chain INPUT (policy DROP)\nnum  target     prot opt source               destination\n1               tcp  --  anywhere             anywhere\n', 't');
    expect(p.errors).toEqual([]);
    const chain = p.families[0]?.tables[0]?.chains[0];
    expect(chain).toMatchObject({ name: 'INPUT', policy: 'DROP', policyLine: 1 });
    expect(chain?.rules[0]?.target).toBeNull();
    expect(p.families[0]?.tables[0]?.name).toBe('filter');
  });
  it('unknown service names and host names are located errors', () => {
    const p = parseIptables(`Chain OUTPUT (policy ACCEPT)\n${VERBOSE_HEADER}\n0 0 RETURN 6 -- * * 0.0.0.0/0 0.0.0.0/0 tcp dpt:nosuchservice\n0 0 RETURN 0 -- * * db.example.com 0.0.0.0/0\n`, 't');
    expect(p.errors.map((e) => [e.line, e.column, e.text])).toEqual([
      [3, 45, 'dpt:nosuchservice'],
      [4, 21, 'db.example.com'],
    ]);
  });
});

describe('restore commands, command lines and errors', () => {
  it('-N, -I with positions, -P, -F and -X', () => {
    const p = parseIptables(['* nat', '-N X', '-A X -j RETURN', '-I X -j ACCEPT', '-I X 2 -j DROP', '-P OUTPUT DROP', '-N Y', '-X Y', 'COMMIT'].join('\n'), 't');
    expect(p.errors).toEqual([]);
    const table = p.families[0]?.tables[0];
    expect(table?.chains.find((c) => c.name === 'X')?.rules.map((r) => r.line)).toEqual([4, 5, 3]);
    expect(table?.chains.find((c) => c.name === 'OUTPUT')).toMatchObject({ policy: 'DROP', policyLine: 6 });
    expect(table?.chains.some((c) => c.name === 'Y')).toBe(false);
  });
  it('full command lines, with prompts, become per-family command rule sets', () => {
    const p = parseIptables(['$ sudo iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 15006', 'ip6tables -w -t nat -I OUTPUT -p tcp -j RETURN', 'some prose'].join('\n'), 't');
    expect(p.errors).toEqual([]);
    expect(p.families.map((f) => [f.family, f.format, f.tables[0]?.name])).toEqual([
      ['ipv4', 'command', 'nat'],
      ['ipv6', 'command', 'nat'],
    ]);
  });
  it('locates bad options, bad values, rules outside a table and a missing COMMIT', () => {
    const p = parseIptables(['-A OUTPUT -j RETURN', '*nat', '-A OUTPUT -p tcp --dport 70000 -j RETURN', '-A OUTPUT bogus -j RETURN', '-A OUTPUT -s 300.1.1.1 -j RETURN', 'hello there', '-A OUTPUT -j RETURN'].join('\n'), 't');
    expect(p.errors.map((e) => [e.line, e.column, e.text])).toEqual([
      [1, 1, '-A OUTPUT -j RETURN'],
      [2, 1, '*nat'],
      [3, 26, '70000'],
      [4, 11, 'bogus'],
      [5, 14, '300.1.1.1'],
      [6, 1, 'hello there'],
    ]);
    expect(p.errors[1]?.expected).toMatch(/COMMIT/);
    // The valid rule after the errors is kept.
    expect(p.families[0]?.tables[0]?.chains.find((c) => c.name === 'OUTPUT')?.rules.map((r) => r.line)).toEqual([7]);
  });
});

describe('looksLikeIptables', () => {
  it('tells iptables text from JSON and YAML', () => {
    expect(looksLikeIptables('*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n')).toBe(true);
    expect(looksLikeIptables('Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)\n')).toBe(true);
    expect(looksLikeIptables('[0:0] -A OUTPUT -j RETURN\n')).toBe(true);
    expect(looksLikeIptables('{"configs": []}')).toBe(false);
    expect(looksLikeIptables('[{"a": 1}]')).toBe(false);
    expect(looksLikeIptables('static_resources:\n  listeners: []\n')).toBe(false);
  });
});
