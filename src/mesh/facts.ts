// Mesh facts: what one proxy tells the mesh about itself, as plain serialisable data (they cross from the fleet's
// worker threads), each value with its file and pointer (its line and column are placed once reported: place.ts).
// Built by collect.ts in the proxy's own job; the mesh model (model.ts) joins every proxy's facts after the jobs.
import type { SourceLocation } from '../engine/finding.js';

/** How a SAN matcher compares (envoy.type.matcher.v3.StringMatcher). */
export interface SanMatcher {
  kind: 'exact' | 'prefix' | 'suffix' | 'contains' | 'regex';
  value: string;
  ignoreCase: boolean;
  /** match_typed_subject_alt_names' san_type (DNS, URI, EMAIL, IP_ADDRESS, OTHER_NAME); absent: any SAN. */
  sanType?: string;
  location: SourceLocation;
}

/** A cluster's UpstreamTlsContext: what the client checks of the server and whether it presents a certificate. */
export interface ClientTls {
  location: SourceLocation;
  presentsCertificate: boolean;
  /** Inline and from SDS validation secrets the dump holds; empty: the server's name is not checked (or not known). */
  sanMatchers: SanMatcher[];
  /** An SDS validation secret the dump does not hold: its matchers are unknown. */
  unknownValidation?: string;
  /** The trusted CA by identity (`inline:<hash>`), when written inline and not empty. */
  trustedCa?: string;
}

/** One of a cluster's transport_socket_matches: the endpoints whose metadata holds `match` get this socket. */
export interface SocketMatch {
  name: string;
  match: Record<string, string>;
  tls?: ClientTls;
}

export interface EndpointFact {
  ip: string;
  port: number;
  /** The endpoint's `envoy.transport_socket_match` metadata (Istio: tlsMode). */
  socketMatch: Record<string, string>;
  location: SourceLocation;
}

export interface ClusterFact {
  name: string;
  location: SourceLocation;
  /** The default transport socket's TLS (transport_socket, or v2 tls_context); absent: plaintext. */
  tls?: ClientTls;
  socketMatches: SocketMatch[];
  endpoints: EndpointFact[];
}

/** One filter chain of a listener that receives inbound connections. */
export interface ChainFact {
  name: string;
  isDefault: boolean;
  destinationPort?: number;
  /** filter_chain_match.transport_protocol ("tls", "raw_buffer"); absent: any. */
  transportProtocol?: string;
  /** Whether the chain terminates TLS (a DownstreamTlsContext). */
  terminatesTls: boolean;
  requireClientCertificate: boolean;
  /** The chain's trusted CA for client certificates, by identity, when inline. */
  trustedCa?: string;
  /** The chain hands connections on unmanaged (a TCP proxy to a passthrough cluster). */
  passthrough: boolean;
  location: SourceLocation;
}

export interface InboundListenerFact {
  name: string;
  address?: string;
  port?: number;
  /** Receives connections for every port (traffic_direction INBOUND: the sidecar's capture, Istio's 15006). */
  captured: boolean;
  tlsInspector: boolean;
  chains: ChainFact[];
  location: SourceLocation;
}

export interface ProxyAddress {
  ip: string;
  /** Where the proxy says it owns it (INSTANCE_IPS, the node id, a listener's address). */
  location: SourceLocation;
  source: string;
}

export interface ProxyIdentity {
  /** A SAN the proxy presents: from its certificate, or as its node says (SPIFFE path or OSM's service identity). */
  value: string;
  source: 'certificate' | 'node';
  /** For `node` Istio identities: the trust domain is not known, only `/ns/<ns>/sa/<sa>`. */
  spiffePathOnly?: boolean;
  location: SourceLocation;
}

export interface MeshFacts {
  proxy: string;
  controlPlane: string;
  /** Where findings about the proxy as a whole point (its node, else its first document). */
  location: SourceLocation;
  nodeId?: string;
  namespace?: string;
  workload?: string;
  envoyVersion?: string;
  envoyVersionLocation?: SourceLocation;
  controlPlaneVersion?: string;
  controlPlaneVersionLocation?: SourceLocation;
  addresses: ProxyAddress[];
  identities: ProxyIdentity[];
  inbound: InboundListenerFact[];
  clusters: ClusterFact[];
}

/** Every location in a proxy's facts. */
export function allLocations(facts: readonly MeshFacts[]): SourceLocation[] {
  const out: SourceLocation[] = [];
  const tlsLocations = (tls: ClientTls | undefined): void => {
    if (!tls) return;
    out.push(tls.location);
    for (const m of tls.sanMatchers) out.push(m.location);
  };
  for (const f of facts) {
    out.push(f.location);
    if (f.envoyVersionLocation) out.push(f.envoyVersionLocation);
    if (f.controlPlaneVersionLocation) out.push(f.controlPlaneVersionLocation);
    for (const a of f.addresses) out.push(a.location);
    for (const i of f.identities) out.push(i.location);
    for (const listener of f.inbound) {
      out.push(listener.location);
      for (const chain of listener.chains) out.push(chain.location);
    }
    for (const cluster of f.clusters) {
      out.push(cluster.location);
      tlsLocations(cluster.tls);
      for (const m of cluster.socketMatches) tlsLocations(m.tls);
      for (const e of cluster.endpoints) out.push(e.location);
    }
  }
  return out;
}
