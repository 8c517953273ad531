// The service ports a sidecar knows about, read from Istio's cluster names (outbound|P|subset|host, inbound|P|...).
import { isLive, type Origin, type ProxyGraph } from '../graph.js';
import { parseIstioClusterName } from '../istio.js';

export interface KnownService {
  direction: 'outbound' | 'inbound';
  port: number;
  host: string;
  /** Every cluster name of this host and port (subsets included), in graph order. */
  clusters: string[];
  /** The first name's location: the cluster's name, else the first reference to it. */
  origin: Origin;
}

/** Made once per graph: three port rules ask for them. */
const cache = new WeakMap<ProxyGraph, readonly KnownService[]>();

/** Services by direction, port and host, from live clusters and from cluster references (routes, TCP proxies). */
export function knownServices(graph: ProxyGraph): readonly KnownService[] {
  let services = cache.get(graph);
  if (!services) cache.set(graph, (services = collectServices(graph)));
  return services;
}

function collectServices(graph: ProxyGraph): KnownService[] {
  const byKey = new Map<string, KnownService>();
  const add = (name: string, origin: Origin): void => {
    const parsed = parseIstioClusterName(name);
    if (!parsed) return;
    const key = `${parsed.direction}|${parsed.port}|${parsed.host}`;
    const known = byKey.get(key);
    if (known) {
      if (!known.clusters.includes(name)) known.clusters.push(name);
      return;
    }
    byKey.set(key, { direction: parsed.direction, port: parsed.port, host: parsed.host, clusters: [name], origin });
  };
  for (const cluster of graph.clusters) if (isLive(cluster.state)) add(cluster.name, cluster.nameOrigin ?? cluster.origin);
  for (const ref of graph.references) if (ref.targetKind === 'cluster') add(ref.name, ref.origin);
  return [...byKey.values()];
}

/** `host:port` for messages; inbound clusters have no host in recent Istio. */
export function destinationName(service: KnownService): string {
  return service.host ? `${service.host}:${service.port}` : `port ${service.port}`;
}
