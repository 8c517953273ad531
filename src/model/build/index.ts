// Builds the ProxyGraph from the resources of one proxy's inputs (one or several files merged), one node kind per
// module: listener.ts (listeners and their chains), route.ts (route configurations), cluster.ts (clusters and load
// assignments), tls.ts (SDS references). Each builder gets a BuildContext instead of hidden state.
import { secretCertificates } from './secret-certs.js';
import type { ClusterNode, EndpointsNode, ExtensionConfigNode, ListenerNode, Origin, Reference, RouteConfigNode, SecretNode } from '../../generated/graph.js';
import type { RawResource, ResourceSet } from '../../load/resources.js';
import { ProxyGraph, type GraphNote, type RejectedUpdate, type ValueProblem } from '../graph.js';
import { buildCluster, buildLoadAssignment } from './cluster.js';
import { BuildContext, type ListenerYield } from './context.js';
import { buildListener } from './listener.js';
import { buildRouteConfig } from './route.js';
import { measureCluster } from './size.js';

/**
 * Builds the graph as resources arrive: the loader hands each resource over as soon as it is read, and the builder
 * keeps only node summaries, so an input's parse tree need not outlive its reading.
 */
export class GraphBuilder {
  private readonly listeners: ListenerNode[] = [];
  private readonly routeConfigs: RouteConfigNode[] = [];
  private readonly clusters: ClusterNode[] = [];
  private readonly endpoints: EndpointsNode[] = [];
  private readonly secrets: SecretNode[] = [];
  private readonly extensionConfigs: ExtensionConfigNode[] = [];
  private readonly notes: GraphNote[] = [];
  private readonly danglingChains: Reference[] = [];
  /** CDS clusters seen so far, for sampling their sizes (size.ts). */
  private cdsClusters = 0;
  /** Where listener builders put their inline route configurations and dangling matcher actions. */
  private readonly yields: ListenerYield = { routeConfigs: this.routeConfigs, danglingChains: this.danglingChains };

  /** Adds one resource's nodes. */
  resource(resource: RawResource): void {
    const ctx = new BuildContext(resource.input, this.yields);
    const { msg, state } = resource;
    switch (resource.type) {
      case 'listener':
        this.listeners.push(buildListener(ctx, msg, state));
        break;
      case 'route_config':
        this.routeConfigs.push(buildRouteConfig(ctx, msg, state, undefined));
        break;
      case 'cluster': {
        const cluster = buildCluster(ctx, msg, state);
        if (state === 'active' || state === 'warming') measureCluster(this.cdsClusters++, cluster, msg.value);
        this.clusters.push(cluster);
        break;
      }
      case 'endpoints':
        this.endpoints.push(buildLoadAssignment(ctx, msg, state));
        break;
      case 'secret':
        {
          const certificates = secretCertificates(ctx, msg);
          this.secrets.push({ name: msg.str('name')?.value ?? '(unnamed secret)', state, origin: ctx.origin(msg.pointer), nameOrigin: ctx.nameOrigin(msg), ...(certificates.length > 0 ? { certificates } : {}) });
        }
        break;
      case 'extension_config':
        this.extensionConfigs.push({ name: msg.str('name')?.value ?? '(unnamed filter config)', state, origin: ctx.origin(msg.pointer), nameOrigin: ctx.nameOrigin(msg) });
        break;
    }
  }

  /**
   * Takes back everything an input added: a lazily read input can turn out to be damaged halfway through, and then it
   * is unreadable as a whole (like one that fails to parse at once), not half a proxy.
   */
  dropInput(input: number): void {
    // In place (the lists are the builder's own), without spreading: they can hold hundreds of thousands of nodes.
    const keep = <T extends { origin: Origin }>(list: T[]): void => {
      let kept = 0;
      for (const item of list) if (item.origin.input !== input) list[kept++] = item;
      list.length = kept;
    };
    keep(this.listeners);
    keep(this.routeConfigs);
    keep(this.clusters);
    keep(this.endpoints);
    keep(this.secrets);
    keep(this.extensionConfigs);
    keep(this.notes);
    keep(this.danglingChains);
  }

  /** The graph, from the resources added and each input's sections, notes, problems and rejections. */
  finish(sets: readonly ResourceSet[]): ProxyGraph {
    const rejections: RejectedUpdate[] = [];
    const problems: ValueProblem[] = [];
    const sections = new Set<RawResource['type']>();
    let node: ResourceSet['node'];
    for (const set of sets) {
      for (const resource of set.resources) this.resource(resource);
      for (const r of set.rejections) rejections.push({ type: r.type, name: r.name, details: r.details, origin: { input: r.input, pointer: r.pointer }, ...(r.port !== undefined ? { port: r.port } : {}) });
      for (const section of set.sections) sections.add(section);
      for (const p of set.problems) problems.push({ origin: { input: p.input, pointer: p.pointer }, message: p.message, ...(p.resource ? { resource: p.resource } : {}) });
      for (const note of set.notes) {
        const origin: Origin = note.line !== undefined ? { input: note.input, pointer: note.pointer, line: note.line } : { input: note.input, pointer: note.pointer };
        this.notes.push({ origin, message: note.message });
      }
      node ??= set.node;
    }
    const graph = new ProxyGraph({
      listeners: this.listeners,
      routeConfigs: this.routeConfigs,
      clusters: this.clusters,
      endpoints: this.endpoints,
      secrets: this.secrets,
      extensionConfigs: this.extensionConfigs,
      rejections,
      sections,
      notes: this.notes,
      problems,
      inputs: sets.map((s) => s.input),
      ...(sets[0] ? { origin: { input: sets[0].input, pointer: sets[0].pointer } } : {}),
      emptyDumps: sets.flatMap((s) => (s.emptyDump !== undefined ? [{ input: s.input, pointer: s.emptyDump }] : [])),
      ...(node !== undefined ? { node } : {}),
    });
    graph.setDanglingChains(this.danglingChains);
    return graph;
  }
}
