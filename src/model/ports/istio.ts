// Ports Istio's own components use in a sidecar pod.

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
