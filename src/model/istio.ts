// Istio's names and ports in one place: what its sidecars, gateways and waypoints are called and listen on, and the
// form of its cluster names. Every Istio-only check reads them from here (and runs only on Istio proxies).

/** The virtual listeners of a sidecar: every outbound connection is redirected to 15001, every inbound one to 15006. */
export const VIRTUAL_OUTBOUND = 'virtualOutbound';
export const VIRTUAL_INBOUND = 'virtualInbound';
export const OUTBOUND_CAPTURE_PORT = 15001;
export const INBOUND_CAPTURE_PORT = 15006;

/** The fallback clusters: ORIGINAL_DST for ALLOW_ANY, no endpoints for REGISTRY_ONLY. */
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';
export const BLACKHOLE_CLUSTER = 'BlackHoleCluster';
/** The HTTP catch-all virtual hosts of outbound route configurations (ALLOW_ANY / REGISTRY_ONLY). */
export const ALLOW_ANY_VIRTUAL_HOST = 'allow_any';
export const BLOCK_ALL_VIRTUAL_HOST = 'block_all';

export function isBlackHoleName(name: string): boolean {
  return name === BLACKHOLE_CLUSTER;
}

/** A cluster name in Istio's `direction|port|subset|host` form. */
export interface IstioClusterName {
  direction: 'outbound' | 'inbound';
  port: number;
  subset: string;
  host: string;
}

export function parseIstioClusterName(name: string): IstioClusterName | undefined {
  const m = /^(outbound|inbound)\|(\d{1,5})\|([^|]*)\|([^|]*)$/.exec(name);
  if (!m) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { direction: m[1] as 'outbound' | 'inbound', port, subset: m[3] ?? '', host: m[4] ?? '' };
}

/** Ports that Istio's iptables leave uncaptured on purpose, and ssh: not a policy bypass. */
export const EXPECTED_INBOUND_BYPASS: ReadonlyMap<number, string> = new Map([
  [22, 'ssh'],
  [15000, 'Envoy admin'],
  [15008, 'HBONE tunnel'],
  [15020, 'istio-agent (merged metrics, health)'],
  [15021, 'health check'],
  [15053, 'istio-agent DNS proxy'],
  [15090, 'Envoy Prometheus stats'],
]);

/** Ports served by istio-agent, not by an Envoy listener: a redirect there needs no listener in the dump. */
export const AGENT_PORTS: ReadonlyMap<number, string> = new Map([
  [15053, 'istio-agent DNS proxy'],
  [15020, 'istio-agent'],
]);

/** The uid/gid Istio runs the proxy as unless told otherwise. */
export const DEFAULT_PROXY_ID = 1337;
