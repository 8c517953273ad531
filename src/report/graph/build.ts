// ProxyGraph → GraphView: one node per listener, filter chain, route configuration, virtual host, cluster and load
// assignment; routes are folded into the virtual host → cluster edges (a mesh has one route per virtual host, and the
// picture reads better without them). Every reference that does not resolve ends in a "missing" node.

import type { ClusterNode, FilterChainNode, ProxyGraph, Reference, RouteConfigNode } from '../../model/graph.js';
import { isBlackHoleName } from '../../model/istio.js';
import type { Finding } from '../../engine/finding.js';
import { attachFindings } from './findings.js';
import { childrenOf, reachable } from './walk.js';
import type { CountKey, GraphView, ViewEdge, ViewGroup, ViewNode } from './types.js';

const VIA_LABEL: Readonly<Record<string, string>> = {
  'route.weighted_clusters': 'weighted',
  'route.request_mirror_policies': 'mirror',
  'tcp_proxy.cluster': 'tcp',
  'tcp_proxy.weighted_clusters': 'tcp weighted',
  'filter_chain_matcher': 'matcher',
};

/** Istio's catch-all clusters: BlackHoleCluster drops traffic, the passthrough clusters send it anywhere. */
export function specialCluster(name: string): ViewNode['special'] {
  if (isBlackHoleName(name)) return 'blackhole';
  if (/^(Inbound)?PassthroughCluster(Ipv[46])?$/.test(name)) return 'passthrough';
  return undefined;
}

function listMore(items: readonly string[], max: number): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} +${items.length - max}`;
}

function chainDetails(chain: FilterChainNode): string[] {
  const out: string[] = [];
  const m = chain.match;
  const match: string[] = [];
  if (m.destinationPort !== undefined) match.push(`port ${m.destinationPort}`);
  if (m.serverNames?.length) match.push(`SNI ${listMore(m.serverNames, 2)}`);
  if (m.transportProtocol) match.push(m.transportProtocol);
  if (m.applicationProtocols?.length) match.push(`ALPN ${listMore(m.applicationProtocols, 2)}`);
  if (m.prefixRanges?.length) match.push(`dst ${listMore(m.prefixRanges, 2)}`);
  if (m.sourceType) match.push(`source ${m.sourceType.toLowerCase()}`);
  if (match.length > 0) out.push(match.join(' · '));
  const filters: string[] = [];
  if (chain.httpConnectionManager) filters.push(chain.httpConnectionManager.scopedRoutes ? 'HTTP (scoped routes)' : 'HTTP');
  if (chain.tcpProxy) filters.push('TCP proxy');
  if (chain.uncheckedFilters?.length) filters.push(listMore(chain.uncheckedFilters, 1));
  if (filters.length > 0) out.push(filters.join(' · '));
  return out;
}

class ViewBuilder {
  readonly nodes: ViewNode[] = [];
  readonly edges: ViewEdge[] = [];
  private readonly ids = new Map<object, string>();
  private readonly missing = new Map<string, ViewNode>();
  private readonly edgeIndex = new Map<string, { edge: ViewEdge; routes: number; vias: Set<string> }>();

  constructor(private readonly graph: ProxyGraph) {}

  add(node: Omit<ViewNode, 'findings'>, source?: object): ViewNode {
    const full: ViewNode = { ...node, findings: [] };
    this.nodes.push(full);
    if (source) this.ids.set(source, full.id);
    return full;
  }

  idOf(source: object | undefined): string | undefined {
    return source ? this.ids.get(source) : undefined;
  }

  edge(from: string, to: string, kind: ViewEdge['kind'], extra: Partial<ViewEdge> = {}): void {
    this.edges.push({ from, to, kind, ...extra });
  }

  /** A reference edge; parallel references between the same two nodes (several routes to one cluster) become one edge. */
  reference(from: string, ref: Reference, fromRoute: boolean): void {
    // The drawing shows the traffic path; SDS secrets and ECDS filter configs are not on it.
    const targetKind = ref.targetKind;
    if (targetKind === 'secret' || targetKind === 'extension_config') return;
    const resolved = this.graph.resolves(ref);
    let to: string | undefined;
    if (resolved === true) {
      if (ref.targetKind === 'filter_chain') return; // the listener already contains its chains
      to = this.idOf(ref.targetKind === 'cluster' ? this.graph.cluster(ref.name) : this.graph.routeConfig(ref.name));
    }
    to ??= this.missingNode(ref, targetKind, resolved === false).id;
    const key = `${from}\u0000${to}`;
    const known = this.edgeIndex.get(key);
    if (known) {
      if (fromRoute) known.routes++;
      known.vias.add(ref.via);
      known.edge.label = edgeLabel(known.routes, known.vias);
      return;
    }
    const edge: ViewEdge = { from, to, kind: 'reference', via: ref.via };
    if (resolved !== true) edge.dangling = true;
    const entry = { edge, routes: fromRoute ? 1 : 0, vias: new Set([ref.via]) };
    const label = edgeLabel(entry.routes, entry.vias);
    if (label) edge.label = label;
    this.edgeIndex.set(key, entry);
    this.edges.push(edge);
  }

  private missingNode(ref: Reference, targetKind: 'route_config' | 'cluster' | 'filter_chain', proven: boolean): ViewNode {
    const key = `${targetKind}\u0000${ref.name}`;
    const known = this.missing.get(key);
    if (known) return known;
    const node = this.add({
      id: `m${this.missing.size}`,
      kind: 'missing',
      name: ref.name,
      label: ref.name,
      details: [],
      missing: { targetKind, proven },
    });
    this.missing.set(key, node);
    return node;
  }
}

function edgeLabel(routes: number, vias: ReadonlySet<string>): string | undefined {
  const parts = [...vias].map((v) => VIA_LABEL[v]).filter((v): v is string => v !== undefined);
  if (routes > 1) parts.push(`${routes} routes`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function clusterDetails(cluster: ClusterNode): string[] {
  const type = cluster.inlineEndpoints !== undefined ? `${cluster.discoveryType}, ${cluster.inlineEndpoints} inline endpoint${cluster.inlineEndpoints === 1 ? '' : 's'}` : cluster.discoveryType;
  return [type];
}

function stateDetail(state: string): string[] {
  return state === 'active' || state === 'static' ? [] : [state];
}

/**
 * The view of `graph` with `findings` drawn on their nodes. `inputs` are the display names of the inputs by input
 * index (the `file` of each finding's location), used to place findings by JSON pointer.
 */
export function buildGraphView(graph: ProxyGraph, findings: readonly Finding[] = [], inputs: readonly string[] = [], controlPlane?: string): GraphView {
  const b = new ViewBuilder(graph);

  graph.clusters.forEach((cluster, i) => {
    const special = specialCluster(cluster.name);
    b.add(
      {
        id: `c${i}`,
        kind: 'cluster',
        name: cluster.name,
        label: cluster.name,
        details: [...clusterDetails(cluster), ...stateDetail(cluster.state)],
        state: cluster.state,
        origin: { input: cluster.origin.input, pointer: cluster.origin.pointer },
        ...(special ? { special } : {}),
      },
      cluster,
    );
  });
  graph.endpoints.forEach((endpoints, i) => {
    const n = endpoints.endpointCount;
    const label = n === 0 ? 'no endpoints' : `${n} endpoint${n === 1 ? '' : 's'}, ${endpoints.healthyCount} healthy`;
    b.add(
      {
        id: `e${i}`,
        kind: 'endpoints',
        name: endpoints.clusterName,
        label,
        details: stateDetail(endpoints.state),
        state: endpoints.state,
        origin: { input: endpoints.origin.input, pointer: endpoints.origin.pointer },
      },
      endpoints,
    );
  });
  for (const cluster of graph.clusters) {
    const from = b.idOf(cluster);
    const to = b.idOf(graph.endpointsFor(cluster));
    if (from && to) b.edge(from, to, 'contains');
  }

  const inlineByOrigin = new Map<string, RouteConfigNode>();
  graph.routeConfigs.forEach((rc, k) => {
    if (rc.state === 'inline') inlineByOrigin.set(`${rc.origin.input}\u0000${rc.origin.pointer}`, rc);
    const rcId = `r${k}`;
    b.add(
      {
        id: rcId,
        kind: 'route_config',
        name: rc.name,
        label: rc.name,
        details: [`${rc.virtualHosts.length} virtual host${rc.virtualHosts.length === 1 ? '' : 's'}`, ...stateDetail(rc.state)],
        state: rc.state,
        origin: { input: rc.origin.input, pointer: rc.origin.pointer },
      },
      rc,
    );
    rc.virtualHosts.forEach((vhost, m) => {
      const id = `${rcId}v${m}`;
      b.add(
        {
          id,
          kind: 'virtual_host',
          name: vhost.name,
          label: vhost.name,
          details: [listMore(vhost.domains, 2), `${vhost.routes.length} route${vhost.routes.length === 1 ? '' : 's'}`].filter((d) => d !== ''),
          origin: { input: vhost.origin.input, pointer: vhost.origin.pointer },
        },
        vhost,
      );
      b.edge(rcId, id, 'contains');
      for (const route of vhost.routes) for (const ref of route.references) b.reference(id, ref, true);
    });
  });

  graph.listeners.forEach((listener, i) => {
    const id = `l${i}`;
    const where = listener.internal ? 'internal' : `${listener.address ?? '?'}:${listener.port ?? '?'}`;
    const flags = [listener.trafficDirection?.toLowerCase(), listener.bindToPort ? undefined : 'no bind', listener.useOriginalDst ? 'original dst' : undefined];
    b.add(
      {
        id,
        kind: 'listener',
        name: listener.name,
        label: listener.name,
        details: [[where, ...flags].filter((f) => f !== undefined && f !== 'unspecified').join(' · '), ...stateDetail(listener.state)],
        state: listener.state,
        origin: { input: listener.origin.input, pointer: listener.origin.pointer },
      },
      listener,
    );
    const chains = listener.defaultFilterChain ? [...listener.filterChains, listener.defaultFilterChain] : listener.filterChains;
    for (const chain of chains) {
      const chainId = `${id}f${chain.isDefault ? 'd' : chain.index}`;
      b.add(
        {
          id: chainId,
          kind: 'filter_chain',
          name: chain.displayName,
          label: chain.name ?? (chain.isDefault ? 'default chain' : `chain ${chain.index}`),
          details: chainDetails(chain),
          origin: { input: chain.origin.input, pointer: chain.origin.pointer },
        },
        chain,
      );
      b.edge(id, chainId, 'contains');
      const hcm = chain.httpConnectionManager;
      if (hcm?.rds) b.reference(chainId, hcm.rds, false);
      if (hcm?.inlineRouteConfig !== undefined) {
        const inline = inlineByOrigin.get(`${hcm.origin.input}\u0000${hcm.origin.pointer}/route_config`);
        const to = b.idOf(inline);
        if (to) b.edge(chainId, to, 'contains');
      }
      for (const ref of chain.tcpProxy?.clusters ?? []) b.reference(chainId, ref, false);
    }
    for (const ref of listener.references) b.reference(id, ref, false);
  });

  const counts: Record<CountKey, number> = {
    listeners: graph.listeners.length,
    filterChains: graph.listeners.reduce((n, l) => n + l.filterChains.length + (l.defaultFilterChain ? 1 : 0), 0),
    routeConfigs: graph.routeConfigs.length,
    virtualHosts: graph.routeConfigs.reduce((n, rc) => n + rc.virtualHosts.length, 0),
    routes: graph.routeConfigs.reduce((n, rc) => n + rc.virtualHosts.reduce((m, vh) => m + vh.routes.length, 0), 0),
    clusters: graph.clusters.length,
    endpoints: graph.endpoints.length,
    missing: b.nodes.filter((n) => n.missing?.proven === true).length,
  };

  const view: GraphView = {
    version: 1,
    scope: 'all',
    inputs: [...inputs],
    counts,
    nodes: b.nodes,
    edges: b.edges,
    groups: computeGroups(b.nodes, b.edges),
    findings: [],
  };
  if (graph.nodeId !== undefined) view.nodeId = graph.nodeId;
  if (controlPlane !== undefined) view.controlPlane = controlPlane;
  return attachFindings(view, findings);
}


/** One group per listener, plus one for the nodes no listener reaches (its roots are those with no parent among them). */
export function computeGroups(nodes: readonly ViewNode[], edges: readonly ViewEdge[]): ViewGroup[] {
  const children = childrenOf(edges);
  const groups: ViewGroup[] = [];
  const reached = new Set<string>();
  for (const node of nodes) {
    if (node.kind !== 'listener') continue;
    const reach = reachable([node.id], children);
    for (const id of reach) reached.add(id);
    groups.push({ id: node.id, label: node.label, roots: [node.id], size: reach.size });
  }
  const rest = nodes.filter((n) => !reached.has(n.id));
  if (rest.length > 0) {
    const restIds = new Set(rest.map((n) => n.id));
    const hasParent = new Set(edges.filter((e) => restIds.has(e.from) && restIds.has(e.to)).map((e) => e.to));
    groups.push({ id: 'unattached', label: 'not reached from any listener', roots: rest.filter((n) => !hasParent.has(n.id)).map((n) => n.id), size: rest.length });
  }
  return groups;
}
