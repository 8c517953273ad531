// Filter chain selection in one listener (Envoy listener_components.proto, FilterChainMatch): ALL criteria of a chain
// must hold, and the criteria are applied in this order — destination port, destination IP, server name,
// transport protocol, application protocols, source type, source IP, source port — where "for criteria that allow
// ranges or wildcards, the most specific value in any of the configured filter chains that matches the incoming
// connection is going to be used". The docs add: "prune the filter chain set using the above steps; in each step,
// filter chains which most specifically match the attributes continue to the next step". So there is no backtracking:
// once a more specific value matched at one step, a later step that eliminates those chains leaves none, even if a
// less specific chain would have fit. No chain left → default_filter_chain, else the connection is closed (NR).
import type { FilterChainNode, ListenerNode } from '../generated/graph.js';
import { evaluateChainMatcher, type MatcherEvaluation } from './chain-matcher.js';
import { isLoopback, longestMatch } from './ip.js';
import type { Connection } from './request.js';

export type Criterion =
  | 'destination_port'
  | 'prefix_ranges'
  | 'server_names'
  | 'transport_protocol'
  | 'application_protocols'
  | 'direct_source_prefix_ranges'
  | 'source_type'
  | 'source_prefix_ranges'
  | 'source_ports';

export interface PruneStep {
  criterion: Criterion;
  /** What the connection has for this criterion. */
  value: string;
  /** The value chains had to have to survive this step (`any` when the generic chains survived). */
  kept: string;
  /** Chains dropped at this step. */
  dropped: FilterChainNode[];
}

export interface FilterChainSelection {
  chain?: FilterChainNode;
  /** True when no chain matched and default_filter_chain took the connection. */
  viaDefault: boolean;
  steps: PruneStep[];
  /** More than one chain survived every step: Envoy rejects such a listener; the first is reported as chosen. */
  ambiguous: FilterChainNode[];
  /** Set when the chain cannot be told: the filter_chain_matcher input (or matcher) the connection does not give. */
  unevaluated?: string;
  /** For a listener with filter_chain_matcher: how the tree was walked. */
  matcher?: MatcherEvaluation;
  reason: string;
}

type Pick = (chains: FilterChainNode[]) => { kept: FilterChainNode[]; label: string };

/** Keep the chains whose criterion has the specific value; else the ones that do not set the criterion. */
function specificOrAny(has: (c: FilterChainNode) => boolean, matches: (c: FilterChainNode) => boolean, label: string): Pick {
  return (chains) => {
    const specific = chains.filter((c) => has(c) && matches(c));
    if (specific.length > 0) return { kept: specific, label };
    return { kept: chains.filter((c) => !has(c)), label: 'any (chains that do not set it)' };
  };
}

/** Longest-prefix selection over CIDR lists (prefix_ranges / source_prefix_ranges). */
function longestPrefix(ranges: (c: FilterChainNode) => string[] | undefined, address: string | undefined): Pick {
  return (chains) => {
    const has = (c: FilterChainNode): boolean => (ranges(c)?.length ?? 0) > 0;
    if (address !== undefined) {
      let best = -1;
      for (const c of chains) if (has(c)) best = Math.max(best, longestMatch(ranges(c) ?? [], address));
      if (best >= 0) return { kept: chains.filter((c) => has(c) && longestMatch(ranges(c) ?? [], address) === best), label: `a range of /${best} containing ${address}` };
    }
    return { kept: chains.filter((c) => !has(c)), label: 'any (chains that do not set it)' };
  };
}

/** Server name: exact, then `*.example.com`, then `*.com` (the docs' example), then chains without server_names. */
function serverNames(sni: string | undefined): Pick {
  return (chains) => {
    const has = (c: FilterChainNode): boolean => (c.match.serverNames?.length ?? 0) > 0;
    if (sni) {
      const name = sni.toLowerCase();
      const candidates = [name];
      const labels = name.split('.');
      for (let i = 1; i < labels.length; i++) candidates.push(`*.${labels.slice(i).join('.')}`);
      for (const candidate of candidates) {
        const kept = chains.filter((c) => c.match.serverNames?.some((s) => s.toLowerCase() === candidate));
        if (kept.length > 0) return { kept, label: `"${candidate}"` };
      }
    }
    return { kept: chains.filter((c) => !has(c)), label: 'any (chains that do not set it)' };
  };
}

/** ALPN: the connection's protocols in order; the first one some chain lists wins, else chains without the criterion. */
function applicationProtocols(alpn: readonly string[]): Pick {
  return (chains) => {
    for (const p of alpn) {
      const kept = chains.filter((c) => c.match.applicationProtocols?.includes(p));
      if (kept.length > 0) return { kept, label: `"${p}"` };
    }
    return { kept: chains.filter((c) => !(c.match.applicationProtocols?.length)), label: 'any (chains that do not set it)' };
  };
}

/** SAME_IP_OR_LOOPBACK for a loopback source or one equal to the destination, else EXTERNAL; ANY matches both. */
function sourceType(conn: Connection): { pick: Pick; value: string } {
  const local = conn.sourceIp !== undefined && (isLoopback(conn.sourceIp) || conn.sourceIp === conn.destinationIp);
  const type = local ? 'SAME_IP_OR_LOOPBACK' : 'EXTERNAL';
  const has = (c: FilterChainNode): boolean => c.match.sourceType !== undefined && c.match.sourceType !== 'ANY';
  return { pick: specificOrAny(has, (c) => c.match.sourceType === type, type), value: conn.sourceIp === undefined ? `${type} (source unknown, assumed)` : type };
}

export function chainsOf(listener: ListenerNode): FilterChainNode[] {
  return listener.filterChains;
}

export function usesFilterChainMatcher(listener: ListenerNode): boolean {
  return listener.filterChainMatcher !== undefined || listener.references.some((r) => r.via === 'filter_chain_matcher');
}

/**
 * filter_chain_matcher replaces filter_chain_match ("the filter chain match field is ignored"). Its action names a
 * chain, looked up among filter_chains only (FilterChainManagerImpl::findFilterChainUsingMatcher): a name that is
 * not there closes the connection; default_filter_chain serves only when the tree matches nothing.
 */
function selectByMatcher(listener: ListenerNode, conn: Connection): FilterChainSelection {
  const base = { viaDefault: false, steps: [], ambiguous: [] };
  const tree = listener.filterChainMatcher;
  if (!tree) {
    return { ...base, unevaluated: 'filter_chain_matcher', reason: `listener ${listener.name} picks its chain with filter_chain_matcher, whose tree the inputs do not carry` };
  }
  const matcher = evaluateChainMatcher(tree, conn);
  if (matcher.outcome === 'unevaluated') {
    return { ...base, matcher, unevaluated: matcher.input, reason: `filter_chain_matcher reads ${matcher.input}, which envoy-lint cannot tell for this connection: ${matcher.reason}` };
  }
  if (matcher.outcome === 'no_match') {
    if (listener.defaultFilterChain) return { ...base, matcher, chain: listener.defaultFilterChain, viaDefault: true, reason: 'filter_chain_matcher matches nothing: default_filter_chain takes the connection' };
    return { ...base, matcher, reason: `filter_chain_matcher matches nothing for ${describeConnection(conn)} and there is no default_filter_chain: Envoy closes the connection (response flag NR)` };
  }
  const name = matcher.action.chain;
  if (name === undefined) {
    return { ...base, matcher, unevaluated: matcher.action.typeName || 'action', reason: `filter_chain_matcher ends in a ${matcher.action.typeName || 'typeless'} action, whose chain name is made at run time: envoy-lint does not evaluate it` };
  }
  const chain = listener.filterChains.find((c) => c.name === name);
  if (chain) return { ...base, matcher, chain, reason: `filter_chain_matcher picks "${name}"` };
  const isDefault = listener.defaultFilterChain?.name === name ? ' (the default_filter_chain\'s name does not count: Envoy looks among filter_chains only)' : '';
  return { ...base, matcher, reason: `filter_chain_matcher picks "${name}", which is not one of the listener's filter_chains${isDefault}: Envoy closes the connection (response flag NR)` };
}

export function selectFilterChain(listener: ListenerNode, conn: Connection): FilterChainSelection {
  const steps: PruneStep[] = [];
  if (usesFilterChainMatcher(listener)) return selectByMatcher(listener, conn);
  const st = sourceType(conn);
  const stages: Array<{ criterion: Criterion; value: string; pick: Pick }> = [
    { criterion: 'destination_port', value: String(conn.destinationPort), pick: specificOrAny((c) => c.match.destinationPort !== undefined, (c) => c.match.destinationPort === conn.destinationPort, String(conn.destinationPort)) },
    { criterion: 'prefix_ranges', value: conn.destinationIp, pick: longestPrefix((c) => c.match.prefixRanges, conn.destinationIp) },
    { criterion: 'server_names', value: conn.serverName ?? '(no SNI)', pick: serverNames(conn.serverName) },
    { criterion: 'transport_protocol', value: conn.transportProtocol, pick: specificOrAny((c) => c.match.transportProtocol !== undefined && c.match.transportProtocol !== '', (c) => c.match.transportProtocol === conn.transportProtocol, conn.transportProtocol) },
    { criterion: 'application_protocols', value: conn.applicationProtocols.join(',') || '(none)', pick: applicationProtocols(conn.applicationProtocols) },
    // The direct source is the peer's own address; without PROXY protocol it is the source address.
    { criterion: 'direct_source_prefix_ranges', value: conn.sourceIp ?? '(unknown)', pick: longestPrefix((c) => c.match.directSourcePrefixRanges, conn.sourceIp) },
    { criterion: 'source_type', value: st.value, pick: st.pick },
    { criterion: 'source_prefix_ranges', value: conn.sourceIp ?? '(unknown)', pick: longestPrefix((c) => c.match.sourcePrefixRanges, conn.sourceIp) },
    { criterion: 'source_ports', value: conn.sourcePort === undefined ? '(unknown)' : String(conn.sourcePort), pick: specificOrAny((c) => (c.match.sourcePorts?.length ?? 0) > 0, (c) => conn.sourcePort !== undefined && (c.match.sourcePorts ?? []).includes(conn.sourcePort), String(conn.sourcePort)) },
  ];
  let chains = [...listener.filterChains];
  for (const stage of stages) {
    if (chains.length === 0) break;
    const { kept, label } = stage.pick(chains);
    const dropped = chains.filter((c) => !kept.includes(c));
    if (dropped.length > 0) steps.push({ criterion: stage.criterion, value: stage.value, kept: label, dropped });
    chains = kept;
  }
  const [first] = chains;
  if (first) {
    const ambiguous = chains.length > 1 ? chains : [];
    const reason =
      listener.filterChains.length === 1 && steps.length === 0
        ? 'the only filter chain, and its criteria fit'
        : `the most specific chain for ${describeConnection(conn)}`;
    return { chain: first, viaDefault: false, steps, ambiguous, reason: ambiguous.length ? `${reason}; ${chains.length} chains have identical criteria (Envoy rejects such a listener)` : reason };
  }
  if (listener.defaultFilterChain) {
    return { chain: listener.defaultFilterChain, viaDefault: true, steps, ambiguous: [], reason: 'no filter chain matches: default_filter_chain takes the connection' };
  }
  return { viaDefault: false, steps, ambiguous: [], reason: `no filter chain matches ${describeConnection(conn)} and there is no default_filter_chain: Envoy closes the connection (response flag NR)` };
}

export function describeConnection(conn: Connection): string {
  const parts = [`${conn.destinationIp}:${conn.destinationPort}`, conn.transportProtocol];
  if (conn.serverName) parts.push(`SNI ${conn.serverName}`);
  if (conn.applicationProtocols.length) parts.push(`ALPN ${conn.applicationProtocols.join(',')}`);
  return parts.join(', ');
}
