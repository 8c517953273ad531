// Pulls the resources out of one input (config dump, istioctl output or bootstrap) as typed, located Msgs.
// Which sections were present is recorded too: a rule must not call a reference dangling when the section that
// would hold its target was never in the input.
import type { ResourceState, ResourceType } from './types.js';
import type { MessageType, ProtoRegistry } from '../proto/registry.js';
import { RESOURCE_MESSAGES, resourceTypeOf, type InputDocument } from './classify.js';
import type { LoadedInput } from './input.js';
import { checkEnvelope } from './envelope.js';
import { Msg, childPointer, isObject } from './reader.js';
import { validateResource } from './validate.js';
import { LazyList, isList, listItem } from './json/values.js';

export type { ResourceType };

export interface RawResource {
  type: ResourceType;
  state: ResourceState;
  msg: Msg;
  input: number;
}

/** A rejected (NACKed) update: the proxy kept running the previous version. */
export interface Rejection {
  type: ResourceType;
  name: string;
  details: string;
  input: number;
  /** Pointer of the error_state object. */
  pointer: string;
  /** For a listener: the port of the configuration Envoy refused. */
  port?: number;
}

export interface InputResourceNote {
  input: number;
  pointer: string;
  /** For notes about the text itself (lines skipped...), the 1-based line. */
  line?: number;
  message: string;
}

/** A value that breaks Envoy's API (wrong type, out of range, missing required field) in an otherwise readable input. */
export interface ResourceProblem {
  input: number;
  pointer: string;
  message: string;
  /** The resource the value belongs to, when it is inside one. */
  resource?: { type: ResourceType; name: string };
}

export interface ResourceSet {
  input: number;
  /** Where the proxy's document starts in the input ('' for a whole input, `/default/eg` in an egctl map). */
  pointer: string;
  resources: RawResource[];
  rejections: Rejection[];
  /** The resource sections this input carried (even if empty). */
  sections: Set<ResourceType>;
  /** The proxy's node, from the bootstrap (a dump's BootstrapConfigDump, or a bootstrap file). */
  node?: NodeInfo;
  notes: InputResourceNote[];
  problems: ResourceProblem[];
  /**
   * For a config dump that holds nothing at all (no resource in any section, no rejected update, no static resources
   * in its bootstrap): where its `configs` list is (`{"configs": []}`, or a `?resource=` filter that matched nothing).
   */
  emptyDump?: string;
}

/**
 * What the bootstrap says about the proxy: who it is (node id, cluster, metadata), which Envoy it is, and where it
 * gets its configuration from. Control planes are told apart by these.
 */
export interface NodeInfo {
  id?: string;
  cluster?: string;
  /** The node metadata's string values, by key (nested values left out). */
  metadata: Record<string, string>;
  /** Every top-level metadata key, nested or not. */
  metadataKeys: string[];
  userAgentName?: string;
  /** The Envoy version: `1.26.1`, from user_agent_build_version, or the legacy build_version string. */
  envoyVersion?: string;
  /** The static cluster the bootstrap fetches xDS from (ads_config, or lds/cds_config), by envoy_grpc cluster_name. */
  xdsCluster?: string;
  /** A google_grpc target_uri the bootstrap fetches xDS from (trafficdirector.googleapis.com:443). */
  xdsTarget?: string;
  /** Where the xDS cluster's first endpoint is (`envoy-gateway.envoy-gateway-system.svc.cluster.local:18000`). */
  xdsAddress?: string;
  adminPort?: number;
  /** Pointer of the node object (or of the bootstrap, when it has none). */
  pointer: string;
}

function versionOf(node: Msg): string | undefined {
  const version = node.msg('user_agent_build_version')?.msg('version');
  if (version) {
    const part = (f: string): number => version.num(f)?.value ?? 0;
    return `${part('major_number')}.${part('minor_number')}.${part('patch')}`;
  }
  // Before user_agent_build_version (v2): "<sha>/1.10.0-dev/Clean/RELEASE/BoringSSL".
  const legacy = node.value.build_version ?? node.value.buildVersion;
  const match = typeof legacy === 'string' ? /\/(\d+\.\d+\.\d+[^/]*)\//.exec(legacy) : null;
  return match?.[1];
}

/** The envoy_grpc cluster or google_grpc target of a config source's API config source. */
function xdsSourceOf(source: Msg | undefined): { cluster?: string; target?: string } {
  for (const service of source?.msg('api_config_source')?.list('grpc_services') ?? source?.list('grpc_services') ?? []) {
    const cluster = service.msg('envoy_grpc')?.str('cluster_name')?.value;
    if (cluster) return { cluster };
    const target = service.msg('google_grpc')?.str('target_uri')?.value;
    if (target) return { target };
  }
  return {};
}

/** `host:port` of the first endpoint of the bootstrap's static cluster `name`. */
function xdsClusterAddress(bootstrap: Msg, name: string): string | undefined {
  const cluster = bootstrap.msg('static_resources')?.list('clusters').find((c) => c.str('name')?.value === name);
  const endpoint = cluster?.msg('load_assignment')?.list('endpoints')[0]?.list('lb_endpoints')[0]?.msg('endpoint');
  const socket = endpoint?.msg('address')?.msg('socket_address');
  const host = socket?.str('address')?.value;
  if (host === undefined) return endpoint?.msg('address')?.msg('pipe')?.str('path')?.value;
  const port = socket?.num('port_value')?.value;
  return port !== undefined ? `${host}:${port}` : host;
}

export function nodeInfo(bootstrap: Msg): NodeInfo {
  const node = bootstrap.msg('node');
  const info: NodeInfo = { metadata: {}, metadataKeys: [], pointer: node?.pointer ?? bootstrap.pointer };
  if (node) {
    const id = node.str('id')?.value;
    if (id !== undefined) info.id = id;
    const cluster = node.str('cluster')?.value;
    if (cluster) info.cluster = cluster;
    const metadata = node.raw('metadata')?.value;
    if (isObject(metadata)) {
      info.metadataKeys = Object.keys(metadata);
      for (const [key, value] of Object.entries(metadata)) if (typeof value === 'string') info.metadata[key] = value;
    }
    const agent = node.str('user_agent_name')?.value;
    if (agent) info.userAgentName = agent;
    const version = versionOf(node);
    if (version) info.envoyVersion = version;
  }
  const dynamic = bootstrap.msg('dynamic_resources');
  const source = [dynamic?.msg('ads_config'), dynamic?.msg('lds_config'), dynamic?.msg('cds_config')].map((s) => xdsSourceOf(s)).find((s) => s.cluster ?? s.target);
  if (source?.cluster) {
    info.xdsCluster = source.cluster;
    const address = xdsClusterAddress(bootstrap, source.cluster);
    if (address) info.xdsAddress = address;
  }
  if (source?.target) info.xdsTarget = source.target;
  const adminPort = bootstrap.msg('admin')?.msg('address')?.msg('socket_address')?.num('port_value')?.value;
  if (adminPort !== undefined) info.adminPort = adminPort;
  return info;
}

/** The four xDS resource types, each with a section of its own and static/dynamic wrapper messages. */
type XdsType = 'listener' | 'route_config' | 'cluster' | 'endpoints';

const SECTION_BY_DUMP: Readonly<Record<string, XdsType>> = {
  'envoy.admin.v3.ListenersConfigDump': 'listener',
  'envoy.admin.v3.RoutesConfigDump': 'route_config',
  'envoy.admin.v3.ClustersConfigDump': 'cluster',
  'envoy.admin.v3.EndpointsConfigDump': 'endpoints',
};

/**
 * `/config_dump?resource=dynamic_active_clusters` (and friends) lists the wrapper messages themselves as configs.
 * Such a dump cannot say whether a dynamic cluster was active or warming; it is read as active.
 */
const SINGLE_RESOURCE_WRAPPERS: Readonly<Record<string, { type: XdsType; state: ResourceState }>> = {
  'envoy.admin.v3.ListenersConfigDump.StaticListener': { type: 'listener', state: 'static' },
  'envoy.admin.v3.ListenersConfigDump.DynamicListener': { type: 'listener', state: 'active' },
  'envoy.admin.v3.ClustersConfigDump.StaticCluster': { type: 'cluster', state: 'static' },
  'envoy.admin.v3.ClustersConfigDump.DynamicCluster': { type: 'cluster', state: 'active' },
  'envoy.admin.v3.RoutesConfigDump.StaticRouteConfig': { type: 'route_config', state: 'static' },
  'envoy.admin.v3.RoutesConfigDump.DynamicRouteConfig': { type: 'route_config', state: 'active' },
  'envoy.admin.v3.EndpointsConfigDump.StaticEndpointConfig': { type: 'endpoints', state: 'static' },
  'envoy.admin.v3.EndpointsConfigDump.DynamicEndpointConfig': { type: 'endpoints', state: 'active' },
};

/** Sections we read nothing from, on purpose: no note for these. */
const QUIET_SECTIONS = new Set(['envoy.admin.v3.ScopedRoutesConfigDump']);

/** SecretsConfigDump's lists, with the state of the secrets in each (warming: requested, never delivered). */
const SECRET_LISTS: ReadonlyArray<readonly [string, ResourceState]> = [
  ['static_secrets', 'static'],
  ['dynamic_active_secrets', 'active'],
  ['dynamic_warming_secrets', 'warming'],
];

/** The field holding the resource inside each static/dynamic wrapper message. */
const WRAPPED_FIELD: Readonly<Record<XdsType, string>> = {
  listener: 'listener',
  route_config: 'route_config',
  cluster: 'cluster',
  endpoints: 'endpoint_config',
};

/** envoy.admin.v2alpha fields that v3 dropped; read as the v3 state they meant. */
const LEGACY_LISTENER_LISTS: ReadonlyArray<readonly [string, ResourceState]> = [
  ['dynamic_active_listeners', 'active'],
  ['dynamic_warming_listeners', 'warming'],
  ['dynamic_draining_listeners', 'draining'],
];

/**
 * The lists ("Type.field") whose elements the collector reads one resource at a time: for a big input they are lazy,
 * and each element is checked as it is read instead of by the section check (so it is parsed once).
 */
const DUMP_RESOURCE_LISTS: ReadonlySet<string> = new Set(
  [
    ['ClustersConfigDump', 'static_clusters'],
    ['ClustersConfigDump', 'dynamic_active_clusters'],
    ['ClustersConfigDump', 'dynamic_warming_clusters'],
    ['RoutesConfigDump', 'static_route_configs'],
    ['RoutesConfigDump', 'dynamic_route_configs'],
    ['EndpointsConfigDump', 'static_endpoint_configs'],
    ['EndpointsConfigDump', 'dynamic_endpoint_configs'],
    ['ListenersConfigDump', 'static_listeners'],
    ['ListenersConfigDump', 'dynamic_listeners'],
  ].map(([type, field]) => `.envoy.admin.v3.${type ?? ''}.${field ?? ''}`),
);
const BOOTSTRAP_RESOURCE_LISTS: ReadonlySet<string> = new Set(['listeners', 'clusters'].map((field) => `.envoy.config.bootstrap.v3.Bootstrap.StaticResources.${field}`));

const KIND_WORDS: Partial<Record<ResourceType, string>> = { listener: 'listener', route_config: 'route configuration', cluster: 'cluster', endpoints: 'load assignment' };

/** Who receives each resource as it is read; without one, resources are collected in the set's list. */
export type ResourceSink = (resource: RawResource) => void;

class Collector {
  readonly set: ResourceSet;
  /** The resources seen, by pointer, for naming the resource a problem sits in (kept light: no parse tree). */
  private readonly owners = new Map<string, { type: ResourceType; name: string }>();
  /** Whether the current section is one whose values are checked (v3). */
  private checkingSection = true;
  /** Whether anything was read: a resource, a rejected update, bootstrap static resources or a section not read. */
  holdsSomething = false;

  constructor(
    private readonly registry: ProtoRegistry,
    input: number,
    pointer: string,
    private readonly sink?: ResourceSink,
  ) {
    this.set = { input, pointer, resources: [], rejections: [], sections: new Set(), notes: [], problems: [] };
  }

  private readonly expectedTypes = new Map<ResourceType, MessageType | null>();

  /** The message a resource of this type is (listener: Listener...), null for secrets and extension configs. */
  private messageType(type: ResourceType): MessageType | null {
    let expected = this.expectedTypes.get(type);
    if (expected === undefined) {
      const name = RESOURCE_MESSAGES.find(([t]) => t === type)?.[1];
      this.expectedTypes.set(type, (expected = name ? this.registry.messageType(name) : null));
    }
    return expected;
  }

  add(type: ResourceType, state: ResourceState, msg: Msg | undefined): void {
    if (!msg) return;
    const expected = this.messageType(type);
    if (msg.type && expected && msg.type !== expected) return this.wrongType(type, msg, expected);
    // Inside a dump each resource is an Any; a bare istioctl resource may have no @type at all.
    const typed = msg.type ? msg : msg.as(expected);
    this.holdsSomething = true;
    const resource: RawResource = { type, state, msg: typed, input: this.set.input };
    // Problems are always found before the resource they sit in is added (sections and resources are checked first):
    // while there are none, no owner is needed, and clean dumps make no pointer per resource for this.
    if (this.set.problems.length > 0) this.owners.set(typed.pointer, { type, name: typed.str(type === 'endpoints' ? 'cluster_name' : 'name')?.value ?? '(unnamed)' });
    if (this.sink) this.sink(resource);
    else this.set.resources.push(resource);
  }

  /**
   * A resource whose `@type` is another kind than its list holds (a RouteConfiguration among the clusters): Envoy
   * refuses an xDS response whose resources are not all of the response's type, so it is not counted as one of them.
   */
  private wrongType(type: ResourceType, msg: Msg, expected: MessageType): void {
    const kind = KIND_WORDS[type] ?? type;
    const url = msg.typeUrl() ?? '';
    this.set.problems.push({
      input: this.set.input,
      pointer: childPointer(msg.pointer, '@type'),
      message: `"@type" is ${url.slice(url.lastIndexOf('/') + 1)} in a list of ${kind}s (${expected.fullName.slice(1)}): Envoy refuses (NACKs) an xDS response whose resources are not all of the response's type, so envoy-lint does not count it as a ${kind} either; find out how it got here (a control plane bug, or a hand-edited file)`,
    });
  }

  rejection(type: ResourceType, name: string | undefined, errorState: Msg | undefined): void {
    if (!errorState) return;
    this.holdsSomething = true;
    const failed = errorState.msg('failed_configuration');
    const failedName = failed?.str(type === 'endpoints' ? 'cluster_name' : 'name')?.value;
    const port = type === 'listener' ? failed?.msg('address')?.msg('socket_address')?.num('port_value')?.value : undefined;
    this.set.rejections.push({
      type,
      name: name ?? failedName ?? '(unnamed)',
      details: errorState.str('details')?.value ?? '',
      input: this.set.input,
      pointer: errorState.pointer,
      ...(port !== undefined ? { port } : {}),
    });
  }

  /**
   * Checks a section or resource against Envoy's proto; problems are attributed to resources at the end. For a section,
   * `resourceLists` are the lists whose elements `resources()` checks as it reads them.
   */
  validate(msg: Msg, resourceLists?: ReadonlySet<string>): void {
    for (const p of validateResource(msg, this.registry, resourceLists)) this.set.problems.push({ input: this.set.input, pointer: p.pointer, message: p.message });
  }

  envelope(data: unknown, base: string): void {
    for (const p of checkEnvelope(data)) this.set.problems.push({ input: this.set.input, pointer: base + p.pointer, message: p.message });
  }

  /** Names the resource each problem sits in: the nearest enclosing collected resource, found by pointer prefix. */
  attributeProblems(): void {
    for (const problem of this.set.problems) {
      for (let at = problem.pointer; ; at = at.slice(0, at.lastIndexOf('/'))) {
        const owner = this.owners.get(at);
        if (owner) {
          problem.resource = { type: owner.type, name: owner.name };
          break;
        }
        if (at === '') break;
      }
    }
  }

  /**
   * Visits the elements of a resource list one at a time. The section check left the object elements of a lazy list
   * (a big input) to this reader: each is checked here, as the wrapper message it is, when it is read.
   */
  private resources(parent: Msg, field: string, visit: (item: Msg) => void): void {
    const lazy = this.checkingSection && parent.raw(field)?.value instanceof LazyList;
    parent.each(field, (item) => {
      if (lazy) this.validate(item);
      visit(item);
    });
  }

  note(pointer: string, message: string): void {
    this.set.notes.push({ input: this.set.input, pointer, message });
  }

  dumpSection(section: Msg): void {
    const url = section.typeUrl();
    // Only v3 sections are checked against the v3 protos: v2-era dumps use fields v3 removed, which Envoy of that
    // era accepted, so checking them would only produce noise.
    this.checkingSection = Boolean(url && !this.registry.isLegacy(url));
    if (this.checkingSection) this.validate(section, DUMP_RESOURCE_LISTS);
    const name = url ? this.registry.canonicalName(url) : '';
    if (name === 'envoy.admin.v3.BootstrapConfigDump') {
      const bootstrap = section.msg('bootstrap');
      if (bootstrap) this.set.node ??= nodeInfo(bootstrap);
      const statics = bootstrap?.msg('static_resources');
      if (statics && ['listeners', 'clusters', 'secrets'].some((field) => isNonEmptyList(statics.raw(field)?.value))) this.holdsSomething = true;
      return;
    }
    const single = SINGLE_RESOURCE_WRAPPERS[name];
    if (single) {
      this.set.sections.add(single.type);
      if (single.type === 'listener' && single.state === 'active') this.dynamicListener(section);
      else this.add(single.type, single.state, section.msg(WRAPPED_FIELD[single.type]));
      return;
    }
    if (name === 'envoy.admin.v3.SecretsConfigDump') return this.secretsSection(section);
    if (name === 'envoy.admin.v3.EcdsConfigDump') return this.ecdsSection(section);
    const type = SECTION_BY_DUMP[name];
    if (!type) {
      // What a section envoy-lint does not read holds is unknown: not evidence of an empty dump.
      this.holdsSomething = true;
      // A section without "@type" is a schema-violation (see envelope.ts); only say so once.
      if (url && !QUIET_SECTIONS.has(name)) this.note(section.pointer, `section ${url} is not checked by envoy-lint`);
      return;
    }
    this.set.sections.add(type);
    const field = WRAPPED_FIELD[type];
    const statics = { listener: 'static_listeners', route_config: 'static_route_configs', cluster: 'static_clusters', endpoints: 'static_endpoint_configs' }[type];
    this.resources(section, statics, (item) => {
      // Early v2alpha dumps listed bare resources here instead of {cluster: ..., last_updated: ...} wrappers.
      this.add(type, 'static', item.has(field) ? item.msg(field) : item.as(null));
    });
    if (type === 'listener') return this.listenerSection(section);
    const dynamics =
      type === 'cluster'
        ? ([['dynamic_active_clusters', 'active'], ['dynamic_warming_clusters', 'warming']] as const)
        : type === 'route_config'
          ? ([['dynamic_route_configs', 'active']] as const)
          : ([['dynamic_endpoint_configs', 'active']] as const);
    for (const [list, state] of dynamics) {
      this.resources(section, list, (item) => {
        this.add(type, state, item.msg(field));
        this.rejection(type, item.msg(field)?.str(type === 'endpoints' ? 'cluster_name' : 'name')?.value, item.msg('error_state'));
      });
    }
  }

  /** Each secret's wrapper carries its name; the secret itself (certificates) is not read. */
  private secretsSection(section: Msg): void {
    this.set.sections.add('secret');
    for (const [list, state] of SECRET_LISTS) {
      this.resources(section, list, (item) => {
        this.add('secret', state, item);
        this.rejection('secret', item.str('name')?.value, item.msg('error_state'));
      });
    }
  }

  private ecdsSection(section: Msg): void {
    this.set.sections.add('extension_config');
    // Envoy 1.25+ dump several of these sections (HTTP, listener, network filters); a config never delivered shows its
    // name only, with no typed_config (envoyproxy/envoy#32844): it is still warming.
    this.resources(section, 'ecds_filters', (item) => {
      const filter = item.msg('ecds_filter');
      this.add('extension_config', filter && !filter.has('typed_config') ? 'warming' : 'active', filter);
      this.rejection('extension_config', filter?.str('name')?.value, item.msg('error_state'));
    });
  }

  private dynamicListener(dynamic: Msg): void {
    const name = dynamic.str('name')?.value;
    for (const [stateField, state] of [['active_state', 'active'], ['warming_state', 'warming'], ['draining_state', 'draining']] as const) {
      this.add('listener', state, dynamic.msg(stateField)?.msg('listener'));
    }
    this.rejection('listener', name, dynamic.msg('error_state'));
  }

  private listenerSection(section: Msg): void {
    this.resources(section, 'dynamic_listeners', (dynamic) => this.dynamicListener(dynamic));
    for (const [legacy, state] of LEGACY_LISTENER_LISTS) {
      const camel = legacy.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
      for (const key of [legacy, camel]) {
        const list = section.value[key];
        if (!isList(list)) continue;
        for (let i = 0; i < list.length; i++) {
          const item = listItem(list, i);
          if (!isObject(item)) continue;
          const wrapper = new Msg(this.registry, item, childPointer(childPointer(section.pointer, key), i), this.registry.messageType('envoy.admin.v3.ListenersConfigDump.StaticListener'));
          this.add('listener', state, wrapper.msg('listener'));
        }
      }
    }
  }

  bootstrap(bootstrap: Msg): void {
    this.validate(bootstrap, BOOTSTRAP_RESOURCE_LISTS);
    this.set.node = nodeInfo(bootstrap);
    const statics = bootstrap.msg('static_resources');
    if (!statics) return;
    this.set.sections.add('listener');
    this.set.sections.add('cluster');
    this.resources(statics, 'listeners', (listener) => this.add('listener', 'static', listener));
    this.resources(statics, 'clusters', (cluster) => this.add('cluster', 'static', cluster));
    // A bootstrap's dynamic_resources (ADS, lds_config...) means more arrives at run time: what is missing here
    // may still come, so only a bootstrap without dynamic_resources claims to hold every route and cluster.
    if (bootstrap.has('dynamic_resources')) this.note(bootstrap.raw('dynamic_resources')?.pointer ?? '', 'the bootstrap fetches more configuration at run time (dynamic_resources): references to dynamic resources are not checked');
  }

  bareResource(value: Msg): void {
    const type = resourceTypeOf(value.value);
    if (!type) {
      this.note(value.pointer, 'an item that is not a listener, route configuration, cluster or load assignment was skipped');
      return;
    }
    this.set.sections.add(type);
    const typed = value.type ? value : value.as(this.messageType(type));
    this.validate(typed);
    this.add(type, 'active', typed);
  }
}

function isNonEmptyList(value: unknown): boolean {
  return isList(value) && value.length > 0;
}

function sectionType(registry: ProtoRegistry, section: Record<string, unknown>): MessageType | null {
  const url = section['@type'];
  return typeof url === 'string' ? registry.messageType(url) : null;
}

/**
 * The resources of one proxy's document of an input (the whole input, or one proxy of an egctl map); with a sink, each
 * goes to the sink as it is read instead of into the set's list. The input's own notes (lines skipped...) go with
 * the first document only (see CollectOptions).
 */
export interface CollectOptions {
  /** Who receives each resource as it is read (default: the set's list). */
  sink?: ResourceSink;
  /** Whether the input's own notes go with this document: true for an input's first document only. */
  inputNotes?: boolean;
}

export function collectResources(input: LoadedInput, document: InputDocument, registry: ProtoRegistry, options: CollectOptions = {}): ResourceSet {
  const collector = new Collector(registry, input.index, document.pointer, options.sink);
  if (options.inputNotes !== false) {
    for (const note of input.notes) collector.set.notes.push({ input: input.index, pointer: '', line: note.line, message: note.message });
  }
  const { data, pointer } = document;
  if (document.kind === 'config_dump' && isObject(data)) {
    const configs = data.configs;
    if (configs !== undefined || typeof data['@type'] !== 'string') collector.envelope(data, pointer);
    const root = new Msg(registry, data, pointer, registry.messageType('envoy.admin.v3.ConfigDump'));
    let read = true;
    if (isList(configs)) {
      root.list('configs').forEach((section) => collector.dumpSection(section));
    } else if (isObject(configs)) {
      // 2018-era dumps keyed the sections by name: {"configs": {"listeners": {...}, "clusters": {...}}}.
      for (const [key, section] of Object.entries(configs)) {
        if (isObject(section)) collector.dumpSection(new Msg(registry, section, childPointer(childPointer(pointer, 'configs'), key), sectionType(registry, section)));
      }
    } else if (typeof data['@type'] === 'string') {
      collector.dumpSection(new Msg(registry, data, pointer, sectionType(registry, data))); // a single section (`?resource=` / `?mask=` dumps, egctl)
    } else read = false; // a malformed envelope: a schema-violation already
    if (read && !collector.holdsSomething) collector.set.emptyDump = configs !== undefined ? childPointer(pointer, 'configs') : pointer;
  } else if (document.kind === 'bootstrap' && isObject(data)) {
    collector.bootstrap(new Msg(registry, data, pointer, registry.messageType('envoy.config.bootstrap.v3.Bootstrap')));
  } else if (document.kind === 'istioctl') {
    const items = isList(data) ? data : [data];
    for (let i = 0; i < items.length; i++) {
      const item = listItem(items, i);
      if (isObject(item)) collector.bareResource(new Msg(registry, item, isList(data) ? childPointer(pointer, i) : pointer, null));
    }
  }
  collector.attributeProblems();
  return collector.set;
}
