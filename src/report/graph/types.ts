// The GraphView: a plain, JSON-able picture of one proxy's graph with the findings on it, shared by the html, dot and
// mermaid reporters. Built from the ProxyGraph by ./build.ts; node ids are short safe identifiers ([a-z0-9]).

import type { Severity } from '../../engine/finding.js';

export type GraphScope = 'findings' | 'all';

export type ViewNodeKind = 'listener' | 'filter_chain' | 'route_config' | 'virtual_host' | 'cluster' | 'endpoints' | 'missing';

/** The resource state from the dump ('static', 'active', 'warming', 'draining', 'error', 'inline'). */
export type ViewState = 'static' | 'active' | 'warming' | 'draining' | 'error' | 'inline';

export interface ViewNode {
  /** Unique, stable for the same inputs, matches /^[a-z][a-z0-9]*$/. */
  id: string;
  kind: ViewNodeKind;
  /** The resource name (a cluster's name, a load assignment's cluster_name, a missing target's name). */
  name: string;
  /** What the picture shows as the node's title (the name, or e.g. "chain 2" for an unnamed filter chain). */
  label: string;
  /** Short extra lines: port and direction, match, discovery type, endpoint health... */
  details: string[];
  state?: ViewState;
  /** Istio's catch-all clusters, which deserve to stand out. */
  special?: 'blackhole' | 'passthrough';
  /** For kind 'missing': what kind of resource the dangling reference wanted, and whether absence is proven. */
  missing?: { targetKind: 'route_config' | 'cluster' | 'filter_chain'; proven: boolean };
  /** Where the resource is in the inputs: index into GraphView.inputs and a JSON pointer. */
  origin?: { input: number; pointer: string };
  /** Most severe finding on the node. */
  severity?: Severity;
  /** Indexes into GraphView.findings. */
  findings: number[];
  /** In a view of several proxies: which (index into GraphView.proxies). */
  proxy?: number;
}

export interface ViewEdge {
  from: string;
  to: string;
  /** 'contains' is structure (listener → chain, route config → virtual host, cluster → endpoints); 'reference' is by name. */
  kind: 'contains' | 'reference';
  /** The field that holds the reference: 'rds', 'route.cluster', 'tcp_proxy.cluster', ...; 'mesh' for a link between proxies. */
  via?: string;
  /** Short text for the edge ("weighted", "3 routes"). */
  label?: string;
  /** The target does not exist (drawn dashed into a "missing" node). */
  dangling?: boolean;
}

/** A unit of collapse/expand: one listener, or everything no listener reaches. */
export interface ViewGroup {
  id: string;
  label: string;
  roots: string[];
  /** Number of nodes reachable from the roots (the roots included). */
  size: number;
  severity?: Severity;
  /** In a view of several proxies: which (index into GraphView.proxies). */
  proxy?: number;
}

export interface ViewFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  resource: { kind: string; name: string };
  file: string;
  line: number;
  column: number;
  /** The node the finding is drawn on; absent for findings about a whole input. */
  node?: string;
}

export type CountKey = 'listeners' | 'filterChains' | 'routeConfigs' | 'virtualHosts' | 'routes' | 'clusters' | 'endpoints' | 'missing';

export interface GraphView {
  version: 1;
  /** The proxy's node id from the bootstrap, when the inputs had one. */
  nodeId?: string;
  /** Which control plane configured the proxy ("Istio sidecar", "Envoy Gateway"), and its Envoy version. */
  controlPlane?: string;
  /** A view of several proxies (a fleet drawn as a mesh): their names; nodes and groups say which is theirs. */
  proxies?: Array<{ name: string; controlPlane?: string }>;
  scope: GraphScope;
  /** Display names of the inputs, by input index. */
  inputs: string[];
  /** Resource counts of the whole graph (before any scope is applied). */
  counts: Record<CountKey, number>;
  nodes: ViewNode[];
  edges: ViewEdge[];
  groups: ViewGroup[];
  findings: ViewFinding[];
}
