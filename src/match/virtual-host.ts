// Virtual host selection by :authority (Envoy RouteConfiguration / VirtualHost.domains docs).
import type { RouteConfigNode, VirtualHostNode } from '../generated/graph.js';

export type DomainKind = 'exact' | 'suffix' | 'prefix' | 'any';

export interface VirtualHostSelection {
  vhost?: VirtualHostNode;
  /** The domain entry that matched. */
  domain?: string;
  kind?: DomainKind;
  /** The host actually compared: lower-cased, and without its port under ignore_port_in_host_matching. */
  host: string;
  reason: string;
}

/** The host without a trailing `:port` (IPv6 literals keep their brackets: `[::1]:80` → `[::1]`). */
export function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end < 0 ? host : host.slice(0, end + 1);
  }
  const colon = host.lastIndexOf(':');
  return colon >= 0 && host.indexOf(':') === colon && /^\d+$/.test(host.slice(colon + 1)) ? host.slice(0, colon) : host;
}

export function domainKind(domain: string): DomainKind {
  if (domain === '*') return 'any';
  if (domain.startsWith('*')) return 'suffix';
  if (domain.endsWith('*')) return 'prefix';
  return 'exact';
}

/** Whether one domain entry matches the (lower-cased) host. Wildcards never match the empty string. */
export function domainMatches(domain: string, host: string): boolean {
  const d = domain.toLowerCase();
  switch (domainKind(d)) {
    case 'any':
      return true;
    case 'exact':
      return d === host;
    case 'suffix':
      return host.length > d.length - 1 && host.endsWith(d.slice(1));
    case 'prefix':
      return host.length > d.length - 1 && host.startsWith(d.slice(0, -1));
  }
}

/**
 * Envoy's RouteMatcher::findVirtualHost: the host is lower-cased; an exact domain wins, then the longest suffix
 * wildcard (`*.foo.com`, `*-bar.foo.com`), then the longest prefix wildcard (`foo.*`), then the `*` virtual host.
 * "The wildcard will not match the empty string" (VirtualHost.domains docs). With ignore_port_in_host_matching the
 * port is dropped from the host first; otherwise `foo:80` does not match a domain `foo`.
 */
export function selectVirtualHost(routeConfig: RouteConfigNode, authority: string): VirtualHostSelection {
  return virtualHostIndex(routeConfig)(authority);
}

/** Why no virtual host matched. */
function selectionReason(routeConfig: RouteConfigNode, host: string): string {
  const port = host !== stripPort(host) ? ' (the port is part of the host; no domain lists it and ignore_port_in_host_matching is off)' : '';
  return `no domain of the ${routeConfig.virtualHosts.length} virtual host(s) matches "${host}"${port}`;
}

/** Which domain matched, and by which of Envoy's rules. */
function matchReason(kind: DomainKind, domain: string, host: string): string {
  const how = { exact: 'exact domain', suffix: 'longest suffix wildcard', prefix: 'longest prefix wildcard', any: 'catch-all domain' }[kind];
  return `${how} "${domain}" matches "${host}"`;
}

/**
 * selectVirtualHost for many hosts of one route configuration: exact domains in a map, the few wildcards in a list,
 * so each lookup costs a map probe instead of a pass over every domain (a mesh route configuration has tens of
 * thousands). The first of equal domains wins, as in Envoy.
 */
export function virtualHostIndex(routeConfig: RouteConfigNode): (authority: string) => VirtualHostSelection {
  const exact = new Map<string, { vhost: VirtualHostNode; domain: string }>();
  const wildcards: Array<{ vhost: VirtualHostNode; domain: string; kind: DomainKind }> = [];
  for (const vhost of routeConfig.virtualHosts) {
    for (const domain of vhost.domains) {
      const kind = domainKind(domain);
      const lower = domain.toLowerCase();
      if (kind === 'exact') {
        if (!exact.has(lower)) exact.set(lower, { vhost, domain });
      } else wildcards.push({ vhost, domain, kind });
    }
  }
  const rank: Record<DomainKind, number> = { exact: 3, suffix: 2, prefix: 1, any: 0 };
  return (authority) => {
    const host = (routeConfig.ignorePortInHostMatching ? stripPort(authority) : authority).toLowerCase();
    const hit = exact.get(host);
    let best: { vhost: VirtualHostNode; domain: string; kind: DomainKind } | undefined = hit ? { ...hit, kind: 'exact' } : undefined;
    for (const w of hit ? [] : wildcards) {
      if (!domainMatches(w.domain, host)) continue;
      if (!best || rank[w.kind] > rank[best.kind] || (rank[w.kind] === rank[best.kind] && w.domain.length > best.domain.length)) best = w;
    }
    if (!best) return { host, reason: selectionReason(routeConfig, host) };
    return { vhost: best.vhost, domain: best.domain, kind: best.kind, host, reason: matchReason(best.kind, best.domain, host) };
  };
}
