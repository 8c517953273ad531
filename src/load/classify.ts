// Which kind of Envoy input a parsed document is, judged by its shape and the proto field tables.
import type { InputKind } from '../report/types.js';
import { protoRegistry } from '../proto/registry.js';
import { InputError } from './errors.js';
import { isObject, type JsonObject } from './reader.js';

export type ResourceType = 'listener' | 'route_config' | 'cluster' | 'endpoints';

/** The v3 message each bare istioctl resource may be, in the order ties are broken. */
export const RESOURCE_MESSAGES: ReadonlyArray<readonly [ResourceType, string]> = [
  ['listener', 'envoy.config.listener.v3.Listener'],
  ['route_config', 'envoy.config.route.v3.RouteConfiguration'],
  ['endpoints', 'envoy.config.endpoint.v3.ClusterLoadAssignment'],
  ['cluster', 'envoy.config.cluster.v3.Cluster'],
];

/** Fields that only one resource type has; a bare resource is typed by them before falling back to all keys. */
const DISTINCTIVE: Readonly<Record<ResourceType, readonly string[]>> = {
  listener: ['filter_chains', 'listener_filters', 'use_original_dst', 'default_filter_chain', 'traffic_direction', 'filter_chain_matcher'],
  route_config: ['virtual_hosts', 'vhds', 'validate_clusters', 'request_headers_to_add'],
  endpoints: ['cluster_name', 'endpoints', 'named_endpoints'],
  cluster: ['type', 'eds_cluster_config', 'load_assignment', 'lb_policy', 'connect_timeout', 'circuit_breakers', 'transport_socket', 'cluster_type'],
};

/** The resource type of a bare resource object (istioctl output), or undefined. */
export function resourceTypeOf(value: JsonObject): ResourceType | undefined {
  const registry = protoRegistry();
  const url = value['@type'];
  if (typeof url === 'string') {
    const name = registry.canonicalName(url);
    const hit = RESOURCE_MESSAGES.find(([, message]) => message === name);
    if (hit) return hit[0];
  }
  const keys = Object.keys(value).filter((k) => k !== '@type');
  let best: { type: ResourceType; score: number } | undefined;
  for (const [type, message] of RESOURCE_MESSAGES) {
    const messageType = registry.messageType(message);
    if (!messageType) continue;
    const fields = keys.map((k) => registry.field(messageType, k)).filter((f) => f !== undefined);
    if (fields.length < keys.length) continue; // a key the message does not have: not this type
    const distinctive = fields.filter((f) => DISTINCTIVE[type].includes(f.name)).length;
    if (distinctive > 0 && (!best || distinctive > best.score)) best = { type, score: distinctive };
  }
  return best?.type;
}

function describeForeign(data: unknown): string {
  if (Array.isArray(data)) return data.length === 0 ? 'an empty JSON array' : 'a JSON array whose items are not Envoy listeners, routes, clusters or endpoints';
  if (!isObject(data)) return `a JSON ${typeof data}`;
  const keys = Object.keys(data);
  if (keys.length === 0) return 'an empty JSON object';
  if (typeof data.apiVersion === 'string' && typeof data.kind === 'string') return `a Kubernetes ${data.kind} manifest (apiVersion ${data.apiVersion})`;
  return `a JSON object with keys ${keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}${keys.length > 5 ? ', ...' : ''}`;
}

const EXPECTED = 'expected an Envoy /config_dump, `istioctl proxy-config ... -o json` output or an Envoy bootstrap';

export function classifyDocument(data: unknown, file: string): InputKind {
  if (isObject(data)) {
    if ('configs' in data) return 'config_dump';
    const url = data['@type'];
    if (typeof url === 'string' && /\.admin\.v\w+\.\w+ConfigDump$/.test(url)) return 'config_dump';
    if (['static_resources', 'staticResources', 'dynamic_resources', 'dynamicResources'].some((k) => k in data)) return 'bootstrap';
    if (resourceTypeOf(data)) return 'istioctl';
    if ('node' in data && ('admin' in data || 'layered_runtime' in data || 'layeredRuntime' in data)) return 'bootstrap';
  } else if (Array.isArray(data) && data.length > 0 && data.some((item) => isObject(item) && resourceTypeOf(item))) {
    return 'istioctl';
  }
  throw new InputError(file, `valid JSON/YAML but not Envoy config: found ${describeForeign(data)}; ${EXPECTED}`, 1, 1);
}
