// The listener binding model: which listeners accept connections on a port of their own, which are reachable only by
// hand-off from a `use_original_dst` listener (Istio's 15001), and what that listener's own chains do with a
// connection no other listener takes. No I/O; everything is read from the graph.
import { BLOCK_ALL_VIRTUAL_HOST, INBOUND_CAPTURE_PORT, isBlackHoleName, PASSTHROUGH_CLUSTER, VIRTUAL_INBOUND } from './istio.js';
import { isLive, type RejectedUpdate, type ClusterNode, type FilterChainNode, type ListenerNode, type Origin, type ProxyGraph, type RouteConfigNode, type VirtualHostNode } from './graph.js';

/** What 15001's own filter chains do with a connection that no other listener takes. */
export type FallbackKind =
  /** PassthroughCluster (ORIGINAL_DST): the connection leaves for its original destination, unmanaged (ALLOW_ANY). */
  | 'passthrough'
  /** BlackHoleCluster (no endpoints) or an HTTP block_all virtual host: the connection dies (REGISTRY_ONLY). */
  | 'blackhole'
  /** Some other cluster (an egress proxy...). */
  | 'other'
  /** No catch-all chain: Envoy closes the connection (no matching filter chain). */
  | 'none';

export interface OutboundFallback {
  kind: FallbackKind;
  listener: ListenerNode;
  chain?: FilterChainNode;
  /** The cluster the fallback sends to (tcp_proxy cluster, or the catch-all virtual host's route cluster). */
  cluster?: string;
  /** The value that decides the fallback: the cluster reference, else the chain, else the listener. */
  origin: Origin;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

export function isWildcardAddress(address: string | undefined): boolean {
  return address === undefined || WILDCARDS.has(address);
}

/** A filter chain that takes connections to any destination (no port, address, SNI, protocol or source condition). */
export function isCatchAllChain(chain: FilterChainNode): boolean {
  const m = chain.match;
  if (m.destinationPort !== undefined) return false;
  if (m.prefixRanges && !m.prefixRanges.some((r) => r.endsWith('/0'))) return false;
  if (m.serverNames?.length || m.applicationProtocols?.length || m.sourcePorts?.length) return false;
  if (m.transportProtocol !== undefined && m.transportProtocol !== 'raw_buffer') return false;
  if (m.sourcePrefixRanges && !m.sourcePrefixRanges.some((r) => r.endsWith('/0'))) return false;
  if (m.sourceType !== undefined && m.sourceType !== 'ANY') return false;
  return true;
}

/** The virtual host that takes every domain (`*`) in a route configuration, if any. */
export function catchAllVirtualHost(routeConfig: RouteConfigNode): VirtualHostNode | undefined {
  return routeConfig.virtualHosts.find((vh) => vh.domains.includes('*'));
}

/** Istio's REGISTRY_ONLY HTTP catch-all: a `block_all` virtual host, or one whose only cluster is BlackHoleCluster. */
export function isBlockAll(vhost: VirtualHostNode): boolean {
  if (vhost.name === BLOCK_ALL_VIRTUAL_HOST) return true;
  const refs = vhost.routes.flatMap((r) => r.references);
  return refs.length > 0 && refs.every((r) => isBlackHoleName(r.name));
}

export { isBlackHoleName, parseIstioClusterName, type IstioClusterName } from './istio.js';

export class BindingModel {
  /** Whether the inputs carried listeners at all (else absence proves nothing). */
  readonly hasListeners: boolean;
  /** Live listeners (static, active, warming) with an IP address and port. */
  readonly live: readonly ListenerNode[];
  /** Listeners that own a socket: live, `bind_to_port` not false, not internal. */
  readonly bound: readonly ListenerNode[];
  /** Bound listeners with `use_original_dst` (Istio's virtualOutbound on 15001). */
  readonly originalDst: readonly ListenerNode[];
  /** Istio's virtual inbound listener (virtualInbound on 15006): bound, no hand-off, named so or on 15006. */
  readonly inbound: ListenerNode | undefined;

  /** Live listeners by port, and 15001's own chains by destination port: per-port questions are asked per service. */
  private readonly liveByPort = new Map<number, ListenerNode[]>();
  private readonly ownChainsByPort = new Map<number, FilterChainNode[]>();
  private readonly originalDstSet: ReadonlySet<ListenerNode>;

  constructor(private readonly graph: ProxyGraph) {
    this.hasListeners = graph.hasSection('listener');
    this.live = graph.listeners.filter((l) => isLive(l.state) && !l.internal && l.port !== undefined);
    this.bound = this.live.filter((l) => l.bindToPort);
    this.originalDst = this.bound.filter((l) => l.useOriginalDst);
    this.originalDstSet = new Set(this.originalDst);
    for (const l of this.live) {
      const list = this.liveByPort.get(l.port ?? 0);
      if (list) list.push(l);
      else this.liveByPort.set(l.port ?? 0, [l]);
    }
    for (const l of this.originalDst) {
      for (const c of l.filterChains) {
        if (c.match.destinationPort === undefined) continue;
        const list = this.ownChainsByPort.get(c.match.destinationPort);
        if (list) list.push(c);
        else this.ownChainsByPort.set(c.match.destinationPort, [c]);
      }
    }
    this.inbound =
      this.bound.find((l) => !l.useOriginalDst && l.name === VIRTUAL_INBOUND) ??
      this.bound.find((l) => !l.useOriginalDst && l.port === INBOUND_CAPTURE_PORT);
  }

  /**
   * Whether the listeners in the inputs can be taken as the proxy's whole runtime set, so that a missing listener is
   * really missing: a sidecar's listeners (15001 or 15006 present), a full /config_dump (it carries the node id), or a
   * fully static bootstrap. Not: an istioctl listing filtered by port, or a bootstrap that fetches listeners at run
   * time (dynamic_resources).
   */
  get listenersComplete(): boolean {
    if (!this.hasListeners) return false;
    if (this.isSidecar || this.inbound) return true;
    const fromBootstrap = this.graph.listeners.length > 0 && this.graph.listeners.every((l) => l.origin.pointer.startsWith('/static_resources/'));
    if (fromBootstrap || this.graph.listeners.length === 0) {
      return this.graph.nodeId !== undefined && !this.graph.notes.some((n) => n.message.includes('dynamic_resources'));
    }
    return this.graph.nodeId !== undefined;
  }

  /** Listeners on the port that Envoy rejected (error_state). */
  /** Listener updates on this port that the proxy refused (error_state): why nothing may listen there. */
  rejectedOn(port: number): RejectedUpdate[] {
    return this.graph.rejections.filter((r) => r.type === 'listener' && r.port === port);
  }

  /** A sidecar captures outbound traffic with a use_original_dst listener; gateways have none. */
  get isSidecar(): boolean {
    return this.originalDst.length > 0;
  }

  /** Listeners that accept connections on the port themselves. */
  boundOn(port: number): ListenerNode[] {
    return this.liveOn(port).filter((l) => l.bindToPort);
  }

  /** Live listeners with the port, bound or not. */
  liveOn(port: number): ListenerNode[] {
    return this.liveByPort.get(port) ?? [];
  }

  /** Live listeners with the port that do not bind it: reachable only by hand-off. */
  handoffOnly(port: number): ListenerNode[] {
    return this.liveOn(port).filter((l) => !l.bindToPort);
  }

  /**
   * The listener a use_original_dst listener hands a connection to: the one whose address is the original destination
   * exactly, else the wildcard listener on that port. `address` undefined asks for the wildcard only.
   */
  handoff(address: string | undefined, port: number): ListenerNode | undefined {
    const candidates = this.liveOn(port).filter((l) => !this.originalDstSet.has(l));
    return (address !== undefined ? candidates.find((l) => l.address === address) : undefined) ?? candidates.find((l) => isWildcardAddress(l.address));
  }

  /** Chains of the use_original_dst listeners that match the destination port themselves. */
  ownChainsFor(port: number): FilterChainNode[] {
    return this.ownChainsByPort.get(port) ?? [];
  }

  /**
   * Whether an outbound connection to some service address on the port is taken by a listener of its own: any live
   * listener on that port (a wildcard one, or one for a service address), or a chain of 15001 that matches the port.
   */
  handlesOutboundPort(port: number): boolean {
    return this.liveOn(port).some((l) => !this.originalDstSet.has(l) && l !== this.inbound) || this.ownChainsFor(port).length > 0;
  }

  /** Filter chains of the virtual inbound listener by destination port (its own port excluded: that is a loop guard). */
  inboundChainPorts(): Map<number, FilterChainNode[]> {
    const out = new Map<number, FilterChainNode[]>();
    const listener = this.inbound;
    if (!listener) return out;
    for (const chain of listener.filterChains) {
      const port = chain.match.destinationPort;
      if (port === undefined || port === listener.port) continue;
      if (chain.tcpProxy?.clusters.every((c) => isBlackHoleName(c.name)) && chain.tcpProxy.clusters.length > 0) continue;
      const list = out.get(port);
      if (list) list.push(chain);
      else out.set(port, [chain]);
    }
    return out;
  }

  /** What the (first) use_original_dst listener's own chains do with a connection no other listener takes. */
  outboundFallback(): OutboundFallback | undefined {
    const listener = this.originalDst[0];
    if (!listener) return undefined;
    const chains = [...listener.filterChains, ...(listener.defaultFilterChain ? [listener.defaultFilterChain] : [])];
    const chain = chains.find(isCatchAllChain);
    if (!chain) return { kind: 'none', listener, origin: listener.nameOrigin ?? listener.origin };
    const tcp = chain.tcpProxy?.clusters[0];
    if (tcp) return { kind: this.classify(tcp.name), listener, chain, cluster: tcp.name, origin: tcp.origin };
    const hcm = chain.httpConnectionManager;
    const routeConfig = hcm?.rds ? this.graph.routeConfig(hcm.rds.name) : hcm?.inlineRouteConfig ? this.graph.routeConfigs.find((r) => r.name === hcm.inlineRouteConfig) : undefined;
    const vhost = routeConfig ? catchAllVirtualHost(routeConfig) : undefined;
    if (vhost) {
      const ref = vhost.routes.flatMap((r) => r.references)[0];
      if (isBlockAll(vhost)) return { kind: 'blackhole', listener, chain, ...(ref ? { cluster: ref.name } : {}), origin: ref?.origin ?? vhost.nameOrigin ?? vhost.origin };
      if (ref) return { kind: this.classify(ref.name), listener, chain, cluster: ref.name, origin: ref.origin };
    }
    return { kind: 'other', listener, chain, origin: chain.origin };
  }

  private classify(clusterName: string): FallbackKind {
    if (isBlackHoleName(clusterName)) return 'blackhole';
    if (clusterName === PASSTHROUGH_CLUSTER) return 'passthrough';
    const cluster: ClusterNode | undefined = this.graph.cluster(clusterName);
    if (cluster?.discoveryType === 'ORIGINAL_DST') return 'passthrough';
    return 'other';
  }
}

export function bindingModel(graph: ProxyGraph): BindingModel {
  return new BindingModel(graph);
}
