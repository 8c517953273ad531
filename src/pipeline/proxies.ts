// Reading a group of inputs into proxies: each input read once, split into proxies (an egctl map holds several), and
// each proxy's graph built as its resources are read, with its control plane detected.
import type { LintTarget } from '../engine/rule.js';
import { isRuntimeDocument, type InputDocument } from '../load/classify.js';
import { InputError } from '../load/errors.js';
import { displayName, readInput, type InputRef, type ClustersTextInput, type IptablesTextInput, type LoadedInput, type ReadInput, type ReadOptions } from '../load/input.js';
import { parseIptables, type IptablesInput } from '../load/iptables/index.js';
import { collectResources, type RawResource, type ResourceSet } from '../load/resources.js';
import { addClustersText, addRuntimeDocument, type RuntimeState } from '../load/runtime.js';
import { GraphBuilder } from '../model/build/index.js';
import { detectControlPlane, type ControlPlaneId, type InputFormat } from '../model/control-plane.js';
import type { ProxyGraph } from '../model/graph.js';
import { protoRegistry } from '../proto/registry.js';

/** One proxy among the inputs: its documents (whole inputs, or one proxy of an egctl map) and its iptables. */
interface ProxyView {
  /** `namespace/pod` for a proxy of an egctl map; otherwise the name the caller gave the group (its dump's path). */
  name: string;
  documents: Array<{ read: ReadInput; document: InputDocument }>;
  iptables: IptablesTextInput[];
  /** /clusters in its text form, read beside the dump like iptables text. */
  clustersText: ClustersTextInput[];
}

/** One proxy, read: its graph, what a rule sees of it, and which control plane configured it. */
export interface LoadedProxy {
  name: string;
  graph: ProxyGraph;
  target: LintTarget;
  /** Display names of the inputs it was read from. */
  files: string[];
}

export interface LoadResult {
  inputs: LoadedInput[];
  /** Inputs that could not be read at all (each is exit code 2, but the others are still linted). */
  errors: InputError[];
  /** Every proxy, at least one (empty when nothing could be read). */
  proxies: [LoadedProxy, ...LoadedProxy[]];
  /** The first proxy's graph and iptables (trace and route-check read one proxy). */
  graph: ProxyGraph;
  iptables: IptablesInput[];
}

export interface LoadOptions extends ReadOptions {
  /** Paths to read as iptables text whatever they look like (`--iptables FILE`). */
  iptables?: readonly string[];
  /** The group's name, for a proxy that is not one of an egctl map (default: the first input's name). */
  name?: string;
  /** The control plane to assume instead of detecting it (`--control-plane`). */
  controlPlane?: ControlPlaneId;
  /** Hears every resource as it is read, with the egctl proxy it belongs to (`diff` keeps them, the graph does not). */
  onResource?: (resource: RawResource, proxy: string | undefined) => void;
}

/**
 * Splits the inputs into proxies. Each proxy of an egctl map is one; the other documents, with the iptables, form one
 * more. When the inputs hold exactly one named proxy and other files, those files belong to it.
 */
function proxyViews(reads: readonly ReadInput[], groupName: string): ProxyView[] {
  const named: ProxyView[] = [];
  const iptables = reads.map((r) => r.input).filter((i): i is IptablesTextInput => i.syntax === 'iptables');
  const clustersText = reads.map((r) => r.input).filter((i): i is ClustersTextInput => i.syntax === 'clusters-text');
  const rest: ProxyView = { name: groupName, documents: [], iptables, clustersText };
  for (const read of reads) {
    for (const document of read.documents) {
      if (document.proxy !== undefined) named.push({ name: document.proxy, documents: [{ read, document }], iptables: [], clustersText: [] });
      else rest.documents.push({ read, document });
    }
  }
  const only = named.length === 1 ? named[0] : undefined;
  if (only) return [{ name: only.name, documents: [...only.documents, ...rest.documents], iptables: rest.iptables, clustersText: rest.clustersText }];
  // Nothing read at all is still one (empty) proxy, so every caller has a graph to look at.
  const hasRest = rest.documents.length > 0 || rest.iptables.length > 0 || rest.clustersText.length > 0 || named.length === 0;
  return hasRest ? [...named, rest] : named;
}

function readAll(paths: readonly InputRef[], options: LoadOptions): { reads: ReadInput[]; errors: InputError[] } {
  const reads: ReadInput[] = [];
  const errors: InputError[] = [];
  const all: Array<{ path: InputRef; forceIptables: boolean }> = [...paths.map((p) => ({ path: p, forceIptables: false })), ...(options.iptables ?? []).map((p) => ({ path: p, forceIptables: true }))];
  for (const { path, forceIptables } of all) {
    try {
      reads.push(readInput(path, reads.length, { ...options, forceIptables }));
    } catch (error) {
      if (error instanceof InputError) errors.push(error);
      else throw error;
    }
  }
  return { reads, errors };
}

/** Reads the inputs and builds every proxy's graph. Never throws for bad input: see `errors`. */
export function loadProxies(paths: readonly InputRef[], options: LoadOptions = {}): LoadResult {
  const { reads, errors } = readAll(paths, options);
  const inputs = reads.map((r) => r.input);
  const registry = protoRegistry();
  const views = proxyViews(reads, options.name ?? inputs[0]?.file ?? displayName(paths[0] ?? '-'));
  const failed = new Set<number>();
  // Each resource goes into its proxy's graph as it is read, so a lazily parsed dump is never whole in memory.
  const built = views.map((view) => {
    const builder = new GraphBuilder();
    const sets: ResourceSet[] = [];
    const runtime: RuntimeState = { files: {} };
    for (const { read, document } of view.documents) {
      const input = read.input;
      if (failed.has(input.index)) continue;
      try {
        if (isRuntimeDocument(document)) addRuntimeDocument(runtime, document, input.index);
        else {
          const { onResource } = options;
          const sink = onResource ? (r: RawResource): void => (builder.resource(r), onResource(r, document.proxy)) : (r: RawResource): void => builder.resource(r);
          sets.push(collectResources(input, document, registry, { sink, inputNotes: document === read.documents[0] }));
        }
        if (document === read.documents[read.documents.length - 1]) read.checkUnread();
      } catch (error) {
        // A lazily parsed dump meets a damaged resource only when it reads it: that input is then unreadable (exit 2),
        // and the others are still linted.
        if (!(error instanceof InputError)) throw error;
        errors.push(error);
        failed.add(input.index);
      }
    }
    for (const text of view.clustersText) addClustersText(runtime, text.text, text.index);
    return { view, builder, sets, runtime };
  });
  // What a damaged input added so far is taken back from every proxy it was part of.
  const proxies = built.map(({ view, builder, sets, runtime }) => {
    for (const index of failed) builder.dropInput(index);
    const graph = builder.finish(sets.filter((s) => !failed.has(s.input)));
    const iptables = view.iptables.map((i) => ({ input: i.index, file: i.file, parse: parseIptables(i.text, i.file) }));
    const formats = view.documents.map((d) => d.read.input.kind).filter((k): k is InputFormat => k === 'istioctl' || k === 'egctl');
    const controlPlane = detectControlPlane(graph, options.controlPlane, formats);
    const target: LintTarget = { graph, iptables, inputFiles: inputs.map((i) => i.file), controlPlane, proxyName: view.name, ...(Object.keys(runtime.files).length > 0 ? { runtime } : {}) };
    const files = [...new Set([...view.documents.map((d) => d.read.input), ...view.iptables, ...view.clustersText].filter((i) => !failed.has(i.index)).map((i) => i.file))];
    return { name: view.name, graph, target, files };
  });
  const [first, ...others] = proxies;
  if (!first) throw new Error('internal: proxyViews gave no proxy');
  return { inputs, errors, proxies: [first, ...others], graph: first.graph, iptables: [...first.target.iptables] };
}

