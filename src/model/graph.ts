// The proxy graph: listeners → filter chains → route configurations → virtual hosts → routes → clusters →
// endpoints, with every reference an edge and every unresolved reference a first-class entry. No I/O here.
import type {
  ClusterNode,
  EndpointsNode,
  FilterChainNode,
  ListenerNode,
  Origin,
  Reference,
  ResourceState,
  RouteConfigNode,
  RouteNode,
  VirtualHostNode,
} from '../generated/graph.js';
import type { ResourceType } from '../load/classify.js';
import type { NodeInfo } from '../load/resources.js';

export type { NodeInfo };
export type {
  ClusterNode,
  EndpointsNode,
  FilterChainNode,
  ListenerNode,
  Origin,
  Reference,
  RouteConfigNode,
  RouteNode,
  VirtualHostNode,
};

/** A rejected (NACKed) update kept by the proxy as error_state. */
export interface RejectedUpdate {
  type: ResourceType;
  name: string;
  details: string;
  origin: Origin;
}

/** A value that breaks Envoy's API, found while loading. */
export interface ValueProblem {
  origin: Origin;
  message: string;
  resource?: { type: ResourceType; name: string };
}

/** Something about the inputs worth saying once (a section not checked, a bootstrap with dynamic resources...). */
export interface GraphNote {
  origin: Origin;
  message: string;
}

export interface GraphInit {
  listeners: ListenerNode[];
  routeConfigs: RouteConfigNode[];
  clusters: ClusterNode[];
  endpoints: EndpointsNode[];
  rejections: RejectedUpdate[];
  sections: Set<ResourceType>;
  notes: GraphNote[];
  problems: ValueProblem[];
  node?: NodeInfo;
  /** Inputs that carried at least one section, in order: findings about the whole proxy are placed on the first. */
  inputs: number[];
  /** Where the proxy's first document starts: findings about the whole proxy point there. */
  origin?: Origin;
}

function indexBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** States in which a resource serves traffic or is about to (warming is on its way in). */
const LIVE_STATES: ReadonlySet<ResourceState> = new Set<ResourceState>(['static', 'active', 'warming', 'inline']);

/** Whether a resource in this state serves traffic or is about to: not draining, not rejected. */
export function isLive(state: ResourceState): boolean {
  return LIVE_STATES.has(state);
}

export class ProxyGraph {
  readonly listeners: readonly ListenerNode[];
  readonly routeConfigs: readonly RouteConfigNode[];
  readonly clusters: readonly ClusterNode[];
  readonly endpoints: readonly EndpointsNode[];
  readonly rejections: readonly RejectedUpdate[];
  readonly notes: readonly GraphNote[];
  readonly problems: readonly ValueProblem[];
  /** The node's id, from the bootstrap. */
  readonly nodeId: string | undefined;
  /** What the bootstrap says about the proxy (node id, metadata, Envoy version, xDS server). */
  readonly node: NodeInfo | undefined;
  readonly inputs: readonly number[];
  /** Where findings about the whole proxy point: the start of its first document (an egctl map's leaf, or line 1). */
  readonly origin: Origin;
  /** Every reference in the graph, in input order. */
  readonly references: readonly Reference[];
  private readonly sections: ReadonlySet<ResourceType>;
  private readonly routeConfigsByName: Map<string, RouteConfigNode[]>;
  private readonly clustersByName: Map<string, ClusterNode[]>;
  private readonly endpointsByName: Map<string, EndpointsNode[]>;
  private readonly referencesByTarget: Map<string, Reference[]>;
  private readonly listenersByPort: Map<string, ListenerNode[]>;
  private danglingChains: ReadonlySet<Reference> = new Set();

  constructor(init: GraphInit) {
    this.listeners = init.listeners;
    this.routeConfigs = init.routeConfigs;
    this.clusters = init.clusters;
    this.endpoints = init.endpoints;
    this.rejections = init.rejections;
    this.notes = init.notes;
    this.problems = init.problems;
    this.node = init.node;
    this.nodeId = init.node?.id;
    this.inputs = init.inputs;
    this.origin = init.origin ?? { input: init.inputs[0] ?? 0, pointer: '' };
    this.sections = init.sections;
    this.references = collectReferences(init);
    this.routeConfigsByName = indexBy(init.routeConfigs.filter((r) => isLive(r.state)), (r) => r.name);
    this.clustersByName = indexBy(init.clusters.filter((c) => isLive(c.state)), (c) => c.name);
    this.endpointsByName = indexBy(init.endpoints, (e) => e.clusterName);
    this.referencesByTarget = indexBy(this.references, (r) => `${r.targetKind}\u0000${r.name}`);
    this.listenersByPort = indexBy(
      init.listeners.filter((l) => l.port !== undefined),
      (l) => String(l.port),
    );
  }

  /** Set once by the builder: filter_chain_matcher names that match no chain of their own listener. */
  setDanglingChains(refs: readonly Reference[]): void {
    this.danglingChains = new Set(refs);
  }

  /** Whether the inputs carried the section that holds resources of this type (else absence proves nothing). */
  hasSection(type: ResourceType): boolean {
    return this.sections.has(type);
  }

  routeConfig(name: string): RouteConfigNode | undefined {
    return this.routeConfigsByName.get(name)?.[0];
  }

  cluster(name: string): ClusterNode | undefined {
    return this.clustersByName.get(name)?.[0];
  }

  /** The load assignment an EDS cluster reads (by service name), or the cluster's own name. */
  endpointsFor(cluster: ClusterNode): EndpointsNode | undefined {
    return this.endpointsByName.get(cluster.edsServiceName ?? cluster.name)?.[0];
  }

  referencesTo(targetKind: Reference['targetKind'], name: string): readonly Reference[] {
    return this.referencesByTarget.get(`${targetKind}\u0000${name}`) ?? [];
  }

  listenersOnPort(port: number): readonly ListenerNode[] {
    return this.listenersByPort.get(String(port)) ?? [];
  }

  /** Whether a reference's target exists; undefined when the section that would hold it is absent. */
  resolves(ref: Reference): boolean | undefined {
    switch (ref.targetKind) {
      case 'route_config':
        return this.hasSection('route_config') ? this.routeConfig(ref.name) !== undefined : undefined;
      case 'cluster':
        return this.hasSection('cluster') ? this.cluster(ref.name) !== undefined : undefined;
      case 'filter_chain':
        return !this.danglingChains.has(ref); // resolved at build time against the listener's own chains
    }
  }

  /** References whose target is known to be missing: the graph's first-class dangling edges. */
  unresolved(): Reference[] {
    return this.references.filter((r) => this.resolves(r) === false);
  }
}

function collectReferences(init: GraphInit): Reference[] {
  const out: Reference[] = [];
  const chainRefs = (chain: FilterChainNode): void => {
    if (chain.httpConnectionManager?.rds) out.push(chain.httpConnectionManager.rds);
    if (chain.tcpProxy) out.push(...chain.tcpProxy.clusters);
  };
  // A draining listener (and the routes inlined in it) is on its way out: what it names may already be gone, and
  // nothing new reaches it, so its references are not the proxy's.
  for (const listener of init.listeners) {
    if (listener.state === 'draining') continue;
    out.push(...listener.references);
    listener.filterChains.forEach(chainRefs);
    if (listener.defaultFilterChain) chainRefs(listener.defaultFilterChain);
  }
  for (const routeConfig of init.routeConfigs) {
    if (routeConfig.state === 'draining') continue;
    for (const vhost of routeConfig.virtualHosts) for (const route of vhost.routes) out.push(...route.references);
  }
  return out;
}
