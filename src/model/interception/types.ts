// Answers of the interception model.

import type { Family } from '../../load/iptables/index.js';

/** What the kernel does with the first packet of a TCP connection. */
export type Outcome =
  /** Not intercepted: a RETURN/ACCEPT rule, or nothing matched and the chain policy is ACCEPT. */
  | { kind: 'bypass'; via: 'RETURN' | 'ACCEPT' | 'policy' }
  /** nat REDIRECT to a local port; null keeps the original port. */
  | { kind: 'redirect'; toPort: number | null }
  /** mangle TPROXY to a local port; null keeps the original port. */
  | { kind: 'tproxy'; toPort: number | null }
  /** DROP or REJECT (or a DROP policy). */
  | { kind: 'drop'; via: 'DROP' | 'REJECT' | 'policy' }
  /** A terminating target the model does not interpret (DNAT, MASQUERADE, ...). */
  | { kind: 'other'; target: string };

/** The rule (or chain policy) that settled the outcome. `line` is null for an implicit policy. */
export interface DecidedBy {
  file: string;
  line: number | null;
  table: string;
  chain: string;
}

export interface PortOutcome {
  from: number;
  to: number;
  outcome: Outcome;
  decidedBy: DecidedBy;
}

/** A structural problem in the chains, located at the rule that causes it. */
export interface ChainProblem {
  kind: 'missing-chain' | 'loop';
  file: string;
  line: number;
  table: string;
  chain: string;
  target: string;
  message: string;
}

/** A rule whose match the model cannot evaluate; it is assumed not to match. */
export interface Unmodelled {
  file: string;
  line: number;
  text: string;
}

export interface InboundOptions {
  /** Interface the connection arrives on; default `eth0` (any non-loopback interface). */
  inInterface?: string;
  /** Source address; default: an address no rule names specifically. */
  source?: string | null;
}

export interface OutboundOptions {
  /** Owner of the connecting socket; null means unknown (owner matches do not match). */
  uid: number | null;
  gid?: number | null;
  /** Destination address; null means an address no rule names specifically (an external host). */
  destination?: string | null;
  /** Source address; default: the pod's address, which no rule names specifically. */
  source?: string | null;
  /** Default: `lo` for loopback destinations, else `eth0`. */
  outInterface?: string;
}

export interface FamilyInterception {
  family: Family;
  /** First line of the rule set in the file (a file may hold several of one family). */
  line: number;
  inbound: PortOutcome[];
  outbound: {
    /** An application (uid/gid `appUid`/`appGid`) to an external address. */
    app: PortOutcome[];
    /** The proxy's own uid/gid to an external address. */
    proxy: PortOutcome[];
    /** The application to 127.0.0.1 / ::1. */
    appToLoopback: PortOutcome[];
    /** The proxy to 127.0.0.1 / ::1. */
    proxyToLoopback: PortOutcome[];
  };
  problems: ChainProblem[];
  unmodelled: Unmodelled[];
  caveats: string[];
}
