// The proxy graph: listeners → filter chains → route configurations → virtual hosts → routes → clusters →
// endpoints, with every reference an edge and every unresolved reference a first-class entry. No I/O here.
import type {
  ClusterNode,
  EndpointsNode,
  ExtensionConfigNode,
  FilterChainNode,
  ListenerNode,
  Origin,
  Reference,
  ResourceState,
  RouteConfigNode,
  RouteNode,
  SecretNode,
  VirtualHostNode,
} from '../generated/graph.js';
import type { ResourceState as LoaderResourceState, ResourceType } from '../load/types.js';
import type { NodeInfo } from '../load/resources.js';

export type { NodeInfo };
export type {
  ClusterNode,
  EndpointsNode,
  ExtensionConfigNode,
  SecretNode,
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
  /** For a listener: the port of the configuration Envoy refused. */
  port?: number;
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
  secrets?: SecretNode[];
  extensionConfigs?: ExtensionConfigNode[];
  rejections: RejectedUpdate[];
  sections: Set<ResourceType>;
  notes: GraphNote[];
  problems: ValueProblem[];
  node?: NodeInfo;
  /** Inputs that carried at least one section, in order: findings about the whole proxy are placed on the first. */
  inputs: number[];
  /** Where the proxy's first document starts: findings about the whole proxy point there. */
  origin?: Origin;
  /** The `configs` list of each config dump that holds nothing at all (see ResourceSet.emptyDump). */
  emptyDumps?: Origin[];
}

/** The items grouped by `key`, groups and their items in order of first appearance. */
export function indexBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

// The graph schema's ResourceState and the loader's are the same union (a compile-time check).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const RESOURCE_STATES_AGREE: Same<ResourceState, LoaderResourceState> = true;
void RESOURCE_STATES_AGREE;

/** States in which a resource serves traffic or is about to (warming is on its way in). */
const LIVE_STATES: ReadonlySet<ResourceState> = new Set<ResourceState>(['static', 'active', 'warming', 'inline']);

/** Envoy's circuit-breaker limits for a thresholds entry (or a cluster) that leaves them out (circuit_breaker.proto). */
export const ENVOY_CIRCUIT_BREAKER_DEFAULTS = { maxConnections: 1024, maxPendingRequests: 1024, maxRequests: 1024, maxRetries: 3 } as const;

/** Whether a resource in this state serves traffic or is about to: not draining, not rejected. */
export function isLive(state: ResourceState): boolean {
  return LIVE_STATES.has(state);
}

export class ProxyGraph {
  readonly listeners: readonly ListenerNode[];
  readonly routeConfigs: readonly RouteConfigNode[];
  readonly clusters: readonly ClusterNode[];
  readonly endpoints: readonly EndpointsNode[];
  /** SDS secrets of the SecretsConfigDump (static, active, warming). */
  readonly secrets: readonly SecretNode[];
  /** ECDS filter configs of the EcdsConfigDump. */
  readonly extensionConfigs: readonly ExtensionConfigNode[];
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
  /** The `configs` list of each config dump that holds nothing at all: no resource, rejection or static resource. */
  readonly emptyDumps: readonly Origin[];
  private readonly sections: ReadonlySet<ResourceType>;
  private readonly routeConfigsByName: Map<string, RouteConfigNode[]>;
  private readonly clustersByName: Map<string, ClusterNode[]>;
  private readonly endpointsByName: Map<string, EndpointsNode[]>;
  private readonly referencesByTarget: Map<string, Reference[]>;
  private readonly listenersByPort: Map<string, ListenerNode[]>;
  /** Assignments dumped without cluster_name, attributed to their EDS cluster where only one could be theirs. */
  private readonly attributed = new Map<ClusterNode, EndpointsNode>();
  /** EDS clusters that one of several unnamed assignments belongs to, with those assignments. */
  private readonly unattributed = new Map<ClusterNode, readonly EndpointsNode[]>();
  private danglingChains: ReadonlySet<Reference> = new Set();

  constructor(init: GraphInit) {
    this.listeners = init.listeners;
    this.routeConfigs = init.routeConfigs;
    this.clusters = init.clusters;
    this.endpoints = init.endpoints;
    this.secrets = init.secrets ?? [];
    this.extensionConfigs = init.extensionConfigs ?? [];
    this.rejections = init.rejections;
    this.notes = init.notes;
    this.problems = init.problems;
    this.node = init.node;
    this.nodeId = init.node?.id;
    this.inputs = init.inputs;
    this.origin = init.origin ?? { input: init.inputs[0] ?? 0, pointer: '' };
    this.emptyDumps = init.emptyDumps ?? [];
    this.sections = init.sections;
    this.references = collectReferences(init);
    this.routeConfigsByName = indexBy(init.routeConfigs.filter((r) => isLive(r.state)), (r) => r.name);
    this.clustersByName = indexBy(init.clusters.filter((c) => isLive(c.state)), (c) => c.name);
    this.endpointsByName = indexBy(init.endpoints.filter((e) => !e.unnamed), (e) => e.clusterName);
    this.referencesByTarget = indexBy(this.references, (r) => `${r.targetKind}\u0000${r.name}`);
    this.attributeUnnamed(init);
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

  /** The secret by name, in the best state it is in (static or active before warming). */
  secret(name: string): SecretNode | undefined {
    const all = this.secrets.filter((s) => s.name === name);
    return all.find((s) => s.state !== 'warming') ?? all[0];
  }

  /** The ECDS filter config by name, delivered before undelivered (several EcdsConfigDump sections may name it). */
  extensionConfig(name: string): ExtensionConfigNode | undefined {
    const all = this.extensionConfigs.filter((e) => e.name === name);
    return all.find((e) => e.state !== 'warming') ?? all[0];
  }

  /**
   * The load assignment an EDS cluster reads: the one named by its service name (else its own name), or the unnamed one
   * attributed to it (see attributeUnnamed).
   */
  endpointsFor(cluster: ClusterNode): EndpointsNode | undefined {
    return this.endpointsByName.get(cluster.edsServiceName ?? cluster.name)?.[0] ?? this.attributed.get(cluster);
  }

  /**
   * For an EDS cluster whose assignment is one of several dumped without cluster_name: those assignments (one of them
   * is its own, but which cannot be told). Empty otherwise.
   */
  unattributedFor(cluster: ClusterNode): readonly EndpointsNode[] {
    return this.unattributed.get(cluster) ?? [];
  }

  /**
   * Envoy 1.15 to 1.25 dump an EDS cluster's ClusterLoadAssignment without cluster_name when the cluster sets no
   * eds_cluster_config.service_name: the dump names it by the EDS service name, empty then (envoyproxy/envoy#26667 made
   * it fall back to the cluster name). Bootstrap clusters' assignments are dumped among the static endpoint configs
   * and CDS clusters' among the dynamic ones (addedViaApi), so each unnamed assignment belongs to an EDS cluster of its
   * own side that sets no service name and has no named assignment. Where there is one of each, that is the pair.
   */
  private attributeUnnamed(init: GraphInit): void {
    const unnamed = init.endpoints.filter((e) => e.unnamed);
    if (unnamed.length === 0) return;
    const isStatic = (state: ResourceState): boolean => state === 'static';
    for (const staticSide of [true, false]) {
      const assignments = unnamed.filter((e) => isStatic(e.state) === staticSide);
      if (assignments.length === 0) continue;
      const clusters = init.clusters.filter(
        (c) => c.discoveryType === 'EDS' && isLive(c.state) && !c.serviceNameGiven && isStatic(c.state) === staticSide && !this.endpointsByName.has(c.edsServiceName ?? c.name),
      );
      const [onlyCluster] = clusters;
      const [onlyAssignment] = assignments;
      if (clusters.length === 1 && assignments.length === 1 && onlyCluster && onlyAssignment) this.attributed.set(onlyCluster, onlyAssignment);
      else for (const c of clusters) this.unattributed.set(c, assignments);
    }
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
      case 'secret':
        return this.hasSection('secret') ? this.secret(ref.name) !== undefined : undefined;
      case 'extension_config':
        return this.hasSection('extension_config') ? this.extensionConfig(ref.name) !== undefined : undefined;
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
    if (chain.secrets) out.push(...chain.secrets);
    if (chain.extensionConfigs) out.push(...chain.extensionConfigs);
  };
  // A draining listener (and the routes inlined in it) is on its way out: what it names may already be gone, and
  // nothing new reaches it, so its references are not the proxy's.
  for (const listener of init.listeners) {
    if (listener.state === 'draining') continue;
    out.push(...listener.references);
    listener.filterChains.forEach(chainRefs);
    if (listener.defaultFilterChain) chainRefs(listener.defaultFilterChain);
  }
  for (const cluster of init.clusters) if (isLive(cluster.state) && cluster.secrets) out.push(...cluster.secrets);
  for (const routeConfig of init.routeConfigs) {
    if (routeConfig.state === 'draining') continue;
    for (const vhost of routeConfig.virtualHosts) for (const route of vhost.routes) out.push(...route.references);
  }
  return out;
}
