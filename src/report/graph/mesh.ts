// Several proxies' GraphViews drawn as one: each proxy's nodes keep their shape under ids prefixed by the proxy's
// number (`p3` + id), its groups (listeners) are labelled with its name, and edges between proxies (a client's cluster
// to the server proxy's inbound listener or chain that takes its traffic) are drawn from the mesh model's links. The
// reporters draw a proxy's nodes together (a DOT cluster, a Mermaid subgraph) when the view names its proxies.
import type { GraphView, ViewEdge, ViewGroup, ViewNode, ViewNodeKind } from './types.js';

/** One end of a link between proxies: a node of that proxy, by its origin (file and pointer) or by kind and name. */
export interface MeshEnd {
  proxy: string;
  kind: ViewNodeKind;
  name: string;
  /** Where the resource is (the node whose origin this is); preferred over the name, which chains lack. */
  at?: { file: string; pointer: string };
}

/** A client proxy's cluster sending to a server proxy's inbound side. */
export interface MeshLink {
  from: MeshEnd;
  to: MeshEnd;
  /** Short text for the edge: the address and what it carries ("10.244.0.7:9080 mTLS"). */
  label: string;
}

/**
 * Names short enough for a group's label: the path segments every name shares at its start and at its end are left out
 * (`/tmp/pods/a/config_dump.json`, `/tmp/pods/b/config_dump.json` → `a`, `b`); `namespace/pod` names stay whole.
 */
export function shortNames(names: readonly string[]): string[] {
  const parts = names.map((n) => n.split('/'));
  if (parts.length < 2) return [...names];
  const shortest = Math.min(...parts.map((p) => p.length));
  let head = 0;
  while (head < shortest - 1 && parts.every((p) => p[head] === parts[0]![head])) head++;
  let tail = 0;
  while (tail < shortest - head - 1 && parts.every((p) => p[p.length - 1 - tail] === parts[0]![parts[0]!.length - 1 - tail])) tail++;
  const short = parts.map((p) => p.slice(head, p.length - tail).join('/'));
  return new Set(short).size === short.length ? short : [...names];
}

export interface ProxyGraphView {
  proxy: string;
  view: GraphView;
}

function nodeOf(view: GraphView, prefix: string, end: MeshEnd): string | undefined {
  if (end.at) {
    // The node whose origin holds the place: the deepest one (a chain inside its listener).
    const { file, pointer } = end.at;
    const input = view.inputs.indexOf(file);
    let best: ViewNode | undefined;
    for (const n of view.nodes) {
      const at = n.origin;
      if (!at || at.input !== input || !(pointer === at.pointer || pointer.startsWith(`${at.pointer}/`))) continue;
      if (!best || at.pointer.length > (best.origin?.pointer.length ?? -1)) best = n;
    }
    if (best && (best.kind === end.kind || end.kind === 'listener')) return prefix + best.id;
  }
  const named = view.nodes.find((n) => n.kind === end.kind && n.name === end.name);
  return named ? prefix + named.id : undefined;
}

/** The views of several proxies as one view (no findings attached: reporters attach the report's, per proxy). */
export function combineGraphViews(parts: readonly ProxyGraphView[], links: readonly MeshLink[] = []): GraphView {
  const nodes: ViewNode[] = [];
  const edges: ViewEdge[] = [];
  const groups: ViewGroup[] = [];
  const inputs: string[] = [];
  const counts = { listeners: 0, filterChains: 0, routeConfigs: 0, virtualHosts: 0, routes: 0, clusters: 0, endpoints: 0, missing: 0 };
  const labels = shortNames(parts.map((p) => p.proxy));
  parts.forEach(({ view }, index) => {
    const prefix = `p${index}`;
    // Inputs are shared when two proxies come from one file (an egctl map): index them once.
    const inputOf = view.inputs.map((file) => {
      const known = inputs.indexOf(file);
      return known >= 0 ? known : inputs.push(file) - 1;
    });
    for (const node of view.nodes) {
      const moved: ViewNode = { ...node, id: prefix + node.id, proxy: index, findings: [] };
      if (node.origin) moved.origin = { input: inputOf[node.origin.input] ?? -1, pointer: node.origin.pointer };
      nodes.push(moved);
    }
    for (const edge of view.edges) edges.push({ ...edge, from: prefix + edge.from, to: prefix + edge.to });
    for (const group of view.groups) groups.push({ ...group, id: prefix + group.id, label: `${labels[index] ?? ''} · ${group.label}`, roots: group.roots.map((r) => prefix + r), proxy: index });
    for (const key of Object.keys(counts) as Array<keyof typeof counts>) counts[key] += view.counts[key];
  });
  for (const link of links) {
    const fromPart = parts.findIndex((p) => p.proxy === link.from.proxy);
    const toPart = parts.findIndex((p) => p.proxy === link.to.proxy);
    const from = fromPart >= 0 ? nodeOf(parts[fromPart]!.view, `p${fromPart}`, link.from) : undefined;
    const to = toPart >= 0 ? nodeOf(parts[toPart]!.view, `p${toPart}`, link.to) : undefined;
    if (from !== undefined && to !== undefined) edges.push({ from, to, kind: 'reference', via: 'mesh', label: link.label });
  }
  return {
    version: 1,
    scope: parts[0]?.view.scope ?? 'all',
    proxies: parts.map(({ proxy, view }) => ({ name: proxy, ...(view.controlPlane !== undefined ? { controlPlane: view.controlPlane } : {}) })),
    inputs,
    counts,
    nodes,
    edges,
    groups,
    findings: [],
  };
}
