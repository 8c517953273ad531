// Collects one group's mesh facts while its proxies are read: the loader hands every raw resource to `sink` (the graph
// keeps no SAN matchers, client-certificate requirements or endpoint addresses), and `facts` joins them with each
// proxy's graph once it is built. The facts' locations are file and pointer only: a proxy has thousands of them and a
// mesh finding points at a few, so only those are located, once the mesh rules have run (place.ts).
import type { SourceLocation } from '../engine/finding.js';
import type { LoadedInput } from '../load/input.js';
import type { Msg } from '../load/reader.js';
import type { RawResource } from '../load/resources.js';
import { isLive, type ProxyGraph } from '../model/graph.js';
import type { ChainFact, ClientTls, ClusterFact, EndpointFact, InboundListenerFact, MeshFacts, ProxyAddress, ProxyIdentity, SanMatcher, SocketMatch } from './facts.js';
import { unplaced } from './place.js';
import { child, children, flag, inlineIdentity, isTlsContext, number, stringMap, text } from './raw.js';

/** A value's location: its pointer now, its file once `facts` knows the inputs, its line and column when reported. */
type Place = (pointer: string) => SourceLocation;

/** A cluster's TLS as read, with the name of the SDS validation secret whose matchers are joined in later. */
interface RawClusterTls {
  tls?: ClientTls;
  socketMatches: SocketMatch[];
  /** Each ClientTls above that names an SDS validation secret, with that name. */
  secrets: Array<[ClientTls, string]>;
}

/** What the raw resources say beyond the graph, by where each thing sits (`input\0pointer`) or by secret name. */
interface RawFacts {
  chains: Map<string, { terminatesTls: boolean; requireClientCertificate: boolean; trustedCa?: string }>;
  clusters: Map<string, RawClusterTls>;
  assignments: Map<string, EndpointFact[]>;
  inlineEndpoints: Map<string, EndpointFact[]>;
  secretMatchers: Map<string, SanMatcher[]>;
}

const key = (input: number, pointer: string): string => `${input}\u0000${pointer}`;

function sanMatchers(validation: Msg | undefined, place: Place): SanMatcher[] {
  const out: SanMatcher[] = [];
  const matcher = (m: Msg, sanType?: string): void => {
    const ignoreCase = flag(m, 'ignore_case') === true;
    for (const kind of ['exact', 'prefix', 'suffix', 'contains'] as const) {
      const value = text(m, kind);
      if (value) out.push({ kind, value: value.value, ignoreCase, ...(sanType ? { sanType } : {}), location: place(value.pointer) });
    }
    const regex = text(child(m, 'safe_regex'), 'regex');
    if (regex) out.push({ kind: 'regex', value: regex.value, ignoreCase, ...(sanType ? { sanType } : {}), location: place(regex.pointer) });
  };
  for (const m of children(validation, 'match_subject_alt_names')) matcher(m);
  for (const typed of children(validation, 'match_typed_subject_alt_names')) {
    const m = child(typed, 'matcher');
    const sanType = typeof typed.value.san_type === 'string' ? typed.value.san_type : typeof typed.value.sanType === 'string' ? typed.value.sanType : undefined;
    if (m) matcher(m, sanType);
  }
  // The deprecated verify_subject_alt_name: exact names (Istio before 1.3 wrote it).
  const legacy = validation?.raw('verify_subject_alt_name') ?? validation?.raw('verifySubjectAltName');
  if (legacy && Array.isArray(legacy.value)) {
    legacy.value.forEach((v, i) => {
      if (typeof v === 'string') out.push({ kind: 'exact', value: v, ignoreCase: false, location: place(`${legacy.pointer}/${i}`) });
    });
  }
  return out;
}

/** The client side of an UpstreamTlsContext; the SDS validation secret's matchers are joined in later. */
function clientTls(context: Msg, place: Place): { tls: ClientTls; validationSecret?: string } {
  const common = child(context, 'common_tls_context');
  const combined = child(common, 'combined_validation_context');
  const validation = child(combined, 'default_validation_context') ?? child(common, 'validation_context');
  const sds = text(child(combined, 'validation_context_sds_secret_config') ?? child(common, 'validation_context_sds_secret_config'), 'name');
  const presentsCertificate = children(common, 'tls_certificates').length > 0 || children(common, 'tls_certificate_sds_secret_configs').length > 0 || child(common, 'tls_certificate_provider_instance') !== undefined || child(common, 'tls_certificate_certificate_provider_instance') !== undefined;
  const trustedCa = inlineIdentity(child(validation, 'trusted_ca'));
  const tls: ClientTls = { location: place(context.pointer), presentsCertificate, sanMatchers: sanMatchers(validation, place), ...(trustedCa ? { trustedCa } : {}) };
  return { tls, ...(sds ? { validationSecret: sds.value } : {}) };
}

function endpointsOf(assignment: Msg, place: Place): EndpointFact[] {
  const out: EndpointFact[] = [];
  for (const locality of children(assignment, 'endpoints')) {
    for (const lb of children(locality, 'lb_endpoints')) {
      const socket = child(child(child(lb, 'endpoint'), 'address'), 'socket_address');
      const ip = text(socket, 'address');
      const port = number(socket, 'port_value');
      if (!ip || port === undefined) continue;
      const metadata = child(lb, 'metadata');
      const filter = metadata?.raw('filter_metadata') ?? metadata?.raw('filterMetadata');
      const byNamespace = typeof filter?.value === 'object' && filter.value !== null ? (filter.value as Record<string, unknown>) : {};
      out.push({ ip: ip.value, port, socketMatch: stringMap(byNamespace['envoy.transport_socket_match']), location: place(ip.pointer) });
    }
  }
  return out;
}

export class MeshFactCollector {
  private readonly byProxy = new Map<string | undefined, RawFacts>();

  /**
   * `namedOnly`: hear only the resources of an egctl map's proxies. A group of inputs is several proxies only when it
   * holds such a map, so a caller that runs the mesh over one group spends nothing on a plain dump.
   */
  constructor(private readonly options: { namedOnly?: boolean } = {}) {}
  /** Every location handed out, with its input: `facts` fills in the file. */
  private readonly pending: Array<[number, SourceLocation]> = [];

  /** A location in input `at`, known by its pointer (see place.ts for its line and column). */
  private placeIn(at: number): Place {
    return (pointer) => {
      const location = unplaced(pointer);
      this.pending.push([at, location]);
      return location;
    };
  }

  private raw(proxy: string | undefined): RawFacts {
    let facts = this.byProxy.get(proxy);
    if (!facts) this.byProxy.set(proxy, (facts = { chains: new Map(), clusters: new Map(), assignments: new Map(), inlineEndpoints: new Map(), secretMatchers: new Map() }));
    return facts;
  }

  /** The loader's onResource hook: reads what the mesh needs from each resource as it passes, keeping no Msg. */
  readonly sink = (resource: RawResource, proxy: string | undefined): void => {
    if (resource.state === 'draining' || resource.state === 'error' || (this.options.namedOnly === true && proxy === undefined)) return;
    const facts = this.raw(proxy);
    const { msg, input } = resource;
    switch (resource.type) {
      case 'listener':
        for (const chain of [...children(msg, 'filter_chains'), ...[child(msg, 'default_filter_chain')].filter((c): c is Msg => c !== undefined)]) {
          // The v2 tls_context is a DownstreamTlsContext whatever its type is read as.
          const legacy = child(chain, 'tls_context');
          const socket = child(child(chain, 'transport_socket'), 'typed_config');
          const context = isTlsContext(socket, 'DownstreamTlsContext') ? socket : legacy;
          if (!context) continue;
          const common = child(context, 'common_tls_context');
          const validation = child(child(common, 'combined_validation_context'), 'default_validation_context') ?? child(common, 'validation_context');
          const trustedCa = inlineIdentity(child(validation, 'trusted_ca'));
          facts.chains.set(key(input, chain.pointer), { terminatesTls: true, requireClientCertificate: flag(context, 'require_client_certificate') === true, ...(trustedCa ? { trustedCa } : {}) });
        }
        return;
      case 'cluster': {
        const place = this.placeIn(input);
        const direct = child(child(msg, 'transport_socket'), 'typed_config');
        const legacy = child(msg, 'tls_context');
        const context = isTlsContext(direct, 'UpstreamTlsContext') ? direct : legacy;
        const secrets: Array<[ClientTls, string]> = [];
        const read = (c: Msg): ClientTls => {
          const { tls, validationSecret } = clientTls(c, place);
          if (validationSecret !== undefined) secrets.push([tls, validationSecret]);
          return tls;
        };
        const socketMatches: SocketMatch[] = children(msg, 'transport_socket_matches').map((m) => {
          const socket = child(child(m, 'transport_socket'), 'typed_config');
          return { name: text(m, 'name')?.value ?? '', match: stringMap(m.raw('match')?.value), ...(isTlsContext(socket, 'UpstreamTlsContext') ? { tls: read(socket) } : {}) };
        });
        const tls = context ? read(context) : undefined;
        facts.clusters.set(key(input, msg.pointer), { ...(tls ? { tls } : {}), socketMatches, secrets });
        const assignment = child(msg, 'load_assignment');
        if (assignment) facts.inlineEndpoints.set(key(input, msg.pointer), endpointsOf(assignment, place));
        return;
      }
      case 'endpoints':
        facts.assignments.set(key(input, msg.pointer), endpointsOf(msg, this.placeIn(input)));
        return;
      case 'secret': {
        const secret = child(msg, 'secret') ?? msg;
        const name = text(secret, 'name')?.value ?? text(msg, 'name')?.value;
        const validation = child(secret, 'validation_context');
        if (name !== undefined && validation) facts.secretMatchers.set(name, sanMatchers(validation, this.placeIn(input)));
        return;
      }
      default:
        return;
    }
  };

  /**
   * The facts of each proxy, joined with its graph. A proxy of an egctl map heard its resources under its own name;
   * the others (a dump, the files beside it) without one. Their locations are not yet placed (see place.ts).
   */
  facts(proxies: ReadonlyArray<{ name: string; graph: ProxyGraph; controlPlane: string }>, inputs: readonly LoadedInput[]): MeshFacts[] {
    const facts = proxies.map((proxy) => {
      const raw = this.byProxy.get(proxy.name) ?? (proxies.length === 1 ? this.merged() : this.raw(undefined));
      return proxyFacts(proxy, raw, (at) => this.placeIn(at), proxy.graph.origin.input);
    });
    for (const [at, location] of this.pending.splice(0)) location.file = inputs[at]?.file ?? '';
    return facts;
  }

  /** One proxy only: whatever was heard, under any name, is its (an egctl map's one proxy and the files beside it). */
  private merged(): RawFacts {
    const all = this.raw(undefined);
    for (const [name, facts] of this.byProxy) {
      if (name === undefined) continue;
      for (const field of ['chains', 'clusters', 'assignments', 'inlineEndpoints', 'secretMatchers'] as const) {
        for (const [k, v] of facts[field] as Map<string, never>) (all[field] as Map<string, never>).set(k, v);
      }
    }
    return all;
  }
}

const PASSTHROUGH = /^(PassthroughCluster|InboundPassthroughCluster(Ipv4|Ipv6)?|BlackHoleCluster)$/;

function proxyFacts(proxy: { name: string; graph: ProxyGraph; controlPlane: string }, raw: RawFacts, placeIn: (input: number) => Place, nodeInput: number): MeshFacts {
  const { graph } = proxy;
  const node = graph.node;
  const placeNode = placeIn(nodeInput);
  const location = node ? placeNode(node.pointer) : placeIn(graph.origin.input)(graph.origin.pointer);
  const metadataAt = (field: string): SourceLocation => placeNode(`${node?.pointer ?? ''}/metadata/${field}`);
  const addresses: ProxyAddress[] = [];
  const addAddress = (ip: string, at: SourceLocation, source: string): void => {
    if (ip && !addresses.some((a) => a.ip === ip)) addresses.push({ ip, location: at, source });
  };
  // INSTANCE_IPS (ISTIO_META_INSTANCE_IPS before Istio 1.3).
  for (const field of ['INSTANCE_IPS', 'ISTIO_META_INSTANCE_IPS']) for (const ip of (node?.metadata[field] ?? '').split(',')) addAddress(ip.trim(), metadataAt(field), `node metadata ${field}`);
  // Istio's node id: sidecar~<ip>~<pod>.<namespace>~<domain>.
  const idParts = node?.id?.split('~') ?? [];
  if (idParts.length === 4 && /^[\d.:a-fA-F]+$/.test(idParts[1] ?? '')) addAddress(idParts[1] ?? '', placeNode(`${node?.pointer ?? ''}/id`), 'node id');
  const inbound: InboundListenerFact[] = [];
  for (const listener of graph.listeners) {
    if (!isLive(listener.state) || listener.internal) continue;
    const captured = listener.trafficDirection === 'INBOUND';
    const specific = listener.address !== undefined && !/^(0\.0\.0\.0|::|\[::\])$/.test(listener.address) && listener.trafficDirection !== 'OUTBOUND';
    const bound = listener.bindToPort && listener.trafficDirection !== 'OUTBOUND' && !listener.useOriginalDst;
    if (!captured && !specific && !bound) continue;
    // An inbound listener on a specific IP says the proxy owns it (a listener without a direction may be a service VIP's).
    if (captured && listener.address && !/^(0\.0\.0\.0|::|\[::\]|127\.)/.test(listener.address)) addAddress(listener.address, placeIn(listener.origin.input)(listener.origin.pointer), `listener ${listener.name}`);
    const tlsInspector = (listener.listenerFilters ?? []).some((f) => /tls_inspector/.test(f.name) || /TlsInspector$/.test(f.typeName ?? ''));
    const chains: ChainFact[] = [...listener.filterChains, ...(listener.defaultFilterChain ? [listener.defaultFilterChain] : [])].map((chain) => {
      const extra = raw.chains.get(key(chain.origin.input, chain.origin.pointer));
      const clusters = chain.tcpProxy?.clusters.map((c) => c.name) ?? [];
      return {
        name: chain.name ?? String(chain.index),
        isDefault: chain.isDefault,
        ...(chain.match.destinationPort !== undefined ? { destinationPort: chain.match.destinationPort } : {}),
        ...(chain.match.transportProtocol !== undefined ? { transportProtocol: chain.match.transportProtocol } : {}),
        terminatesTls: chain.tls !== undefined || extra?.terminatesTls === true,
        requireClientCertificate: extra?.requireClientCertificate ?? false,
        ...(extra?.trustedCa ? { trustedCa: extra.trustedCa } : {}),
        passthrough: clusters.length > 0 && clusters.every((c) => PASSTHROUGH.test(c)),
        location: placeIn(chain.origin.input)(chain.origin.pointer),
      };
    });
    inbound.push({ name: listener.name, ...(listener.address !== undefined ? { address: listener.address } : {}), ...(listener.port !== undefined ? { port: listener.port } : {}), captured, tlsInspector, chains, location: placeIn(listener.origin.input)(listener.origin.pointer) });
  }
  const clusters: ClusterFact[] = [];
  for (const cluster of graph.clusters) {
    // Passthrough clusters go anywhere, and the control plane the proxy fetches xDS from is no proxy of the mesh.
    if (!isLive(cluster.state) || cluster.discoveryType === 'ORIGINAL_DST' || PASSTHROUGH.test(cluster.name) || cluster.name === node?.xdsCluster) continue;
    const at = cluster.origin;
    // A cluster without endpoints in the dump pairs with no server: nothing else of it is read (most of a sidecar's).
    const assignment = graph.endpointsFor(cluster);
    const endpoints = (assignment ? raw.assignments.get(key(assignment.origin.input, assignment.origin.pointer)) : raw.inlineEndpoints.get(key(at.input, at.pointer))) ?? [];
    if (endpoints.length === 0) continue;
    const tls = raw.clusters.get(key(at.input, at.pointer));
    for (const [t, name] of tls?.secrets ?? []) {
      const fromSecret = raw.secretMatchers.get(name);
      if (fromSecret) t.sanMatchers.push(...fromSecret.filter((m) => !t.sanMatchers.includes(m)));
      else if (t.sanMatchers.length === 0) t.unknownValidation = name;
    }
    clusters.push({ name: cluster.name, location: placeIn(at.input)(cluster.nameOrigin?.pointer ?? at.pointer), ...(tls?.tls ? { tls: tls.tls } : {}), socketMatches: tls?.socketMatches ?? [], endpoints });
  }
  return {
    proxy: proxy.name,
    controlPlane: proxy.controlPlane,
    location,
    ...(node?.id !== undefined ? { nodeId: node.id } : {}),
    ...identityFields(proxy, placeNode, metadataAt),
    addresses,
    identities: identities(proxy, placeIn, placeNode, metadataAt),
    inbound,
    clusters,
  };
}

function identityFields(proxy: { graph: ProxyGraph }, placeNode: Place, metadataAt: (field: string) => SourceLocation): Partial<MeshFacts> {
  const node = proxy.graph.node;
  if (!node) return {};
  const meta = node.metadata;
  const namespace = meta.NAMESPACE ?? /^[^~]+~[^~]+~[^.~]+\.([^~]+)~/.exec(node.id ?? '')?.[1];
  const workload = meta.WORKLOAD_NAME;
  return {
    ...(namespace !== undefined ? { namespace } : {}),
    ...(workload !== undefined ? { workload } : {}),
    ...(node.envoyVersion !== undefined ? { envoyVersion: node.envoyVersion, envoyVersionLocation: placeNode(node.pointer) } : {}),
    ...(meta.ISTIO_VERSION !== undefined ? { controlPlaneVersion: meta.ISTIO_VERSION, controlPlaneVersionLocation: metadataAt('ISTIO_VERSION') } : {}),
  };
}

/** What the proxy presents: its inbound certificates' SANs when the dump holds them, else what its node says. */
function identities(proxy: { graph: ProxyGraph; controlPlane: string }, placeIn: (input: number) => Place, placeNode: Place, metadataAt: (field: string) => SourceLocation): ProxyIdentity[] {
  const { graph } = proxy;
  const out: ProxyIdentity[] = [];
  const secretNames = new Set<string>();
  for (const listener of graph.listeners) for (const chain of listener.filterChains) for (const cert of chain.tls?.certificates ?? []) if (cert.id.startsWith('sds:') && listener.trafficDirection === 'INBOUND') secretNames.add(cert.id.slice(4));
  for (const name of secretNames) {
    const leaf = graph.secret(name)?.certificates?.find((c) => c.role === 'chain');
    if (!leaf) continue;
    const at = placeIn(leaf.origin.input)(leaf.origin.pointer);
    for (const san of leaf.subjectAltNames) if (!out.some((i) => i.value === san)) out.push({ value: san, source: 'certificate', location: at });
  }
  if (out.length > 0) return out;
  const node = graph.node;
  const meta = node?.metadata ?? {};
  if (meta.SERVICE_ACCOUNT !== undefined && meta.NAMESPACE !== undefined) {
    out.push({ value: `/ns/${meta.NAMESPACE}/sa/${meta.SERVICE_ACCOUNT}`, source: 'node', spiffePathOnly: true, location: metadataAt('SERVICE_ACCOUNT') });
  }
  // OSM's node id: <uuid>.sidecar.<service account>.<namespace>.<trust domain>; its SAN is <sa>.<ns>.<trust domain>.
  const osm = proxy.controlPlane === 'osm' ? /^[0-9a-f-]{36}\.sidecar\.(.+)$/.exec(node?.id ?? '') : null;
  if (osm?.[1]) out.push({ value: osm[1], source: 'node', location: placeNode(`${node?.pointer ?? ''}/id`) });
  return out;
}
