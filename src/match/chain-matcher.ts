// Evaluates a listener's filter_chain_matcher (xds.type.matcher.v3.Matcher) for one connection, as Envoy's matcher
// tree does (source/common/matcher/{exact_map,prefix_map,list}_matcher.h, extensions/common/matcher/trie_matcher.h):
// - matcher_list: predicates in order; the first that holds and whose on_match ends in an action wins; a nested
//   matcher that matches nothing lets the list go on; after the list, on_no_match.
// - exact_match_map: the input's value looked up exactly; a key whose nested matcher matches nothing, or no key,
//   falls to on_no_match. An input with no value (no SNI, no ALPN, an external source for source_type) goes straight
//   to on_no_match.
// - prefix_match_map: the longest key that prefixes the value first, then shorter ones when its nested matcher
//   matches nothing (Envoy 1.35+, runtime prefix_map_matcher_resume_after_subtree_miss), then on_no_match.
// - IPMatcher (custom_match): every range containing the address, longest prefix first and then in the order
//   written; after the first, `exclusive` range matchers are skipped; then on_no_match.
// An OnMatch with keep_matching records its action and goes on, which for picking one filter chain is a no-match.
// Inputs are the values Envoy's network inputs produce (source/common/network/matching/inputs.cc): the port as a
// decimal string, application protocols as `'h2','http/1.1'`, source_type `local` or nothing.
import type { ChainMatcher, ChainMatcherAction, ChainMatcherInput, ChainMatcherOnMatch, ChainMatcherPredicate, ChainMatcherTree, Origin } from '../generated/graph.js';
import { stringMatches } from './header.js';
import { cidrContains, isLoopback, parseCidrText, parseIp } from './ip.js';
import type { Connection } from './request.js';

/** One decision on the way through the tree, where it was made. */
export interface MatcherStep {
  description: string;
  origin: Origin;
}

export type MatcherEvaluation =
  | { outcome: 'action'; action: ChainMatcherAction; steps: MatcherStep[] }
  | { outcome: 'no_match'; steps: MatcherStep[] }
  /** An input the connection's description does not give (or a matcher envoy-lint does not evaluate). */
  | { outcome: 'unevaluated'; input: string; reason: string; origin: Origin; steps: MatcherStep[] };

type InputValue = { known: true; value: string | undefined } | { known: false; reason: string };

/** What the connection gives for an input: a value, no value (Envoy's "no data"), or unknown to the trace. */
export function inputValue(kind: ChainMatcherInput['kind'], conn: Connection): InputValue {
  switch (kind) {
    case 'destination_ip':
      return { known: true, value: conn.destinationIp };
    case 'destination_port':
      return { known: true, value: String(conn.destinationPort) };
    case 'server_name':
      return { known: true, value: conn.serverName || undefined };
    case 'transport_protocol':
      return { known: true, value: conn.transportProtocol || undefined };
    case 'application_protocol':
      return { known: true, value: conn.applicationProtocols.length > 0 ? `'${conn.applicationProtocols.join("','")}'` : undefined };
    case 'source_ip':
    case 'direct_source_ip':
      return conn.sourceIp === undefined ? { known: false, reason: 'the source address is not given (--source)' } : { known: true, value: conn.sourceIp };
    case 'source_port':
      return conn.sourcePort === undefined ? { known: false, reason: 'the source port is not given (--source address:port)' } : { known: true, value: String(conn.sourcePort) };
    case 'source_type':
      if (conn.sourceIp === undefined) return { known: false, reason: 'the source address is not given (--source): local or not cannot be told' };
      return { known: true, value: isLoopback(conn.sourceIp) || conn.sourceIp === conn.destinationIp ? 'local' : undefined };
    case 'other':
      return { known: false, reason: 'envoy-lint does not evaluate this input' };
  }
}

class Unevaluated {
  constructor(
    readonly input: string,
    readonly reason: string,
    readonly origin: Origin,
  ) {}
}

type Result = { action: ChainMatcherAction } | 'no_match';

const MAX_DEPTH = 64;

class Evaluator {
  readonly steps: MatcherStep[] = [];

  constructor(private readonly conn: Connection) {}

  private step(description: string, origin: Origin): void {
    this.steps.push({ description, origin });
  }

  private read(input: ChainMatcherInput): string | undefined {
    const got = inputValue(input.kind, this.conn);
    if (!got.known) throw new Unevaluated(input.kind === 'other' ? input.typeName || 'an input' : input.kind, got.reason, input.origin);
    return got.value;
  }

  matcher(m: ChainMatcher, depth: number): Result {
    if (depth > MAX_DEPTH) throw new Unevaluated('matcher', 'nested too deep to follow', m.origin);
    if (m.list) {
      for (const [i, rule] of m.list.entries()) {
        if (!this.predicate(rule.predicate)) continue;
        this.step(`matcher_list entry ${i}: its predicate holds`, rule.origin);
        const r = this.onMatch(rule.onMatch, depth);
        if (r !== 'no_match') return r;
      }
    } else if (m.tree) {
      const r = this.tree(m.tree, depth);
      if (r !== 'no_match') return r;
    }
    return this.noMatch(m, depth);
  }

  private noMatch(m: ChainMatcher, depth: number): Result {
    if (!m.onNoMatch) return 'no_match';
    this.step('nothing above matched: on_no_match', m.onNoMatch.origin);
    return this.onMatch(m.onNoMatch, depth);
  }

  private onMatch(o: ChainMatcherOnMatch, depth: number): Result {
    if (o.action) {
      if (o.keepMatching) {
        this.step('keep_matching: the action is recorded and matching goes on', o.origin);
        return 'no_match';
      }
      return { action: o.action };
    }
    if (o.matcher) {
      const r = this.matcher(o.matcher, depth + 1);
      if (r === 'no_match') this.step('the nested matcher matches nothing', o.matcher.origin);
      return r;
    }
    return 'no_match';
  }

  private tree(t: ChainMatcherTree, depth: number): Result {
    if (t.kind === 'custom') throw new Unevaluated(t.customType || 'custom_match', 'envoy-lint does not evaluate this custom matcher', t.origin);
    const value = this.read(t.input);
    const name = t.input.kind;
    if (value === undefined) {
      this.step(`${name}: the connection has none`, t.input.origin);
      return 'no_match';
    }
    if (t.kind === 'exact') {
      const hit = t.branches.find((b) => b.key === value);
      if (!hit) {
        this.step(`${name} ${value}: no key of the exact_match_map`, t.origin);
        return 'no_match';
      }
      this.step(`${name} ${value}: key "${hit.key ?? ''}"`, hit.origin);
      return this.onMatch(hit.onMatch, depth);
    }
    if (t.kind === 'prefix') {
      const hits = t.branches.filter((b) => b.key !== undefined && value.startsWith(b.key)).sort((a, b) => (b.key ?? '').length - (a.key ?? '').length);
      if (hits.length === 0) this.step(`${name} ${value}: no key of the prefix_match_map prefixes it`, t.origin);
      for (const hit of hits) {
        this.step(`${name} ${value}: prefix "${hit.key ?? ''}"`, hit.origin);
        const r = this.onMatch(hit.onMatch, depth);
        if (r !== 'no_match') return r;
      }
      return 'no_match';
    }
    return this.ipRanges(t, value, depth);
  }

  private ipRanges(t: ChainMatcherTree, value: string, depth: number): Result {
    const name = t.input.kind;
    if (!parseIp(value)) {
      this.step(`${name} ${value}: not an IP address`, t.origin);
      return 'no_match';
    }
    const candidates: Array<{ index: number; prefix: number; range: string }> = [];
    t.branches.forEach((b, index) => {
      for (const range of b.ranges ?? []) {
        const parsed = parseCidrText(range);
        if (parsed && cidrContains(parsed, value)) candidates.push({ index, prefix: parsed.prefix, range });
      }
    });
    candidates.sort((a, b) => b.prefix - a.prefix || a.index - b.index);
    if (candidates.length === 0) this.step(`${name} ${value}: in no range of the IPMatcher`, t.origin);
    let first = true;
    for (const c of candidates) {
      const branch = t.branches[c.index];
      if (!branch || (!first && branch.exclusive)) continue;
      this.step(`${name} ${value}: in range ${c.range}`, branch.origin);
      const r = this.onMatch(branch.onMatch, depth);
      if (r !== 'no_match') return r;
      first = false;
    }
    return 'no_match';
  }

  /** Whether a predicate holds; and/or stop at the first operand that decides, as Envoy's do. */
  private predicate(p: ChainMatcherPredicate): boolean {
    switch (p.kind) {
      case 'and':
        return (p.predicates ?? []).every((q) => this.predicate(q));
      case 'or':
        return (p.predicates ?? []).some((q) => this.predicate(q));
      case 'not':
        return !(p.predicates ?? []).every((q) => this.predicate(q));
      case 'single':
        return this.single(p);
    }
  }

  private single(p: ChainMatcherPredicate): boolean {
    if (!p.input) return false;
    if (p.customType !== undefined) throw new Unevaluated(p.customType || 'custom_match', 'envoy-lint does not evaluate this custom matcher', p.origin);
    const value = this.read(p.input);
    if (value === undefined) return false;
    if (p.cidrRanges) return p.cidrRanges.some((r) => {
      const parsed = parseCidrText(r);
      return parsed !== undefined && cidrContains(parsed, value);
    });
    if (p.stringKind === undefined) return false;
    return stringMatches(p.stringKind, p.value ?? '', value, p.ignoreCase ?? false);
  }
}

/** Walks the tree for the connection: the action it ends in, no match, or the input it could not read. */
export function evaluateChainMatcher(matcher: ChainMatcher, conn: Connection): MatcherEvaluation {
  const evaluator = new Evaluator(conn);
  try {
    const r = evaluator.matcher(matcher, 0);
    if (r === 'no_match') return { outcome: 'no_match', steps: evaluator.steps };
    return { outcome: 'action', action: r.action, steps: evaluator.steps };
  } catch (error) {
    if (!(error instanceof Unevaluated)) throw error;
    return { outcome: 'unevaluated', input: error.input, reason: error.reason, origin: error.origin, steps: evaluator.steps };
  }
}
