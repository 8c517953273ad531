// Which kind of Envoy input a parsed document is, judged by its shape and the proto field tables.
import type { InputKind } from './types.js';
import { protoRegistry } from '../proto/registry.js';
import { InputError } from './errors.js';
import { childPointer, isObject, type JsonObject } from './reader.js';
import { isList, someItem } from './json/values.js';


/** The v3 message each bare istioctl resource may be, in the order ties are broken. */
/** The resource types istioctl prints as bare objects. */
type BareResourceType = 'listener' | 'route_config' | 'cluster' | 'endpoints';

export const RESOURCE_MESSAGES: ReadonlyArray<readonly [BareResourceType, string]> = [
  ['listener', 'envoy.config.listener.v3.Listener'],
  ['route_config', 'envoy.config.route.v3.RouteConfiguration'],
  ['endpoints', 'envoy.config.endpoint.v3.ClusterLoadAssignment'],
  ['cluster', 'envoy.config.cluster.v3.Cluster'],
];

/** Fields that only one resource type has; a bare resource is typed by them before falling back to all keys. */
const DISTINCTIVE: Readonly<Record<BareResourceType, readonly string[]>> = {
  listener: ['filter_chains', 'listener_filters', 'use_original_dst', 'default_filter_chain', 'traffic_direction', 'filter_chain_matcher'],
  route_config: ['virtual_hosts', 'vhds', 'validate_clusters', 'request_headers_to_add'],
  endpoints: ['cluster_name', 'endpoints', 'named_endpoints'],
  cluster: ['type', 'eds_cluster_config', 'load_assignment', 'lb_policy', 'connect_timeout', 'circuit_breakers', 'transport_socket', 'cluster_type'],
};

/** The resource type of a bare resource object (istioctl output), or undefined. */
export function resourceTypeOf(value: JsonObject): BareResourceType | undefined {
  const registry = protoRegistry();
  const url = value['@type'];
  if (typeof url === 'string') {
    const name = registry.canonicalName(url);
    const hit = RESOURCE_MESSAGES.find(([, message]) => message === name);
    if (hit) return hit[0];
  }
  const keys = Object.keys(value).filter((k) => k !== '@type');
  let best: { type: BareResourceType; score: number } | undefined;
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

/**
 * Admin endpoint outputs and control-plane files that are close to a config dump but are not one: naming them says
 * what to pass instead, which "not Envoy config" does not.
 */
function nearMiss(data: JsonObject): string | undefined {
  if (isList(data.listener_statuses)) return 'the admin /listeners?format=json output (listener addresses only), not a config dump: pass /config_dump';
  if (isList(data.stats)) return 'the admin /stats?format=json output (counters), not a config dump: pass /config_dump';
  if (looksLikeXdsSnapshot(data, 0)) return "a control plane's xDS snapshot (its cache of what it would send, e.g. kgateway's /snapshots/xds), not what the proxy runs: pass the proxy's own /config_dump";
  return undefined;
}

/** Resource type URLs used as map keys, or go-control-plane's {Resources: [{Version, Items}]}: a server-side snapshot. */
function looksLikeXdsSnapshot(value: unknown, depth: number): boolean {
  if (!isObject(value) || depth > 3) return false;
  if (isList(value.Resources) && someItem(value.Resources, (r) => isObject(r) && 'Items' in r)) return true;
  if (Object.keys(value).some((k) => /^type\.googleapis\.com\/envoy\.config\.\w+\.v3\.\w+$/.test(k))) return true;
  return Object.values(value).slice(0, 20).some((child) => looksLikeXdsSnapshot(child, depth + 1));
}

function describeForeign(data: unknown): string {
  if (isList(data)) return data.length === 0 ? 'an empty JSON array' : 'a JSON array whose items are not Envoy listeners, routes, clusters or endpoints';
  if (!isObject(data)) return `a JSON ${typeof data}`;
  const keys = Object.keys(data);
  if (keys.length === 0) return 'an empty JSON object';
  if (typeof data.apiVersion === 'string' && typeof data.kind === 'string') return `a Kubernetes ${data.kind} manifest (apiVersion ${data.apiVersion})`;
  return `a JSON object with keys ${keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ')}${keys.length > 5 ? ', ...' : ''}`;
}

const EXPECTED = 'expected an Envoy /config_dump, `istioctl proxy-config ... -o json` output, `egctl config envoy-proxy ... -o json|yaml` output or an Envoy bootstrap';

/**
 * The kind of one proxy's document: a config dump (or one section of it), istioctl resources, a bootstrap, or one of
 * the admin endpoint's run-time outputs (/clusters?format=json, /certs, /server_info), read beside the dump.
 */
export type DocumentKind = 'config_dump' | 'istioctl' | 'bootstrap' | RuntimeKind;

export type RuntimeKind = 'clusters' | 'certs' | 'server_info';

const RUNTIME_KINDS: ReadonlySet<DocumentKind> = new Set<RuntimeKind>(['clusters', 'certs', 'server_info']);

/** Whether a document is one of the admin endpoint's run-time outputs (read beside a dump, not into the graph). */
export function isRuntimeDocument(document: InputDocument): document is InputDocument & { kind: RuntimeKind } {
  return RUNTIME_KINDS.has(document.kind);
}

/** The admin run-time output a document is (envoy.admin.v3 Clusters, Certificates, ServerInfo), by its shape. */
export function runtimeKind(data: unknown): RuntimeKind | undefined {
  if (!isObject(data)) return undefined;
  if (isList(data.cluster_statuses)) return 'clusters';
  if (isList(data.certificates)) return 'certs';
  if (typeof data.state === 'string' && ('command_line_options' in data || 'hot_restart_version' in data)) return 'server_info';
  return undefined;
}

/**
 * One proxy's part of an input: the whole input, or one leaf of a map that holds several proxies (egctl). Its
 * pointer is where it sits in the input, so positions are found in the original file.
 */
export interface InputDocument {
  /** The proxy's name inside the input (`default/eg`); absent when the input is one proxy's. */
  proxy?: string;
  pointer: string;
  kind: DocumentKind;
  data: unknown;
}

export interface Classified {
  kind: Exclude<InputKind, 'iptables'>;
  documents: InputDocument[];
}

const SECTION_URL = /\.admin\.v\w+\.\w+ConfigDump$/;

/** A full dump (`configs`) or one of its sections (an `@type` naming a …ConfigDump): a leaf of an egctl map. */
function isDumpLike(value: unknown): value is JsonObject {
  if (!isObject(value)) return false;
  if ('configs' in value) return true;
  const url = value['@type'];
  return typeof url === 'string' && SECTION_URL.test(url);
}

function documentKind(data: unknown): Exclude<DocumentKind, RuntimeKind> | undefined {
  if (isObject(data)) {
    if (isDumpLike(data)) return 'config_dump';
    if (['static_resources', 'staticResources', 'dynamic_resources', 'dynamicResources'].some((k) => k in data)) return 'bootstrap';
    if (resourceTypeOf(data)) return 'istioctl';
    if ('node' in data && ('admin' in data || 'layered_runtime' in data || 'layeredRuntime' in data)) return 'bootstrap';
  } else if (isList(data) && data.length > 0 && someItem(data, (item) => isObject(item) && resourceTypeOf(item) !== undefined)) {
    return 'istioctl';
  }
  return undefined;
}

/**
 * egctl's maps of proxies: `egctl config envoy-proxy ... -o json|yaml` writes `{"<namespace>": {"<pod>": <dump>}}`,
 * `egctl x translate --to xds` writes `{"xds": {"<namespace>/<name>": <dump>}}`. A leaf is a whole dump or one of its
 * sections. Every leaf must be one, or the document is not such a map.
 */
function egctlLeaves(data: JsonObject): InputDocument[] | undefined {
  const leaves: InputDocument[] = [];
  const keys = Object.keys(data);
  if (keys.length === 0) return undefined;
  for (const outer of keys) {
    const inner = data[outer];
    if (!isObject(inner) || Object.keys(inner).length === 0) return undefined;
    for (const [name, leaf] of Object.entries(inner)) {
      if (!isDumpLike(leaf)) return undefined;
      const proxy = outer === 'xds' && keys.length === 1 ? name : `${outer}/${name}`;
      leaves.push({ proxy, pointer: childPointer(childPointer('', outer), name), kind: 'config_dump', data: leaf });
    }
  }
  return leaves;
}

/** What an input is, and the proxies' documents in it (one, or one per leaf of an egctl map). */
export function classifyDocument(data: unknown, file: string): Classified {
  const runtime = runtimeKind(data);
  if (runtime) return { kind: 'admin', documents: [{ pointer: '', kind: runtime, data }] };
  const kind = documentKind(data);
  if (kind) return { kind, documents: [{ pointer: '', kind, data }] };
  const leaves = isObject(data) ? egctlLeaves(data) : undefined;
  if (leaves) return { kind: 'egctl', documents: leaves };
  const near = isObject(data) ? nearMiss(data) : undefined;
  if (near) throw new InputError(file, `valid JSON/YAML but ${near}`, 1, 1);
  throw new InputError(file, `valid JSON/YAML but not Envoy config: found ${describeForeign(data)}; ${EXPECTED}`, 1, 1);
}
