// Inbound (PREROUTING) and outbound (OUTPUT) answers for one rule set. The kernel runs the
// hook's tables in priority order: raw, then mangle (TPROXY lives here), then nat (REDIRECT).

import { parseAddress } from '../../net/address.js';
import type { Family, FamilyRules } from '../../load/iptables/index.js';
import type { Packet } from './packet.js';
import { byPortRange } from './ports.js';
import type { DecidedBy, InboundOptions, OutboundOptions, Outcome, PortOutcome, Unmodelled } from './types.js';
import { walkTable, type TableVerdict, type WalkContext } from './walk.js';

const TABLE_ORDER = ['raw', 'mangle', 'nat'];

function address(text: string | null | undefined, family: Family): bigint | null {
  if (text === null || text === undefined) return null;
  const a = parseAddress(text);
  return a && a.family === family ? a.value : null;
}

function isLoopback(family: Family, value: bigint | null): boolean {
  if (value === null) return false;
  return family === 'ipv4' ? value >> 24n === 127n : value === 1n;
}

/** Runs the hook's tables for one packet and combines their verdicts. */
function decide(rules: FamilyRules, hook: string, packet: Packet, ctx: WalkContext): { outcome: Outcome; decidedBy: DecidedBy } {
  const verdicts: TableVerdict[] = [];
  for (const name of TABLE_ORDER) {
    const table = rules.tables.find((t) => t.name === name);
    if (!table) continue;
    const v = walkTable(table, hook, packet, ctx);
    if (!v) continue;
    // DROP ends the packet; TPROXY or REDIRECT settle interception.
    if (v.outcome.kind !== 'bypass') return v;
    verdicts.push(v);
  }
  // Every table let the packet through: credit the last rule that did so explicitly.
  const explicit = verdicts.filter((v) => v.outcome.kind === 'bypass' && v.outcome.via !== 'policy').at(-1);
  const chosen = explicit ?? verdicts.at(-1);
  if (chosen) return chosen;
  return { outcome: { kind: 'bypass', via: 'policy' }, decidedBy: { file: rules.file, line: null, table: 'nat', chain: hook } };
}

export interface DirectionResult {
  ranges: PortOutcome[];
  unmodelled: Unmodelled[];
}

export function inbound(rules: FamilyRules, options: InboundOptions = {}): DirectionResult {
  const ctx: WalkContext = { file: rules.file, unmodelled: new Map() };
  const ranges = byPortRange(rules, (port) =>
    decide(rules, 'PREROUTING', {
      family: rules.family, protocol: 'tcp', source: address(options.source, rules.family), destination: null,
      dport: port, sport: null, inInterface: options.inInterface ?? 'eth0', outInterface: null,
      uid: null, gid: null, mark: 0, connmark: 0,
    }, ctx),
  );
  return { ranges, unmodelled: [...ctx.unmodelled.values()] };
}

export function outbound(rules: FamilyRules, options: OutboundOptions): DirectionResult {
  const ctx: WalkContext = { file: rules.file, unmodelled: new Map() };
  const destination = address(options.destination, rules.family);
  const outInterface = options.outInterface ?? (isLoopback(rules.family, destination) ? 'lo' : 'eth0');
  const ranges = byPortRange(rules, (port) =>
    decide(rules, 'OUTPUT', {
      family: rules.family, protocol: 'tcp', source: address(options.source, rules.family), destination,
      dport: port, sport: null, inInterface: null, outInterface,
      uid: options.uid, gid: options.gid ?? null, mark: 0, connmark: 0,
    }, ctx),
  );
  return { ranges, unmodelled: [...ctx.unmodelled.values()] };
}

export function loopbackAddress(family: Family): string {
  return family === 'ipv4' ? '127.0.0.1' : '::1';
}
