// Walks one table from a built-in chain the way the kernel does: rules in order, jumps push a
// frame, gotos replace it, RETURN pops, and falling off a built-in chain applies its policy.

import { findChain } from '../../load/iptables/index.js';
import type { Chain, Rule, Table } from '../../load/iptables/index.js';
import { matchApplies, type Packet } from './packet.js';
import type { DecidedBy, Outcome, Unmodelled } from './types.js';

/** Targets that let the packet continue to the next rule. */
const NON_TERMINAL = new Set([
  'NOTRACK', 'TRACE', 'NFLOG', 'ULOG', 'AUDIT', 'CLASSIFY', 'DSCP', 'TOS', 'TTL', 'HL', 'TCPMSS', 'SET',
  'CHECKSUM', 'SECMARK', 'CONNSECMARK', 'IDLETIMER', 'LED', 'RATEEST', 'TCPOPTSTRIP', 'HMARK', 'ECN', 'TEE',
]);

/**
 * A cap on visited rules: a goto cycle would otherwise never end. It grows with the table, so that a big rule set
 * walked end to end (100,000 chains, each entered once) is not mistaken for a cycle.
 */
const MAX_STEPS = 100_000;
const STEPS_PER_RULE = 4;
const stepLimits = new WeakMap<Table, number>();

function stepLimit(table: Table): number {
  let limit = stepLimits.get(table);
  if (limit === undefined) {
    let rules = 0;
    for (const chain of table.chains) rules += chain.rules.length + 1;
    stepLimits.set(table, (limit = MAX_STEPS + STEPS_PER_RULE * rules));
  }
  return limit;
}

export interface TableVerdict {
  outcome: Outcome;
  decidedBy: DecidedBy;
}

export interface WalkContext {
  file: string;
  unmodelled: Map<number, Unmodelled>;
}

export function walkTable(table: Table, start: string, packet: Packet, ctx: WalkContext): TableVerdict | null {
  const base = findChain(table, start);
  if (!base) return null;
  const at = (chain: Chain, line: number | null): DecidedBy => ({ file: ctx.file, line, table: table.name, chain: chain.name });
  const stack: { chain: Chain; index: number }[] = [{ chain: base, index: 0 }];
  // The chains on the stack, for the loop check of each jump (the stack can be 10,000 chains deep).
  const onStack = new Set<Chain>([base]);
  const pop = (): void => {
    const frame = stack.pop();
    if (frame) onStack.delete(frame.chain);
  };
  let lastReturn: { rule: Rule; chain: Chain } | null = null;
  const policy = (): TableVerdict => {
    const by = lastReturn ? at(lastReturn.chain, lastReturn.rule.line) : at(base, base.policyLine);
    if (base.policy === 'DROP') return { outcome: { kind: 'drop', via: 'policy' }, decidedBy: by };
    return { outcome: { kind: 'bypass', via: lastReturn ? 'RETURN' : 'policy' }, decidedBy: by };
  };
  const limit = stepLimit(table);
  for (let steps = 0; steps < limit; steps++) {
    const frame = stack.at(-1);
    if (!frame) return policy();
    const rule = frame.chain.rules[frame.index++];
    if (!rule) {
      pop();
      continue;
    }
    if (!ruleMatches(rule, packet, ctx)) continue;
    const t = rule.target;
    const here = at(frame.chain, rule.line);
    switch (t?.kind) {
      case undefined:
      case 'CT':
      case 'LOG':
        continue;
      case 'MARK':
        packet.mark = applyMark(packet.mark, t.op, t.mark.value, t.mark.mask);
        continue;
      case 'CONNMARK':
        if (/restore/.test(t.options)) packet.mark = packet.connmark;
        else if (/save/.test(t.options)) packet.connmark = packet.mark;
        continue;
      case 'RETURN':
        lastReturn = { rule, chain: frame.chain };
        pop();
        continue;
      case 'ACCEPT':
        return { outcome: { kind: 'bypass', via: 'ACCEPT' }, decidedBy: here };
      case 'DROP':
        return { outcome: { kind: 'drop', via: 'DROP' }, decidedBy: here };
      case 'REJECT':
        return { outcome: { kind: 'drop', via: 'REJECT' }, decidedBy: here };
      case 'REDIRECT':
        return { outcome: { kind: 'redirect', toPort: t.toPorts?.from ?? null }, decidedBy: here };
      case 'TPROXY':
        return { outcome: { kind: 'tproxy', toPort: t.onPort }, decidedBy: here };
      case 'extension':
        if (NON_TERMINAL.has(t.name)) continue;
        return { outcome: { kind: 'other', target: t.name }, decidedBy: here };
      case 'jump':
      case 'goto': {
        const next = findChain(table, t.chain);
        // Missing chains and jump loops are reported by chainProblems(); the walk skips them.
        if (!next || onStack.has(next)) continue;
        if (t.kind === 'goto') {
          // A goto never comes back: from the built-in chain that means its policy follows.
          if (stack.length > 1) pop();
          else frame.index = Number.MAX_SAFE_INTEGER;
        }
        stack.push({ chain: next, index: 0 });
        onStack.add(next);
        continue;
      }
    }
  }
  return { outcome: { kind: 'other', target: 'step limit (goto cycle)' }, decidedBy: at(base, base.line) };
}

function ruleMatches(rule: Rule, packet: Packet, ctx: WalkContext): boolean {
  for (const m of rule.matches) {
    const r = matchApplies(m, packet);
    if (r === null) {
      ctx.unmodelled.set(rule.line, { file: ctx.file, line: rule.line, text: rule.text.trim() });
      return false;
    }
    if (!r) return false;
  }
  return true;
}

function applyMark(mark: number, op: string, value: number, mask: number): number {
  switch (op) {
    case 'set':
      return ((mark & ~mask) | value) >>> 0;
    case 'xset':
      return ((mark & ~mask) ^ value) >>> 0;
    case 'and':
      return (mark & value) >>> 0;
    case 'or':
      return (mark | value) >>> 0;
    default:
      return (mark ^ value) >>> 0;
  }
}
