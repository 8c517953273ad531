// A concrete first packet of a TCP connection and whether one match applies to it.
// Fields set to null stand for "a value no rule names specifically": they match only
// unrestricted matches (0.0.0.0/0, full port range) and the negated forms.

import { cidrContains } from '../../load/iptables/index.js';
import type { Family, Match, PortRange } from '../../load/iptables/index.js';

export interface Packet {
  family: Family;
  protocol: 'tcp';
  source: bigint | null;
  destination: bigint | null;
  dport: number;
  /** The client's ephemeral port: never one a rule names. */
  sport: null;
  inInterface: string | null;
  outInterface: string | null;
  uid: number | null;
  gid: number | null;
  mark: number;
  connmark: number;
}

function inRanges(ranges: PortRange[], port: number | null): boolean {
  if (port === null) return ranges.some((r) => r.from === 0 && r.to === 65535);
  return ranges.some((r) => r.from <= port && port <= r.to);
}

/** iptables interface names: a trailing `+` is a prefix wildcard. */
function ifaceMatches(pattern: string, iface: string | null): boolean {
  if (iface === null) return false;
  if (pattern.endsWith('+')) return iface.startsWith(pattern.slice(0, -1));
  return pattern === iface;
}

/** true/false, or null when the match is outside the model. */
export function matchApplies(m: Match, p: Packet): boolean | null {
  switch (m.kind) {
    case 'protocol':
      return (m.protocol === 'all' || m.protocol === p.protocol) !== m.negated;
    case 'source':
    case 'destination': {
      const addr = m.kind === 'source' ? p.source : p.destination;
      const hit = m.cidrs.some((c) => (addr === null ? c.prefix === 0 && c.family === p.family : cidrContains(c, p.family, addr)));
      return hit !== m.negated;
    }
    case 'inInterface':
      return ifaceMatches(m.name, p.inInterface) !== m.negated;
    case 'outInterface':
      return ifaceMatches(m.name, p.outInterface) !== m.negated;
    case 'dport':
      return inRanges(m.ranges, p.dport) !== m.negated;
    case 'sport':
      return inRanges(m.ranges, p.sport) !== m.negated;
    case 'ports':
      return (inRanges(m.ranges, p.dport) || inRanges(m.ranges, p.sport)) !== m.negated;
    case 'owner': {
      const id = m.field === 'uid' ? p.uid : p.gid;
      // No local socket (inbound) or unknown owner: only the negated form holds, as in xt_owner.
      if (id === null) return m.negated;
      return (m.range.from <= id && id <= m.range.to) !== m.negated;
    }
    case 'mark':
      return ((p.mark & m.mark.mask) >>> 0 === m.mark.value) !== m.negated;
    case 'connmark':
      return ((p.connmark & m.mark.mask) >>> 0 === m.mark.value) !== m.negated;
    case 'conntrack':
      // The first packet of a connection is NEW.
      return m.states.includes('NEW') !== m.negated;
    case 'socket':
      // No established socket exists for a new connection.
      return false;
    case 'comment':
      return true;
    case 'other':
      return null;
  }
}
