// What a warming resource waits for. Envoy keeps a new listener warming until its init targets are ready: the RDS
// route configurations its HTTP connection managers name, the SDS secrets its transport sockets name and the ECDS
// filter configs its filters ask for; a new cluster waits for its first EDS or DNS load, a health check pass and its SDS
// secrets. Until then a new listener holds its port without listen(): connections are refused (an update's previous
// version keeps serving), and the cluster takes no traffic.
// No I/O; everything is read from the graph.
import { isLive, type ClusterNode, type FilterChainNode, type ListenerNode, type Origin, type ProxyGraph, type Reference } from './graph.js';

export interface Dependency {
  kind: 'route_config' | 'secret' | 'extension_config';
  name: string;
  /** `missing`: the dump has the section and not the resource; `warming`: a secret requested and not delivered. */
  state: 'missing' | 'warming';
  /** Where the warming resource names it. */
  origin: Origin;
}

const NOUN: Readonly<Record<Dependency['kind'], string>> = {
  route_config: 'RDS route configuration',
  secret: 'SDS secret',
  extension_config: 'ECDS filter config',
};

/** `RDS route configuration "8080" (missing)`, for messages. */
export function describeDependency(d: Dependency): string {
  return `${NOUN[d.kind]} "${d.name}" (${d.state === 'warming' ? 'requested, not yet delivered' : 'not in the dump'})`;
}

function chainReferences(chain: FilterChainNode): Reference[] {
  return [...(chain.httpConnectionManager?.rds ? [chain.httpConnectionManager.rds] : []), ...(chain.secrets ?? []), ...(chain.extensionConfigs ?? [])];
}

/** Every reference of a listener that Envoy waits for while warming it: RDS, SDS and ECDS. */
export function listenerInitReferences(listener: ListenerNode): Reference[] {
  const chains = [...listener.filterChains, ...(listener.defaultFilterChain ? [listener.defaultFilterChain] : [])];
  return [...listener.references.filter((r) => r.targetKind === 'extension_config'), ...chains.flatMap(chainReferences)];
}

function dependencyOf(graph: ProxyGraph, ref: Reference): Dependency | undefined {
  if (ref.targetKind !== 'route_config' && ref.targetKind !== 'secret' && ref.targetKind !== 'extension_config') return undefined;
  if (graph.resolves(ref) === false) return { kind: ref.targetKind, name: ref.name, state: 'missing', origin: ref.origin };
  if (ref.targetKind === 'secret' && graph.secret(ref.name)?.state === 'warming') return { kind: 'secret', name: ref.name, state: 'warming', origin: ref.origin };
  if (ref.targetKind === 'extension_config' && graph.extensionConfig(ref.name)?.state === 'warming') return { kind: 'extension_config', name: ref.name, state: 'warming', origin: ref.origin };
  return undefined;
}

/** What a listener waits for that the dump shows missing or still warming (unique by kind and name). */
export function listenerDependencies(graph: ProxyGraph, listener: ListenerNode): Dependency[] {
  return unique(listenerInitReferences(listener).flatMap((ref) => dependencyOf(graph, ref) ?? []));
}

/**
 * What a cluster waits for that the dump shows: its SDS secrets. (Its first EDS or DNS load and health check pass do
 * not show: Envoy dumps endpoints of active clusters only.)
 */
export function clusterDependencies(graph: ProxyGraph, cluster: ClusterNode): Dependency[] {
  const out: Dependency[] = [];
  for (const ref of cluster.secrets ?? []) {
    const d = dependencyOf(graph, ref);
    if (d) out.push(d);
  }
  return unique(out);
}

function unique(list: Dependency[]): Dependency[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.kind}\u0000${d.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * References held by warming listeners that have no other live version: such a listener serves nothing yet, so the
 * rules about what its chains would do say it once, as the warming finding, and not per chain.
 */
export function warmingOnlyReferences(graph: ProxyGraph): ReadonlySet<Reference> {
  const serving = new Set(graph.listeners.filter((l) => isLive(l.state) && l.state !== 'warming').map((l) => l.name));
  const out = new Set<Reference>();
  for (const listener of graph.listeners) {
    if (listener.state !== 'warming' || serving.has(listener.name)) continue;
    for (const ref of listenerInitReferences(listener)) out.add(ref);
  }
  return out;
}

/** Who names each secret: the listeners (by chain) and clusters whose transport sockets ask for it. */
export function secretUsers(graph: ProxyGraph): Map<string, Reference[]> {
  const out = new Map<string, Reference[]>();
  for (const ref of graph.references) {
    if (ref.targetKind !== 'secret') continue;
    const list = out.get(ref.name);
    if (list) list.push(ref);
    else out.set(ref.name, [ref]);
  }
  return out;
}
