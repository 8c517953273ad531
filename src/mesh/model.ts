// The mesh: every proxy's facts joined. Each client cluster's endpoints are mapped to the proxy that owns the
// endpoint's IP (only IPs a proxy of the run says it owns), and for that server and port, what its inbound side does
// with a TLS or a plaintext connection (Envoy's filter chain selection, reduced to destination port and transport).
import type { ChainFact, ClientTls, ClusterFact, EndpointFact, InboundListenerFact, MeshFacts } from './facts.js';

export type Transport = 'tls' | 'plaintext';

/** What a server does with a connection to one of its ports. */
export type Serving =
  | { kind: 'served'; listener: InboundListenerFact; chain: ChainFact }
  /** A chain takes it, but only one of the other transport exists for the port. */
  | { kind: 'wrong-transport'; listener: InboundListenerFact; chain: ChainFact; accepts: Transport }
  /** No chain for the port: the connection goes to a catch-all or passthrough chain, or is closed. */
  | { kind: 'not-served'; listener?: InboundListenerFact; chain?: ChainFact };

/** One endpoint of a client cluster that a proxy of the run owns. */
export interface MeshLink {
  client: MeshFacts;
  cluster: ClusterFact;
  endpoint: EndpointFact;
  server: MeshFacts;
  /** What the client sends to this endpoint (transport_socket_matches resolved against its metadata). */
  transport: Transport;
  tls?: ClientTls;
  /** The socket match that chose it, when one did. */
  socketMatch?: string;
}

/** Endpoints the client sends TLS to whose IP no proxy of the run owns, per client (the mesh rules cannot check them). */
export interface Unmapped {
  client: MeshFacts;
  endpoints: Array<{ cluster: ClusterFact; endpoint: EndpointFact }>;
}

/** Addresses no other proxy can be reached at: loopback, unspecified, IPv6 link-local. */
const LOOPBACK = /^(127\.|::1$|0\.0\.0\.0$|fe80:)/i;

function isIp(address: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(address) || (address.includes(':') && /^[\da-f:.]+$/i.test(address));
}

/** The socket an endpoint gets: the first transport_socket_matches entry whose match its metadata holds, else the default. */
function socketFor(cluster: ClusterFact, endpoint: EndpointFact): { tls?: ClientTls; match?: string } {
  for (const m of cluster.socketMatches) {
    if (Object.entries(m.match).every(([k, v]) => endpoint.socketMatch[k] === v)) return { ...(m.tls ? { tls: m.tls } : {}), match: m.name };
  }
  return cluster.tls ? { tls: cluster.tls } : {};
}

/** The chains Envoy would consider for `port`: those for that port exactly if any, else those for any port. */
function chainsForPort(listener: InboundListenerFact, port: number): ChainFact[] {
  const ordinary = listener.chains.filter((c) => !c.isDefault);
  const exact = ordinary.filter((c) => c.destinationPort === port);
  return exact.length > 0 ? exact : ordinary.filter((c) => c.destinationPort === undefined);
}

/** The chain a connection of this transport gets among `chains` (transport_protocol: the exact value, else unset). */
function chainFor(listener: InboundListenerFact, chains: readonly ChainFact[], transport: Transport): ChainFact | undefined {
  // Without tls_inspector the transport protocol is always raw_buffer (the listener filter is what detects TLS).
  const detected = transport === 'tls' && listener.tlsInspector ? 'tls' : 'raw_buffer';
  return chains.find((c) => c.transportProtocol === detected) ?? chains.find((c) => c.transportProtocol === undefined);
}

/** Whether a chain can serve the transport it was picked for: a TLS client needs TLS terminated, a plaintext one must not meet it. */
function accepts(chain: ChainFact, transport: Transport): boolean {
  if (chain.transportProtocol === 'tls') return transport === 'tls';
  return chain.terminatesTls === (transport === 'tls');
}

export function serving(server: MeshFacts, ip: string, port: number, transport: Transport): Serving {
  // A listener bound to the IP and port itself first, then one on any address, then the sidecar's capture listener.
  const direct = server.inbound.filter((l) => !l.captured && l.port === port && (l.address === ip || /^(0\.0\.0\.0|::|\[::\])$/.test(l.address ?? '')));
  const ordered = [...direct.filter((l) => l.address === ip), ...direct.filter((l) => l.address !== ip), ...server.inbound.filter((l) => l.captured)];
  const listener = ordered[0];
  if (!listener) return { kind: 'not-served' };
  const chains = listener.captured ? chainsForPort(listener, port) : listener.chains.filter((c) => !c.isDefault && (c.destinationPort === undefined || c.destinationPort === port));
  const portChains = listener.captured ? chains.filter((c) => c.destinationPort === port) : chains;
  if (portChains.length === 0) {
    const fallback = chainFor(listener, chains, transport) ?? listener.chains.find((c) => c.isDefault);
    return { kind: 'not-served', listener, ...(fallback ? { chain: fallback } : {}) };
  }
  const chain = chainFor(listener, portChains, transport);
  if (chain?.passthrough) return { kind: 'not-served', listener, chain };
  if (chain && accepts(chain, transport)) return { kind: 'served', listener, chain };
  const other: Transport = transport === 'tls' ? 'plaintext' : 'tls';
  const alternative = chainFor(listener, portChains, other);
  const shown = chain ?? alternative ?? portChains[0];
  if (!shown) return { kind: 'not-served', listener };
  return { kind: 'wrong-transport', listener, chain: shown, accepts: other };
}

export class Mesh {
  readonly proxies: readonly MeshFacts[];
  readonly links: readonly MeshLink[];
  readonly unmapped: readonly Unmapped[];
  private readonly owners = new Map<string, MeshFacts[]>();

  constructor(proxies: readonly MeshFacts[]) {
    this.proxies = proxies;
    for (const proxy of proxies) {
      for (const address of proxy.addresses) {
        const list = this.owners.get(address.ip) ?? [];
        if (!list.includes(proxy)) list.push(proxy);
        this.owners.set(address.ip, list);
      }
    }
    const links: MeshLink[] = [];
    const unmapped: Unmapped[] = [];
    for (const client of proxies) {
      const own = new Set(client.addresses.map((a) => a.ip));
      const missing: Unmapped['endpoints'] = [];
      for (const cluster of client.clusters) {
        for (const endpoint of cluster.endpoints) {
          // Only IP endpoints can be owned by a proxy (a DNS name's address is not in the dump).
          if (!isIp(endpoint.ip) || LOOPBACK.test(endpoint.ip) || own.has(endpoint.ip)) continue;
          const owners = this.owners.get(endpoint.ip) ?? [];
          // Two proxies claiming one IP (stale dumps of a recycled pod IP): which one serves it cannot be told.
          const server = owners.length === 1 ? owners[0] : undefined;
          const socket = socketFor(cluster, endpoint);
          if (!server) {
            // Said only of mesh traffic (TLS): plaintext to an address no proxy owns is a backend outside the mesh.
            if (owners.length === 0 && socket.tls) missing.push({ cluster, endpoint });
            continue;
          }
          links.push({ client, cluster, endpoint, server, transport: socket.tls ? 'tls' : 'plaintext', ...(socket.tls ? { tls: socket.tls } : {}), ...(socket.match !== undefined ? { socketMatch: socket.match } : {}) });
        }
      }
      if (missing.length > 0) unmapped.push({ client, endpoints: missing });
    }
    this.links = links;
    this.unmapped = unmapped;
  }

  /** The proxies that say they own `ip`. */
  ownersOf(ip: string): readonly MeshFacts[] {
    return this.owners.get(ip) ?? [];
  }
}
