// Parses the rule-specification part of `-A CHAIN <spec>` (save, restore and command lines)
// into matches and a target.

import { parseCidr } from '../../net/address.js';
import { parseMark, parsePortList, parsePortRange } from './ports.js';
import { buildTarget, type SpecError, type TargetOption } from './target-spec.js';
import type { Token } from './tokenize.js';
import type { Cidr, IdRange, Match, Target } from './types.js';

export type { SpecError } from './target-spec.js';

export interface RuleSpec {
  matches: Match[];
  target: Target | null;
}

const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = { '0': 'all', '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'ipv6-icmp', '132': 'sctp' };

export function normalizeProtocol(text: string): string {
  const lower = text.toLowerCase();
  return PROTOCOL_NUMBERS[lower] ?? lower;
}

/** Options of match extensions that the parser models; all take one value unless listed in FLAGS. */
const MATCH_OPTIONS = new Set([
  '--dport', '--destination-port', '--sport', '--source-port', '--dports', '--destination-ports',
  '--sports', '--source-ports', '--ports', '--uid-owner', '--gid-owner', '--mark', '--ctstate', '--state',
  '--comment', '--socket-exists', '--suppl-groups', '--transparent', '--nowildcard', '--restore-skmark',
]);
const FLAGS = new Set(['--socket-exists', '--suppl-groups', '--transparent', '--nowildcard', '--restore-skmark']);

class SpecParser {
  private i = 0;
  private negated: Token | null = null;
  private module: string | null = null;
  private readonly matches: Match[] = [];
  private targetName: Token | null = null;
  private goto = false;
  private readonly targetOptions: TargetOption[] = [];
  /** The open "other" match that unknown options of the current module are appended to. */
  private other: { kind: 'other'; module: string | null; text: string } | null = null;

  constructor(private readonly tokens: Token[]) {}

  parse(): RuleSpec | SpecError {
    while (this.i < this.tokens.length) {
      const tok = this.tokens[this.i] as Token;
      this.i++;
      const err = this.option(tok);
      if (err) return err;
    }
    if (this.negated) return { column: this.negated.column, text: '!', expected: 'an option after !' };
    let target: Target | null = null;
    if (this.targetName) {
      const built = buildTarget(this.targetName, this.goto, this.targetOptions);
      if ('column' in built) return built;
      target = built;
    }
    return { matches: this.matches, target };
  }

  private value(opt: Token, expected: string): Token | SpecError {
    let v = this.tokens[this.i];
    // Legacy placement `--dport ! 53` (accepted by iptables 1.4).
    if (v?.text === '!' && !this.negated) {
      this.negated = v;
      this.i++;
      v = this.tokens[this.i];
    }
    if (!v) return { column: opt.column + opt.text.length, text: '', expected: `${opt.text} ${expected}` };
    this.i++;
    return v;
  }

  private takeNegation(): boolean {
    const neg = this.negated !== null;
    this.negated = null;
    return neg;
  }

  private option(tok: Token): SpecError | null {
    const t = tok.text;
    if (t === '!') {
      if (this.negated) return { column: tok.column, text: t, expected: 'an option after !' };
      this.negated = tok;
      return null;
    }
    switch (t) {
      case '-p':
      case '--protocol': {
        const v = this.value(tok, 'protocol');
        if ('expected' in v) return v;
        this.matches.push({ kind: 'protocol', negated: this.takeNegation(), protocol: normalizeProtocol(v.text) });
        return null;
      }
      case '-s':
      case '--source':
      case '--src':
      case '-d':
      case '--destination':
      case '--dst': {
        const v = this.value(tok, 'address[/prefix]');
        if ('expected' in v) return v;
        const cidrs: Cidr[] = [];
        for (const part of v.text.split(',')) {
          const c = parseCidr(part);
          if (!c) return { column: v.column, text: v.text, expected: 'an IP address with optional /prefix' };
          cidrs.push(c);
        }
        const kind = t === '-s' || t === '--source' || t === '--src' ? 'source' : 'destination';
        this.matches.push({ kind, negated: this.takeNegation(), cidrs });
        return null;
      }
      case '-i':
      case '--in-interface':
      case '-o':
      case '--out-interface': {
        const v = this.value(tok, 'interface name');
        if ('expected' in v) return v;
        const kind = t === '-i' || t === '--in-interface' ? 'inInterface' : 'outInterface';
        this.matches.push({ kind, negated: this.takeNegation(), name: v.text });
        return null;
      }
      case '-m':
      case '--match': {
        const v = this.value(tok, 'match module name');
        if ('expected' in v) return v;
        if (this.negated) return { column: this.negated.column, text: '!', expected: 'an option after !, not before -m' };
        this.module = v.text;
        this.other = null;
        return null;
      }
      case '-j':
      case '--jump':
      case '-g':
      case '--goto': {
        const v = this.value(tok, t.startsWith('-g') || t === '--goto' ? 'chain name' : 'target');
        if ('expected' in v) return v;
        if (this.targetName) return { column: tok.column, text: t, expected: 'a single -j/-g per rule' };
        this.targetName = v;
        this.goto = t === '-g' || t === '--goto';
        return null;
      }
      case '-c':
      case '--set-counters': {
        // `-c pkts bytes`: counters, not part of the rule's meaning.
        this.i += 2;
        return null;
      }
      case '-f':
      case '--fragment':
        this.matches.push({ kind: 'other', module: null, text: `${this.takeNegation() ? '! ' : ''}-f` });
        return null;
      default:
        break;
    }
    if (this.targetName && !MATCH_OPTIONS.has(t) && t.startsWith('--')) return this.targetOption(tok);
    if (t.startsWith('--')) return this.matchOption(tok);
    return { column: tok.column, text: t, expected: 'an option such as -p, -s, -d, -i, -o, -m, -j' };
  }

  private targetOption(tok: Token): SpecError | null {
    if (this.negated) return { column: this.negated.column, text: '!', expected: 'a match option after !' };
    const next = this.tokens[this.i];
    let value: Token | null = null;
    if (next && !next.text.startsWith('-')) {
      value = next;
      this.i++;
    }
    this.targetOptions.push({ name: tok, value });
    return null;
  }

  private matchOption(tok: Token): SpecError | null {
    const t = tok.text;
    if (!MATCH_OPTIONS.has(t)) return this.otherOption(tok);
    if (FLAGS.has(t)) {
      const negated = this.takeNegation();
      if (t === '--transparent' || t === '--nowildcard' || t === '--restore-skmark') {
        const last = this.matches.at(-1);
        if (last?.kind === 'socket') last.options.push(t);
        else this.matches.push({ kind: 'socket', options: [t] });
      } else {
        this.matches.push({ kind: 'other', module: this.module, text: `${negated ? '! ' : ''}${t}` });
      }
      return null;
    }
    const v = this.value(tok, 'value');
    if ('expected' in v) return v;
    switch (t) {
      case '--dport':
      case '--destination-port':
      case '--sport':
      case '--source-port': {
        const r = parsePortRange(v.text);
        if (!r) return { column: v.column, text: v.text, expected: 'a port or port:port' };
        const kind = t === '--dport' || t === '--destination-port' ? 'dport' : 'sport';
        this.matches.push({ kind, negated: this.takeNegation(), ranges: [r] });
        return null;
      }
      case '--dports':
      case '--destination-ports':
      case '--sports':
      case '--source-ports':
      case '--ports': {
        const list = parsePortList(v.text);
        if (!list) return { column: v.column, text: v.text, expected: 'a comma-separated list of ports or port:port ranges' };
        const kind = t === '--ports' ? 'ports' : t.startsWith('--d') ? 'dport' : 'sport';
        this.matches.push({ kind, negated: this.takeNegation(), ranges: list });
        return null;
      }
      case '--uid-owner':
      case '--gid-owner': {
        const range = parseIdRange(v.text);
        if (!range) return { column: v.column, text: v.text, expected: 'a numeric id or id-id range' };
        this.matches.push({ kind: 'owner', negated: this.takeNegation(), field: t === '--uid-owner' ? 'uid' : 'gid', range });
        return null;
      }
      case '--mark': {
        const mark = parseMark(v.text);
        if (!mark) return { column: v.column, text: v.text, expected: 'value[/mask]' };
        this.matches.push({ kind: this.module === 'connmark' ? 'connmark' : 'mark', negated: this.takeNegation(), mark });
        return null;
      }
      case '--ctstate':
      case '--state':
        this.matches.push({ kind: 'conntrack', negated: this.takeNegation(), states: v.text.toUpperCase().split(',') });
        return null;
      case '--comment':
        this.takeNegation();
        this.matches.push({ kind: 'comment', text: v.text });
        return null;
      default:
        return null;
    }
  }

  /** An option of a module we do not model: kept verbatim with its value, if it has one. */
  private otherOption(tok: Token): null {
    const parts = [this.takeNegation() ? `! ${tok.text}` : tok.text];
    const next = this.tokens[this.i];
    if (next && !next.text.startsWith('-') && next.text !== '!') {
      parts.push(next.text);
      this.i++;
    }
    if (this.other && this.matches.at(-1) === this.other) {
      this.other.text += ` ${parts.join(' ')}`;
    } else {
      this.other = { kind: 'other', module: this.module, text: parts.join(' ') };
      this.matches.push(this.other);
    }
    return null;
  }
}

export function parseIdRange(text: string): IdRange | null {
  const named = text === 'root' ? '0' : text;
  const m = /^(\d{1,10})(?:-(\d{1,10}))?$/.exec(named);
  if (!m) return null;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from <= to && to <= 0xffffffff ? { from, to } : null;
}

export function parseRuleSpec(tokens: Token[]): RuleSpec | SpecError {
  return new SpecParser(tokens).parse();
}
