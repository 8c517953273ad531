// Shapes produced by parseIptables. Everything here is plain data (no Map, no bigint) so a
// parse can be JSON-serialised into reports and test snapshots.

import type { Cidr, Family } from '../../net/address.js';

export type { Cidr, Family };

/** How the text of one rule set was written. */
export type RulesetFormat =
  | 'save' // iptables-save output: `*nat`, `:CHAIN POLICY [p:b]`, `-A ...`, COMMIT
  | 'restore' // iptables-restore input as in Istio's goldens: `* nat`, `-N`, `-A`, `-I`
  | 'list' // `iptables -L [-n] [-v]` table view
  | 'command'; // full `iptables -t nat -A ...` command lines

/** An inclusive range of ports. */
export interface PortRange {
  from: number;
  to: number;
}

/** An inclusive range of numeric ids (uid/gid). */
export interface IdRange {
  from: number;
  to: number;
}


export interface MarkValue {
  value: number;
  mask: number;
}

export type Match =
  | { kind: 'protocol'; negated: boolean; protocol: string }
  | { kind: 'source' | 'destination'; negated: boolean; cidrs: Cidr[] }
  | { kind: 'inInterface' | 'outInterface'; negated: boolean; name: string }
  /** `ports` is multiport `--ports` (source or destination). */
  | { kind: 'dport' | 'sport' | 'ports'; negated: boolean; ranges: PortRange[] }
  | { kind: 'owner'; negated: boolean; field: 'uid' | 'gid'; range: IdRange }
  | { kind: 'mark' | 'connmark'; negated: boolean; mark: MarkValue }
  | { kind: 'conntrack'; negated: boolean; states: string[] }
  | { kind: 'socket'; options: string[] }
  | { kind: 'comment'; text: string }
  /** Anything the parser does not model, kept so it stays visible. */
  | { kind: 'other'; module: string | null; text: string };

export type Target =
  | { kind: 'RETURN' | 'ACCEPT' | 'DROP' }
  | { kind: 'REJECT'; rejectWith: string | null }
  | { kind: 'REDIRECT'; toPorts: PortRange | null }
  | { kind: 'TPROXY'; onPort: number | null; onIp: string | null; tproxyMark: MarkValue | null }
  | { kind: 'MARK'; op: 'set' | 'xset' | 'and' | 'or' | 'xor'; mark: MarkValue }
  | { kind: 'CONNMARK'; options: string }
  | { kind: 'CT'; zone: number | null; options: string }
  | { kind: 'LOG'; options: string }
  | { kind: 'jump' | 'goto'; chain: string }
  /** A target extension the parser does not model (DNAT, MASQUERADE, ...). */
  | { kind: 'extension'; name: string; options: string };

export interface Rule {
  /** 1-based line of the rule in the source file. */
  line: number;
  /** The source line as written (without the line break). */
  text: string;
  matches: Match[];
  /** null when the rule has no target (a counting rule). */
  target: Target | null;
}

export interface Chain {
  name: string;
  builtin: boolean;
  /** ACCEPT/DROP for built-in chains; null for user chains. */
  policy: 'ACCEPT' | 'DROP' | null;
  /** Line that declared the chain (`:X`, `-N X`, `Chain X (...)`); null when implicit. */
  line: number | null;
  /** Line that set the policy (`:X ACCEPT`, `-P X DROP`, `Chain X (policy ...)`); null when implicit. */
  policyLine: number | null;
  rules: Rule[];
}

export interface Table {
  name: string;
  /** Line of the table header (`*nat`); null when the table is implied (list view, commands). */
  line: number | null;
  chains: Chain[];
}

/** One family's rule set: one iptables-save dump, one table view, or the file's command lines. */
export interface FamilyRules {
  file: string;
  family: Family;
  /** Why this family was chosen: an explicit marker, the addresses in the rules, or position. */
  familyFrom: 'marker' | 'addresses' | 'position';
  format: RulesetFormat;
  /** First line of this rule set in the file. */
  line: number;
  tables: Table[];
  /** Limits of the input format that matter to consumers (e.g. `-L` without `-v` hides interfaces). */
  caveats: string[];
}

export interface ParseError {
  line: number;
  /** 1-based column of the offending text. */
  column: number;
  /** The offending text (a token or the rest of the line). */
  text: string;
  /** What the parser expected there. */
  expected: string;
}

export interface IptablesParse {
  file: string;
  families: FamilyRules[];
  errors: ParseError[];
}

/** One iptables input of the proxy, parsed (rules with their lines, and the lines that could not be parsed). */
export interface IptablesInput {
  /** Index of the input in the run (the same index Origin.input uses). */
  input: number;
  file: string;
  parse: IptablesParse;
}
