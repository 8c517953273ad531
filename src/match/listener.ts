// Which listener takes a connection: the one bound to the port, and, when that one has use_original_dst, the
// listener of the original destination it hands the connection to.
import type { ListenerNode, ProxyGraph } from '../model/graph.js';
import { isWildcardIp, parseIp } from './ip.js';

/** Listeners that serve traffic now: static or active (warming ones wait for their dependencies). */
const SERVING = new Set(['static', 'active']);

export function servingListeners(graph: ProxyGraph): ListenerNode[] {
  // A name can appear in several states (active + warming); the serving one counts once.
  return graph.listeners.filter((l) => SERVING.has(l.state) && !l.internal && l.port !== undefined);
}

export interface ListenerSelection {
  listener?: ListenerNode;
  reason: string;
  /** Other listeners on the port that were not chosen, with why. */
  others: Array<{ listener: ListenerNode; reason: string }>;
}

function sameFamilyWildcard(listener: ListenerNode, address: string): boolean {
  if (!isWildcardIp(listener.address)) return false;
  const ip = parseIp(address);
  if (!ip) return true;
  // 0.0.0.0 takes IPv4, :: takes IPv6 (and IPv4-mapped when not v6only; not modelled).
  return ip.family === 'ipv6' ? listener.address === '::' || listener.address === '[::]' : listener.address !== '::' && listener.address !== '[::]';
}

/**
 * The listener that owns the socket a connection arrives on: bound (bind_to_port not false) on the port, on the
 * destination address itself or on a wildcard address (the kernel prefers the specific bind).
 */
export function boundListener(graph: ProxyGraph, address: string, port: number): ListenerSelection {
  const onPort = servingListeners(graph).filter((l) => l.port === port);
  const bound = onPort.filter((l) => l.bindToPort);
  const others = onPort.filter((l) => !l.bindToPort).map((listener) => ({ listener, reason: 'bind_to_port: false (reachable only by hand-off)' }));
  const exact = bound.find((l) => l.address === address);
  const chosen = exact ?? bound.find((l) => sameFamilyWildcard(l, address));
  if (!chosen) return { reason: `no listener is bound to port ${port}: the connection is refused`, others };
  for (const l of bound) if (l !== chosen) others.push({ listener: l, reason: `bound to ${l.address ?? '?'}:${port}, not ${address}` });
  return { listener: chosen, reason: `bound to ${chosen.address ?? '0.0.0.0'}:${port}`, others };
}

/**
 * The hand-off of a use_original_dst listener (Listener.use_original_dst docs: "the listener hands off redirected
 * connections to the listener associated with the original destination address. If there is no listener associated
 * with the original destination address, the connection is handled by the listener that receives it."). Envoy looks
 * for a listener on exactly ADDR:PORT, then for one on the wildcard address with that port; bind_to_port does not
 * matter for the target (Istio's per-service listeners are bind_to_port: false precisely for this).
 */
export function handoffListener(graph: ProxyGraph, from: ListenerNode, address: string, port: number): ListenerSelection {
  const onPort = servingListeners(graph).filter((l) => l.port === port && l !== from);
  const exact = onPort.find((l) => l.address === address);
  const wildcard = onPort.find((l) => sameFamilyWildcard(l, address));
  const chosen = exact ?? wildcard;
  const others = onPort.filter((l) => l !== chosen).map((listener) => ({ listener, reason: `address ${listener.address ?? '?'} is neither ${address} nor the wildcard` }));
  if (!chosen) return { reason: `no listener for ${address}:${port} or 0.0.0.0:${port}: ${from.name} keeps the connection and its own filter chains apply`, others };
  const reason = exact ? `the original destination ${address}:${port} has a listener of its own` : `no listener for ${address}:${port}; the wildcard listener on port ${port} takes it`;
  if (exact && wildcard) others.push({ listener: wildcard, reason: `wildcard listener on port ${port}: the exact address wins` });
  return { listener: chosen, reason, others };
}
