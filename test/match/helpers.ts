// Hand-built graph nodes for the matcher's unit tests.
import type { FilterChainMatchSummary, FilterChainNode, HeaderMatch, ListenerNode, RouteConfigNode, RouteMatchSummary, RouteNode, VirtualHostNode } from '../../src/generated/graph.js';

const origin = { input: 0, pointer: '' };

export function route(match: Partial<RouteMatchSummary>, cluster = 'c', index = 0): RouteNode {
  return { index, displayName: `route ${index}`, action: 'cluster', references: [], origin: { input: 0, pointer: `/routes/${index}` }, match: { caseSensitive: true, headers: [], queryParameters: [], ...match }, actionDetails: { cluster } };
}

export function header(name: string, kind: HeaderMatch['kind'], value?: string, extra: Partial<HeaderMatch> = {}): HeaderMatch {
  return { name, kind, invert: false, ...(value !== undefined ? { value } : {}), ...extra };
}

export function vhost(name: string, domains: string[], routes: RouteNode[] = []): VirtualHostNode {
  return { name, domains, routes, origin };
}

export function routeConfig(vhosts: VirtualHostNode[], extra: Partial<RouteConfigNode> = {}): RouteConfigNode {
  return { name: 'rc', state: 'active', virtualHosts: vhosts, origin, ...extra };
}

export function chain(index: number, match: FilterChainMatchSummary, name?: string): FilterChainNode {
  return { index, displayName: `chain ${name ?? index}`, isDefault: index < 0, match, origin: { input: 0, pointer: `/filter_chains/${index}` }, ...(name ? { name } : {}) };
}

export function listener(name: string, address: string, port: number, chains: FilterChainNode[], extra: Partial<ListenerNode> = {}): ListenerNode {
  return { name, state: 'active', address, port, bindToPort: true, useOriginalDst: false, filterChains: chains, references: [], origin, ...extra };
}
