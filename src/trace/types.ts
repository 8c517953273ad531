// What a trace answers: the hops a request takes through the proxy, and where it ends.
import type { Origin } from '../generated/graph.js';
import type { HttpRequest } from '../match/request.js';

export type HopStep =
  | 'iptables'
  | 'capture'
  | 'listener'
  | 'handoff'
  | 'filter_chain'
  | 'http_connection_manager'
  | 'tcp_proxy'
  | 'route_config'
  | 'virtual_host'
  | 'route'
  | 'cluster'
  | 'endpoints';

export interface Hop {
  step: HopStep;
  /** The resource's name (or display name). Absent when nothing matched at this step. */
  resource?: string;
  matched: boolean;
  /** Why this resource matched, or why nothing did. */
  reason: string;
  /** The others at this step and why they did not match (capped; `othersOmitted` counts the rest). */
  others?: Array<{ resource: string; reason: string }>;
  othersOmitted?: number;
  /** Where the resource (or the deciding value) is in the inputs. */
  origin?: Origin;
  /** For iptables hops: the deciding rule. */
  line?: { file: string; line: number | null };
  /** A weighted branch's weight. */
  weight?: number;
  /** For a filter_chain_matcher: each decision on the way through the tree, where it was made. */
  matcherSteps?: Array<{ description: string; origin: Origin }>;
}

export type OutcomeKind =
  | 'endpoints'
  | 'passthrough'
  | 'blackhole'
  | 'NR'
  | 'NC'
  | 'UH'
  | 'refused'
  | 'bypass'
  | 'dropped'
  | 'redirect'
  | 'direct_response'
  | 'split'
  | 'unknown';

export interface TraceOutcome {
  kind: OutcomeKind;
  summary: string;
  /** The access log response flag the proxy would write, when there is one (NR, NC, UH...). */
  responseFlag?: string;
  /** The HTTP status the client would get, when known. */
  status?: number;
  cluster?: string;
}

export interface TraceBranch {
  cluster: string;
  weight?: number;
  hops: Hop[];
  outcome: TraceOutcome;
}

export interface TraceRequest {
  /** The original destination the client connects to. */
  address: string;
  port: number;
  /** Outbound (the application calls out; default) or inbound (a peer calls the pod). */
  direction: 'outbound' | 'inbound';
  /** The uid/gid of the connecting process (outbound iptables owner matches; default 1000). */
  uid?: number;
  gid?: number;
  sourceIp?: string;
  sourcePort?: number;
  /** TLS from the client (set when an SNI or ALPN is given, or --tls). */
  tls?: boolean;
  sni?: string;
  alpn?: string[];
  /** The HTTP request, used when the chosen filter chain runs an HTTP connection manager. */
  http: HttpRequest;
  /**
   * Start at this listener instead of following capture and hand-off: for listeners a connection reaches another way
   * (an internal listener behind a waypoint's CONNECT tunnel, which trace does not follow).
   */
  listener?: string;
}

export interface TraceResult {
  request: TraceRequest;
  hops: Hop[];
  /** With weighted clusters: one branch per cluster. */
  branches?: TraceBranch[];
  outcome: TraceOutcome;
  warnings: string[];
}
