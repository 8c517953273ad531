// Which control plane configured a proxy, told from what the dump itself says: the node (id, metadata), where the
// bootstrap fetches xDS from, and well-known listener and cluster names. Istio-only knowledge (15001/15006,
// BlackHoleCluster, `outbound|port||host` names, iptables capture) applies only where this says Istio. No I/O.
import type { ProxyGraph } from './graph.js';
import { VIRTUAL_INBOUND, VIRTUAL_OUTBOUND } from './istio.js';

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

/** One way to tell a control plane: what it looks for, and how it reads in the report. */
interface Sign {
  id: ControlPlaneId;
  /** The evidence when it matches ("node id sidecar~…"), or undefined. */
  test(graph: ProxyGraph): string | undefined;
}

/** The first name among `names` that matches, as "<what> <name>". */
function named(what: string, names: readonly string[], pattern: RegExp): string | undefined {
  const hit = names.find((n) => pattern.test(n));
  return hit !== undefined ? `${what} ${hit}` : undefined;
}

const listenerNames = (g: ProxyGraph): string[] => g.listeners.map((l) => l.name);
const clusterNameCache = new WeakMap<ProxyGraph, string[]>();
/** Every cluster name the graph mentions (made once per graph: several signs look at them). */
const clusterNames = (g: ProxyGraph): string[] => {
  let names = clusterNameCache.get(g);
  if (!names) clusterNameCache.set(g, (names = [...new Set([...g.clusters.map((c) => c.name), ...g.references.filter((r) => r.targetKind === 'cluster').map((r) => r.name), ...g.endpoints.map((e) => e.clusterName)])]));
  return names;
};
const filterNames = (g: ProxyGraph): string[] => g.listeners.flatMap((l) => [...l.filterChains, ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])].flatMap((c) => c.uncheckedFilters ?? []));
const routeConfigNames = (g: ProxyGraph): string[] => g.routeConfigs.map((r) => r.name);
const metadataKeys = (g: ProxyGraph): readonly string[] => g.node?.metadataKeys ?? [];

/**
 * Decisive signs from the bootstrap and the xDS server first, then well-known names for dumps without a bootstrap.
 * The order matters where one control plane borrows another's conventions: Traffic Director serves Istio-shaped
 * config, Envoy Gateway and Gloo both call their xDS cluster `xds_cluster`, so that name alone decides nothing.
 * Sources: each control plane's bootstrap templates and real dumps (README, "Control planes").
 */
const SIGNS: readonly Sign[] = [
  { id: 'traffic-director', test: (g) => (/trafficdirector\.googleapis\.com/.test(g.node?.xdsTarget ?? '') ? `xDS from ${g.node?.xdsTarget ?? ''}` : undefined) },
  { id: 'traffic-director', test: (g) => (/^projects\/\d+\/networks\/[^/]+\/nodes\//.test(g.node?.id ?? '') ? 'node id projects/…/networks/…/nodes/…' : undefined) },
  { id: 'traffic-director', test: (g) => (metadataKeys(g).some((k) => k.startsWith('TRAFFICDIRECTOR_')) ? 'node metadata TRAFFICDIRECTOR_*' : named('cluster', clusterNames(g), /^cloud-internal-istio:/)) },
  { id: 'gloo', test: (g) => { const role = g.node?.metadata.role ?? ''; return /^(kgateway|gloo)-kube-gateway-api~/.test(role) || /^[^~]+~[^~]+$/.test(role) ? `node metadata role ${role}` : undefined; } },
  { id: 'gloo', test: (g) => (/^gloo\./.test(g.node?.xdsCluster ?? '') ? `xDS from cluster ${g.node?.xdsCluster ?? ''}` : named('cluster', clusterNames(g), /^gloo\.[^.]+\.svc\..*:\d+$/) ?? named('filter', filterNames(g), /^io\.solo\./)) },
  { id: 'kuma', test: (g) => (metadataKeys(g).some((k) => k.startsWith('dataplane.')) ? 'node metadata dataplane.*' : named('cluster', clusterNames(g), /^kuma:/) ?? named('listener', listenerNames(g), /^inbound:passthrough:ipv[46]$/)) },
  { id: 'kuma', test: (g) => (g.node?.xdsCluster === 'ads_cluster' ? 'xDS from cluster ads_cluster' : undefined) },
  { id: 'osm', test: (g) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(sidecar|gateway)\./.test(g.node?.id ?? '') ? 'node id <uuid>.sidecar.…' : undefined) },
  { id: 'osm', test: (g) => named('cluster', clusterNames(g), /^osm-controller$/) },
  { id: 'consul', test: (g) => named('cluster', clusterNames(g), /\.consul$/) ?? ((g.node?.xdsCluster === 'local_agent' || g.node?.xdsCluster === 'consul-dataplane') ? `xDS from cluster ${g.node.xdsCluster}` : undefined) },
  { id: 'consul', test: (g) => named('listener', listenerNames(g), /^(public_listener|outbound_listener):/) },
  { id: 'envoy-gateway', test: (g) => named('listener', listenerNames(g), /^envoy-gateway-proxy-/) ?? (/^envoy-gateway[.:]/.test(g.node?.xdsAddress ?? '') ? `xDS from ${g.node?.xdsAddress ?? ''}` : undefined) },
  { id: 'contour', test: (g) => (g.node?.xdsCluster === 'contour' ? 'xDS from cluster contour' : named('cluster', clusterNames(g), /^contour$/)) },
  { id: 'istio', test: (g) => { const m = /^(sidecar|router|waypoint)~[^~]*~[^~]*~[^~]*$/.exec(g.node?.id ?? ''); return m ? `node id ${m[1] ?? ''}~…` : undefined; } },
  { id: 'istio', test: (g) => (metadataKeys(g).some((k) => /^(ISTIO_|MESH_ID$|CLUSTER_ID$|INTERCEPTION_MODE$)/.test(k)) ? 'Istio node metadata' : g.node?.xdsCluster === 'xds-grpc' ? 'xDS from cluster xds-grpc' : undefined) },
  // Names alone, for partial dumps (istioctl sections, ?resource= dumps) that carry no bootstrap.
  { id: 'istio', test: (g) => named('listener', listenerNames(g), /^(virtualOutbound|virtualInbound)$/) ?? named('cluster', clusterNames(g), /^(BlackHoleCluster|PassthroughCluster|InboundPassthroughClusterIpv[46]|sds-grpc|main_internal|connect_originate|(outbound|inbound|inbound-vip)\|\d+\|[^|]*\|[^|]*)$/) },
  { id: 'istio', test: (g) => named('filter config', g.extensionConfigs.map((e) => e.name), /^istio\./) ?? named('route configuration', routeConfigNames(g), /^http\.\d+$/) },
  { id: 'envoy-gateway', test: (g) => named('cluster', clusterNames(g), /^(httproute|grpcroute|tcproute|udproute|tlsroute)\//) },
  { id: 'osm', test: (g) => named('route configuration', routeConfigNames(g), /^rds-(inbound|outbound)(\.\d+)?$/) ?? named('listener', listenerNames(g), /^(outbound-listener|inbound-listener)$/) },
  { id: 'kuma', test: (g) => named('listener', listenerNames(g), /^(inbound|outbound):\d/) },
  { id: 'consul', test: (g) => named('cluster', clusterNames(g), /^local_app$/) },
  { id: 'gloo', test: (g) => named('listener', listenerNames(g), /^listener-::-\d+$/) },
];

/** An Istio proxy's kind from its names: sidecars have the virtual listeners, waypoints the internal ones and inbound-vip clusters, gateways `http.<port>` routes. */
function roleFromNames(graph: ProxyGraph): IstioRole | undefined {
  if (graph.listeners.some((l) => l.name === VIRTUAL_OUTBOUND || l.name === VIRTUAL_INBOUND)) return 'sidecar';
  if (graph.listeners.some((l) => l.name === 'main_internal') || clusterNames(graph).some((n) => n.startsWith('inbound-vip|'))) return 'waypoint';
  if (graph.routeConfigs.some((r) => /^https?\.\d+$/.test(r.name))) return 'gateway';
  return undefined;
}

function istioRole(graph: ProxyGraph): IstioRole | undefined {
  const m = /^(sidecar|router|waypoint)~/.exec(graph.node?.id ?? '');
  return (m ? ROLE_BY_NODE_TYPE[m[1] ?? ''] : undefined) ?? roleFromNames(graph);
}

function fromSigns(graph: ProxyGraph): ControlPlane | undefined {
  for (const sign of SIGNS) {
    const evidence = sign.test(graph);
    if (evidence !== undefined) return make(sign.id, evidence, sign.id === 'istio' ? istioRole(graph) : undefined);
  }
  return undefined;
}

/** The tool whose output an input is: its format names the control plane when the dump itself does not. */
export type InputFormat = 'istioctl' | 'egctl';

/**
 * The control plane of a proxy: `override` when given (`--control-plane`), else what the dump shows (its node, then
 * its resources' names), else the tool that wrote the input.
 */
export function detectControlPlane(graph: ProxyGraph, override?: ControlPlaneId, formats: readonly InputFormat[] = []): ControlPlane {
  if (override) return make(override, '--control-plane', override === 'istio' ? istioRole(graph) : undefined);
  const detected = fromSigns(graph);
  if (detected) return detected;
  if (formats.includes('egctl')) return make('envoy-gateway', 'egctl output');
  if (formats.includes('istioctl')) return make('istio', 'istioctl output', istioRole(graph));
  const node = graph.node;
  if (!node) return make('unknown', 'no bootstrap in the inputs, and no name a control plane is known by');
  // xds_cluster alone is Envoy Gateway's, kgateway's and many hand-written bootstraps' name: it decides nothing.
  if (node.xdsCluster ?? node.xdsTarget) return make('unknown', `xDS from ${node.xdsCluster ? `cluster ${node.xdsCluster}` : node.xdsTarget ?? ''}: a control plane envoy-lint does not know`);
  return make('unknown', 'no dynamic resources in the bootstrap: a statically configured Envoy');
}
