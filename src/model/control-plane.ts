// Which control plane configured a proxy, told from what the dump itself says: the node (id, metadata), where the
// bootstrap fetches xDS from, and well-known listener and cluster names. Istio-only knowledge (15001/15006,
// BlackHoleCluster, `outbound|port||host` names, iptables capture) applies only where this says Istio. No I/O.
import type { ProxyGraph } from './graph.js';

/** Which control plane configured a proxy, and how envoy-lint knows. */
export interface ControlPlaneSummary {
  /** `istio`, `envoy-gateway`, `consul`, `osm`, `kuma`, `gloo`, `contour`, `traffic-director`, or `unknown`. */
  id: string;
  /** For Istio: `sidecar`, `gateway` or `waypoint`. */
  role?: string;
  /** For people: "Istio sidecar", "Envoy Gateway", "plain Envoy (no known control plane)". */
  name: string;
  /** What gave it away ("node id sidecar~…", "--control-plane"). */
  detectedBy: string;
}

export const CONTROL_PLANE_IDS = ['istio', 'envoy-gateway', 'consul', 'osm', 'kuma', 'gloo', 'contour', 'traffic-director', 'unknown'] as const;

export type ControlPlaneId = (typeof CONTROL_PLANE_IDS)[number];

export function isControlPlaneId(s: string): s is ControlPlaneId {
  return (CONTROL_PLANE_IDS as readonly string[]).includes(s);
}

export type IstioRole = 'sidecar' | 'gateway' | 'waypoint';

export interface ControlPlane {
  id: ControlPlaneId;
  /** For Istio: the kind of proxy (node id `sidecar~`, `router~`, `waypoint~`). */
  role?: IstioRole;
  /** What gave it away, for the report ("node id sidecar~…", "xDS from cluster osm-controller", "--control-plane"). */
  detectedBy: string;
  /** The words and tools its advice uses. */
  advice: Advice;
  summary(): ControlPlaneSummary;
}

/** Phrases a message's advice is made of, in the control plane's own terms (plain Envoy terms when unknown). */
export interface Advice {
  /** "Istio sidecar", "Envoy Gateway", "plain Envoy (no known control plane)". */
  name: string;
  /** Who sends the configuration: "istiod", "Envoy Gateway", "the control plane". */
  server: string;
  /** How to get one section of the proxy's configuration as JSON, for a section named like `clusters`. */
  sectionCommand(section: 'listeners' | 'routes' | 'clusters' | 'endpoints' | 'secrets'): string;
  /** Where a rejected update shows up, besides the proxy's own logs. */
  rejectedStatus: string;
  /** What to check when a service has no endpoints. */
  endpointsCheck: string;
  /** What to check when a route names a cluster the proxy does not have, as a question. */
  clusterCheck: string;
}

const ADMIN = (port: number) => (section: string) => `\`curl -s localhost:${port}/config_dump${section === 'endpoints' ? '?include_eds' : `?resource=${section === 'routes' ? 'dynamic_route_configs' : section === 'secrets' ? 'dynamic_active_secrets' : `dynamic_active_${section}`}`}\` on the proxy`;

const ADVICE: Readonly<Record<ControlPlaneId, Omit<Advice, 'name'>>> = {
  istio: {
    server: 'istiod',
    sectionCommand: (section) => `\`istioctl proxy-config ${section === 'routes' ? 'routes' : section} <pod> -o json\``,
    rejectedStatus: '`istioctl proxy-status` shows the proxy as STALE',
    endpointsCheck: 'that the service has ready pods (and the DestinationRule subset labels select some), and that istiod sends its endpoints',
    clusterCheck: 'is the service defined, and the subset in its DestinationRule?',
  },
  'envoy-gateway': {
    server: 'Envoy Gateway',
    sectionCommand: (section) => `\`egctl config envoy-proxy ${section === 'routes' ? 'route' : section === 'listeners' ? 'listener' : section === 'clusters' ? 'cluster' : section === 'secrets' ? 'secret' : 'endpoints'} -n <namespace> <pod> -o json\``,
    rejectedStatus: 'the Gateway and route status conditions (`kubectl get gateway,httproute -o yaml`) and `egctl x status`',
    endpointsCheck: 'that the backend Service has ready endpoints (`kubectl get endpointslices`) and that the route\'s backendRefs name it with the right port',
    clusterCheck: "does the route's backendRef name an existing Service or Backend, with the right port?",
  },
  consul: {
    server: 'Consul',
    sectionCommand: ADMIN(19000),
    rejectedStatus: 'the Envoy logs of the sidecar and `consul-k8s proxy read <pod>`',
    endpointsCheck: 'that the upstream service has healthy instances in the Consul catalog (`consul catalog services`, `consul-k8s troubleshoot upstreams`) and that intentions allow it',
    clusterCheck: 'is the upstream service registered, and the subset in its service-resolver?',
  },
  osm: {
    server: 'osm-controller',
    sectionCommand: (section) => `\`osm proxy get config_dump <pod> -n <namespace>\` (the ${section} section)`,
    rejectedStatus: 'the osm-controller logs and `osm proxy get config_dump`',
    endpointsCheck: 'that the service has ready pods and that osm-controller sends their endpoints (`osm verify connectivity`)',
    clusterCheck: 'does the SMI TrafficSplit name existing backend Services?',
  },
  kuma: {
    server: 'kuma-cp',
    sectionCommand: () => '`kumactl inspect dataplane <name> --type config-dump`',
    rejectedStatus: 'the dataplane\'s status in `kumactl inspect dataplanes` and the kuma-cp logs',
    endpointsCheck: 'that the destination has healthy dataplanes (`kumactl inspect dataplanes`) and that traffic permissions allow it',
    clusterCheck: "does the route's destination name an existing service?",
  },
  gloo: {
    server: 'Gloo',
    sectionCommand: () => '`glooctl proxy dump`',
    rejectedStatus: '`glooctl check` and the VirtualService / Upstream status',
    endpointsCheck: 'that the Upstream has ready endpoints (`glooctl get upstream`)',
    clusterCheck: 'does the Upstream exist?',
  },
  contour: {
    server: 'Contour',
    sectionCommand: ADMIN(9001),
    rejectedStatus: 'the HTTPProxy status (`kubectl get httpproxy`) and the Contour logs',
    endpointsCheck: 'that the Service behind the HTTPProxy has ready endpoints',
    clusterCheck: 'does the Service the HTTPProxy names exist?',
  },
  'traffic-director': {
    server: 'Traffic Director',
    sectionCommand: ADMIN(15000),
    rejectedStatus: 'the backend service and URL map in Cloud Console (`gcloud compute backend-services get-health`)',
    endpointsCheck: 'that the backend service has healthy backends (`gcloud compute backend-services get-health`)',
    clusterCheck: 'does the backend service the URL map names exist?',
  },
  unknown: {
    server: 'the control plane',
    sectionCommand: ADMIN(9901),
    rejectedStatus: 'the proxy logs (and the control plane\'s own status)',
    endpointsCheck: 'that the control plane sends endpoints for it (EDS) and that the upstream hosts are up',
    clusterCheck: 'is the cluster defined in the control plane?',
  },
};

const NAMES: Readonly<Record<ControlPlaneId, string>> = {
  istio: 'Istio',
  'envoy-gateway': 'Envoy Gateway',
  consul: 'Consul',
  osm: 'Open Service Mesh',
  kuma: 'Kuma',
  gloo: 'Gloo / kgateway',
  contour: 'Contour',
  'traffic-director': 'Traffic Director',
  unknown: 'plain Envoy (no known control plane)',
};

const ROLE_BY_NODE_TYPE: Readonly<Record<string, IstioRole>> = { sidecar: 'sidecar', router: 'gateway', waypoint: 'waypoint' };

function make(id: ControlPlaneId, detectedBy: string, role?: IstioRole): ControlPlane {
  const name = id === 'istio' && role ? `Istio ${role}` : NAMES[id];
  const advice: Advice = { name, ...ADVICE[id] };
  return {
    id,
    ...(role ? { role } : {}),
    detectedBy,
    advice,
    summary: () => ({ id, ...(role ? { role } : {}), name, detectedBy }),
  };
}

/** xDS server clusters that name one control plane. */
const XDS_CLUSTERS: ReadonlyArray<readonly [RegExp, ControlPlaneId]> = [
  [/^xds-grpc$/, 'istio'],
  [/^osm-controller$/, 'osm'],
  [/^ads_cluster$/, 'kuma'],
  [/^local_agent$/, 'consul'],
  [/^contour$/, 'contour'],
  [/^gloo\./, 'gloo'],
];

/** Listener and cluster names only one control plane writes, in the order they are trusted. */
const NAME_SIGNS: ReadonlyArray<readonly [RegExp, ControlPlaneId, string]> = [
  [/^(virtualOutbound|virtualInbound)$/, 'istio', 'listener'],
  [/^(BlackHoleCluster|PassthroughCluster|InboundPassthroughClusterIpv[46]|sds-grpc|main_internal|connect_originate)$/, 'istio', 'cluster'],
  [/^(outbound|inbound|inbound-vip)\|\d+\|[^|]*\|[^|]*$/, 'istio', 'cluster'],
  [/^istio\./, 'istio', 'filter config'],
  [/^envoy-gateway-proxy-(ready|stats)-/, 'envoy-gateway', 'listener'],
  [/^(public_listener|outbound_listener):/, 'consul', 'listener'],
  [/^local_app$/, 'consul', 'cluster'],
  [/^(outbound-listener|inbound-listener|prometheus-listener)$/, 'osm', 'listener'],
  [/^osm-controller$/, 'osm', 'cluster'],
  [/^kuma:/, 'kuma', 'cluster'],
  [/^(inbound|outbound):\d/, 'kuma', 'listener'],
  [/^ingress_https?$/, 'contour', 'listener'],
];

function fromNode(graph: ProxyGraph): ControlPlane | undefined {
  const node = graph.node;
  if (!node) return undefined;
  const id = node.id ?? '';
  const istio = /^(sidecar|router|waypoint)~[^~]*~[^~]*~[^~]*$/.exec(id);
  if (istio) return make('istio', `node id ${istio[1]}~…`, ROLE_BY_NODE_TYPE[istio[1] ?? '']);
  if (node.metadataKeys.some((k) => k.startsWith('ISTIO_') || k === 'MESH_ID')) return make('istio', 'Istio node metadata', graph.listeners.some((l) => l.name === 'virtualOutbound') ? 'sidecar' : undefined);
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(sidecar|gateway)\./.test(id)) return make('osm', 'node id <uuid>.sidecar.… (OSM)');
  if (node.metadataKeys.some((k) => k.startsWith('dataplane.'))) return make('kuma', 'node metadata dataplane.* (Kuma)');
  if (node.metadataKeys.some((k) => k.startsWith('TRAFFICDIRECTOR_')) || /trafficdirector\.googleapis\.com/.test(node.xdsTarget ?? '')) {
    return make('traffic-director', node.xdsTarget ? `xDS from ${node.xdsTarget}` : 'node metadata TRAFFICDIRECTOR_*');
  }
  const xds = node.xdsCluster;
  if (xds) {
    const hit = XDS_CLUSTERS.find(([pattern]) => pattern.test(xds));
    if (hit) return make(hit[1], `xDS from cluster ${xds}`, hit[1] === 'istio' ? roleFromNames(graph) : undefined);
    // Envoy Gateway and Gloo both call their xDS cluster xds_cluster; Envoy Gateway's proxies carry its listeners.
    if (xds === 'xds_cluster' && node.cluster !== undefined && /gloo/.test(node.cluster)) return make('gloo', `xDS from cluster ${xds}, node cluster ${node.cluster}`);
    if (xds === 'xds_cluster' && /^envoy-gateway/.test(node.cluster ?? '')) return make('envoy-gateway', `xDS from cluster ${xds}, node cluster ${node.cluster ?? ''}`);
  }
  return undefined;
}

function roleFromNames(graph: ProxyGraph): IstioRole | undefined {
  if (graph.listeners.some((l) => l.name === 'virtualOutbound' || l.name === 'virtualInbound')) return 'sidecar';
  return undefined;
}

/** The names of each kind a dump shows: clusters include those that routes and load assignments name. */
function namesOf(graph: ProxyGraph, kind: string): string[] {
  if (kind === 'listener') return graph.listeners.map((l) => l.name);
  if (kind === 'filter config') return graph.extensionConfigs.map((e) => e.name);
  return [...graph.clusters.map((c) => c.name), ...graph.references.filter((r) => r.targetKind === 'cluster').map((r) => r.name), ...graph.endpoints.map((e) => e.clusterName)];
}

function fromNames(graph: ProxyGraph, xdsCluster: string | undefined): ControlPlane | undefined {
  for (const [pattern, id, kind] of NAME_SIGNS) {
    const names = namesOf(graph, kind);
    const name = names.find((n) => pattern.test(n));
    if (name !== undefined) return make(id, `${kind} ${name}`, id === 'istio' ? roleFromNames(graph) : undefined);
  }
  if (xdsCluster === 'xds_cluster') return make('envoy-gateway', 'xDS from cluster xds_cluster');
  return undefined;
}

/** The tool whose output an input is: its format names the control plane when the dump itself does not. */
export type InputFormat = 'istioctl' | 'egctl';

/**
 * The control plane of a proxy: `override` when given (`--control-plane`), else what the dump shows (its node, then
 * its resources' names), else the tool that wrote the input.
 */
export function detectControlPlane(graph: ProxyGraph, override?: ControlPlaneId, formats: readonly InputFormat[] = []): ControlPlane {
  if (override) return make(override, '--control-plane', override === 'istio' ? roleFromNames(graph) : undefined);
  const detected = fromNode(graph) ?? fromNames(graph, graph.node?.xdsCluster);
  if (detected) return detected;
  if (formats.includes('egctl')) return make('envoy-gateway', 'egctl output');
  if (formats.includes('istioctl')) return make('istio', 'istioctl output', roleFromNames(graph));
  return make('unknown', graph.node ? 'no control plane named by the node or its resources' : 'no bootstrap in the inputs');
}
