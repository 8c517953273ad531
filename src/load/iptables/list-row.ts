// Parses one rule row of the `iptables -L [-n] [-v] [--line-numbers]` table view.
// Fixed columns come first (num, pkts, bytes, target, prot, opt, in, out, source,
// destination); the free-text tail holds what match and target extensions print.

import { cidrForHostname, parseCidr } from '../../net/address.js';
import { parseMark, parseNumber, parsePort, parsePortList, parsePortRange } from './ports.js';
import { normalizeProtocol, parseIdRange, type SpecError } from './rule-spec.js';
import { isTargetExtension } from './target-spec.js';
import type { Token } from './tokenize.js';
import type { Family, Match, MarkValue, PortRange, Target } from './types.js';

export interface ListLayout {
  lineNumbers: boolean;
  verbose: boolean;
}

export interface ListRow {
  matches: Match[];
  target: Target | null;
  /** Family shown by the address columns (`0.0.0.0/0` vs `::/0`), when they show one. */
  addressFamily: Family | null;
}

function splitColumns(line: string): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ text: m[0], column: m.index + 1 });
  return out;
}

const OPT = /^(--|-f|!f)$/;
const COUNTER = /^\d+[KMGT]?$/;

export function parseListRow(line: string, layout: ListLayout, family: Family | null): ListRow | SpecError {
  const cols = splitColumns(line);
  let i = 0;
  const need = (expected: string): Token | SpecError => {
    const t = cols[i];
    if (!t) return { column: line.length + 1, text: '', expected };
    i++;
    return t;
  };
  if (layout.lineNumbers) {
    const n = need('rule number');
    if ('expected' in n) return n;
    if (!/^\d+$/.test(n.text)) return { column: n.column, text: n.text, expected: 'rule number' };
  }
  if (layout.verbose) {
    for (const what of ['packet counter', 'byte counter']) {
      const c = need(what);
      if ('expected' in c) return c;
      if (!COUNTER.test(c.text)) return { column: c.column, text: c.text, expected: what };
    }
  }
  // The target column is blank for rules without -j, which shifts the remaining columns left.
  let targetTok: Token | null = null;
  if (cols[i + 2] && OPT.test(cols[i + 2]?.text ?? '')) targetTok = cols[i++] ?? null;
  else if (!(cols[i + 1] && OPT.test(cols[i + 1]?.text ?? ''))) {
    const at = cols[i];
    return { column: at?.column ?? line.length + 1, text: at?.text ?? '', expected: 'target, prot and opt columns' };
  }
  const matches: Match[] = [];
  const prot = cols[i++] as Token;
  const protNeg = prot.text.startsWith('!');
  const protocol = normalizeProtocol(protNeg ? prot.text.slice(1) : prot.text);
  if (protocol !== 'all' || protNeg) matches.push({ kind: 'protocol', negated: protNeg, protocol });
  const opt = cols[i++] as Token;
  if (opt.text !== '--') matches.push({ kind: 'other', module: null, text: opt.text.startsWith('!') ? '! -f' : '-f' });
  if (layout.verbose) {
    for (const kind of ['inInterface', 'outInterface'] as const) {
      const t = need(kind === 'inInterface' ? 'in interface' : 'out interface');
      if ('expected' in t) return t;
      if (t.text === '*') continue;
      const negated = t.text.startsWith('!');
      matches.push({ kind, negated, name: negated ? t.text.slice(1) : t.text });
    }
  }
  let addressFamily: Family | null = null;
  for (const kind of ['source', 'destination'] as const) {
    const t = need(kind);
    if ('expected' in t) return t;
    if (/^!?\d+\.\d+\.\d+\.\d+/.test(t.text)) addressFamily = 'ipv4';
    else if (/^!?[0-9a-fA-F]*:[0-9a-fA-F:.]*(\/\d+)?$/.test(t.text)) addressFamily = 'ipv6';
    const m = addressMatch(kind, t, family);
    if (m && 'expected' in m) return m;
    if (m) matches.push(m);
  }
  const tail = new TailParser(cols.slice(i), targetTok?.text ?? null, line.length);
  const parsed = tail.parse();
  if ('expected' in parsed) return parsed;
  matches.push(...parsed.matches);
  const target = targetTok ? listTarget(targetTok, parsed) : null;
  return { matches, target, addressFamily };
}

function addressMatch(kind: 'source' | 'destination', t: Token, family: Family | null): Match | SpecError | null {
  const negated = t.text.startsWith('!');
  const text = negated ? t.text.slice(1) : t.text;
  if (!negated && (text === 'anywhere' || text === '0.0.0.0/0' || text === '::/0')) return null;
  const cidr = parseCidr(text) ?? cidrForHostname(text, family ?? 'ipv4');
  if (!cidr) {
    return { column: t.column, text: t.text, expected: 'an address (unresolvable host name: list with -n to get addresses)' };
  }
  return { kind, negated, cidrs: [cidr] };
}

interface TailResult {
  matches: Match[];
  goto: boolean;
  redirect: PortRange | null;
  tproxy: { onIp: string | null; onPort: number | null; mark: MarkValue | null } | null;
  mark: { op: 'set' | 'xset' | 'and' | 'or' | 'xor'; mark: MarkValue } | null;
  ctZone: number | null;
  rejectWith: string | null;
  targetText: string;
}

class TailParser {
  private j = 0;
  private readonly r: TailResult = {
    matches: [], goto: false, redirect: null, tproxy: null, mark: null, ctZone: null, rejectWith: null, targetText: '',
  };
  private other: { kind: 'other'; module: string | null; text: string } | null = null;

  constructor(
    private readonly toks: Token[],
    private readonly target: string | null,
    private readonly lineEnd: number,
  ) {}

  private peek(k = 0): Token | undefined {
    return this.toks[this.j + k];
  }

  private err(t: Token | undefined, expected: string): SpecError {
    return { column: t?.column ?? this.lineEnd + 1, text: t?.text ?? '', expected };
  }

  parse(): TailResult | SpecError {
    while (this.j < this.toks.length) {
      const res = this.step();
      if (res) return res;
    }
    return this.r;
  }

  private push(m: Match): void {
    this.r.matches.push(m);
    this.other = null;
  }

  private step(): SpecError | null {
    const t = this.peek() as Token;
    let negated = false;
    let k = 0;
    if (t.text === '!') {
      negated = true;
      k = 1;
    }
    const word = this.peek(k)?.text ?? '';
    if (['tcp', 'udp', 'sctp', 'udplite', 'dccp'].includes(word) && /^(dpts?|spts?|flags|option):/.test(this.peek(k + 1)?.text ?? '')) {
      this.j += k + 1;
      while (/^(dpts?|spts?|flags|option):/.test(this.peek()?.text ?? '')) {
        const e = this.portToken(this.peek() as Token);
        if (e) return e;
        this.j++;
      }
      return null;
    }
    switch (word) {
      case 'multiport': {
        const dir = this.peek(k + 1);
        const val = this.peek(k + 2);
        if (!dir || !['dports', 'sports', 'ports'].includes(dir.text)) return this.err(dir, 'dports, sports or ports');
        let listTok = val;
        let neg = negated;
        if (listTok?.text === '!') {
          neg = true;
          listTok = this.peek(k + 3);
          this.j++;
        }
        if (!listTok) return this.err(listTok, 'a port list');
        if (listTok.text.startsWith('!')) neg = true;
        const list = parsePortList(listTok.text.replace(/^!/, ''));
        if (!list) return this.err(listTok, 'a comma-separated list of ports or port:port ranges (numbers or known service names)');
        const kind = dir.text === 'dports' ? 'dport' : dir.text === 'sports' ? 'sport' : 'ports';
        this.push({ kind, negated: neg, ranges: list });
        this.j += k + 3;
        return null;
      }
      case 'owner': {
        const what = this.peek(k + 1)?.text;
        if ((what === 'UID' || what === 'GID') && this.peek(k + 2)?.text === 'match') {
          const v = this.peek(k + 3);
          const range = v ? parseIdRange(v.text) : null;
          if (!range) return this.err(v, 'a numeric id or id-id range');
          this.push({ kind: 'owner', negated, field: what === 'UID' ? 'uid' : 'gid', range });
          this.j += k + 4;
          return null;
        }
        return this.otherWords(k + 1);
      }
      case 'mark':
      case 'connmark': {
        if (this.peek(k + 1)?.text !== 'match') return this.otherWords(k + 1);
        let idx = k + 2;
        let neg = negated;
        if (this.peek(idx)?.text === '!') {
          neg = true;
          idx++;
        }
        const v = this.peek(idx);
        const mark = v ? parseMark(v.text) : null;
        if (!mark) return this.err(v, 'value[/mask]');
        this.push({ kind: word, negated: neg, mark });
        this.j += idx + 1;
        return null;
      }
      case 'ctstate':
      case 'state': {
        const v = this.peek(k + 1);
        if (!v) return this.err(v, 'connection states');
        this.push({ kind: 'conntrack', negated, states: v.text.toUpperCase().split(',') });
        this.j += k + 2;
        return null;
      }
      case '/*': {
        const words: string[] = [];
        let idx = k + 1;
        while (this.peek(idx) && this.peek(idx)?.text !== '*/') words.push(this.peek(idx++)?.text ?? '');
        this.push({ kind: 'comment', text: words.join(' ') });
        this.j += idx + 1;
        return null;
      }
      case '[goto]':
        this.r.goto = true;
        this.j += k + 1;
        return null;
      default:
        break;
    }
    if (negated) return this.otherWords(0);
    const asTarget = this.targetWords(t);
    return asTarget === undefined ? this.otherWords(0) : asTarget;
  }

  /** Target printouts; they come last, so each consumes the rest of the row. Null when `t` starts none. */
  private targetWords(t: Token): SpecError | null | undefined {
    const rest = this.toks.slice(this.j);
    const texts = rest.map((x) => x.text);
    if (this.target === 'REDIRECT' && t.text === 'redir' && texts[1] === 'ports') {
      const range = parsePortRange(texts[2] ?? '', '-:');
      if (!range) return this.err(rest[2], 'a port or port-port');
      this.r.redirect = range;
      this.j += 3;
      return null;
    }
    if (this.target === 'TPROXY' && t.text === 'TPROXY' && texts[1] === 'redirect') {
      const addr = texts[2] ?? '';
      const colon = addr.lastIndexOf(':');
      const port = colon >= 0 ? parseNumber(addr.slice(colon + 1)) : null;
      if (port === null || port > 65535) return this.err(rest[2], 'address:port');
      let mark: MarkValue | null = null;
      let used = 3;
      if (texts[3] === 'mark') {
        mark = parseMark(texts[4] ?? '');
        if (!mark) return this.err(rest[4], 'value/mask');
        used = 5;
      }
      this.r.tproxy = { onIp: addr.slice(0, colon).replace(/^\[|\]$/g, ''), onPort: port, mark };
      this.j += used;
      return null;
    }
    if (this.target === 'MARK' && t.text === 'MARK') {
      const op = texts[1];
      if (op !== 'set' && op !== 'xset' && op !== 'and' && op !== 'or' && op !== 'xor') return this.err(rest[1], 'set, xset, and, or or xor');
      const mark = parseMark(texts[2] ?? '');
      if (!mark) return this.err(rest[2], 'value[/mask]');
      this.r.mark = { op, mark };
      this.j += 3;
      return null;
    }
    if (this.target === 'CT' && t.text === 'CT') {
      const zi = texts.indexOf('zone');
      if (zi >= 0) {
        const zone = parseNumber(texts[zi + 1] ?? '');
        if (zone === null) return this.err(rest[zi + 1], 'a zone number');
        this.r.ctZone = zone;
      }
      this.r.targetText = texts.slice(1).join(' ');
      this.j = this.toks.length;
      return null;
    }
    if (this.target === 'REJECT' && t.text === 'reject-with') {
      this.r.rejectWith = texts[1] ?? null;
      this.j += 2;
      return null;
    }
    if (this.target !== null && t.text === this.target) {
      // CONNMARK save ..., LOG flags ... and other target printouts start with the target's name.
      this.r.targetText = texts.slice(1).join(' ');
      this.j = this.toks.length;
      return null;
    }
    return undefined;
  }

  /** Consumes words starting at offset `from` (plus the module word) into an "other" match. */
  private otherWords(from: number): null {
    const take = Math.max(1, from);
    const words = this.toks.slice(this.j, this.j + take).map((x) => x.text);
    this.j += take;
    if (this.other && this.r.matches.at(-1) === this.other) this.other.text += ` ${words.join(' ')}`;
    else {
      this.other = { kind: 'other', module: null, text: words.join(' ') };
      this.r.matches.push(this.other);
    }
    return null;
  }

  private portToken(t: Token): SpecError | null {
    const m = /^(dpts?|spts?|flags|option):(!?)(.*)$/.exec(t.text);
    if (!m) return this.err(t, 'dpt:, spt:, dpts: or spts:');
    const [, key = '', bang = '', value = ''] = m;
    if (key === 'flags' || key === 'option') {
      this.push({ kind: 'other', module: 'tcp', text: t.text });
      return null;
    }
    const range = key.endsWith('s') ? parsePortRange(value) : portOnly(value);
    if (!range) return this.err(t, 'a port number or known service name');
    this.push({ kind: key.startsWith('d') ? 'dport' : 'sport', negated: bang === '!', ranges: [range] });
    return null;
  }
}

function portOnly(text: string): PortRange | null {
  const p = parsePort(text);
  return p === null ? null : { from: p, to: p };
}

function listTarget(tok: Token, tail: TailResult): Target {
  const name = tok.text;
  switch (name) {
    case 'RETURN':
    case 'ACCEPT':
    case 'DROP':
      return { kind: name };
    case 'REJECT':
      return { kind: 'REJECT', rejectWith: tail.rejectWith };
    case 'REDIRECT':
      return { kind: 'REDIRECT', toPorts: tail.redirect };
    case 'TPROXY':
      return { kind: 'TPROXY', onPort: tail.tproxy?.onPort ?? null, onIp: tail.tproxy?.onIp ?? null, tproxyMark: tail.tproxy?.mark ?? null };
    case 'MARK':
      return tail.mark ? { kind: 'MARK', op: tail.mark.op, mark: tail.mark.mark } : { kind: 'extension', name, options: tail.targetText };
    case 'CT':
      return { kind: 'CT', zone: tail.ctZone, options: tail.targetText };
    case 'CONNMARK':
      return { kind: 'CONNMARK', options: tail.targetText };
    case 'LOG':
      return { kind: 'LOG', options: tail.targetText };
    default:
      if (isTargetExtension(name)) return { kind: 'extension', name, options: tail.targetText };
      return { kind: tail.goto ? 'goto' : 'jump', chain: name };
  }
}
