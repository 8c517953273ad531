// Envoy's v3 API, from the protobufjs JSON descriptor built by scripts/build-proto-descriptor.mjs.
// It tells the loader which `@type` URLs exist, maps snake_case and camelCase keys through each
// message's own field table, and exposes validate rules and deprecations of fields.
import fs from 'node:fs';
import protobuf from 'protobufjs';

interface DescriptorFile {
  source: string;
  knownMessages: string[];
  descriptor: protobuf.INamespace;
}

export type MessageType = protobuf.Type;
export type FieldInfo = protobuf.Field;

/** Older API packages whose messages moved to these v3 names (Envoy's own v2 → v3 upgrade map for what we read). */
const V2_UPGRADES: ReadonlyArray<readonly [string, string]> = [
  ['envoy.admin.v2alpha.', 'envoy.admin.v3.'],
  ['envoy.api.v2.Listener', 'envoy.config.listener.v3.Listener'],
  ['envoy.api.v2.Cluster', 'envoy.config.cluster.v3.Cluster'],
  ['envoy.api.v2.RouteConfiguration', 'envoy.config.route.v3.RouteConfiguration'],
  ['envoy.api.v2.ScopedRouteConfiguration', 'envoy.config.route.v3.ScopedRouteConfiguration'],
  ['envoy.api.v2.ClusterLoadAssignment', 'envoy.config.endpoint.v3.ClusterLoadAssignment'],
  ['envoy.config.bootstrap.v2.Bootstrap', 'envoy.config.bootstrap.v3.Bootstrap'],
  ['envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager', 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager'],
  ['envoy.config.filter.network.tcp_proxy.v2.TcpProxy', 'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy'],
];

/** Filter names of the deprecated `config` (Struct) form, which carries no `@type`, mapped to the message it holds. */
const STRUCT_CONFIG_TYPES: Readonly<Record<string, string>> = {
  'envoy.http_connection_manager': 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  'envoy.filters.network.http_connection_manager': 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
  'envoy.tcp_proxy': 'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
  'envoy.filters.network.tcp_proxy': 'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy',
};

/**
 * proto3's JSON name of a field, as protoc derives it (descriptor.cc ToJsonName): drop each '_' and upper-case the
 * letter after it. Used only to fill in each field's json_name in the field table; keys are never guessed from it.
 */
export function protoJsonName(fieldName: string): string {
  let out = '';
  let upper = false;
  for (const ch of fieldName) {
    if (ch === '_') upper = true;
    else {
      out += upper ? ch.toUpperCase() : ch;
      upper = false;
    }
  }
  return out;
}

export class ProtoRegistry {
  private readonly root: protobuf.Root;
  private readonly known: Set<string>;
  private readonly fieldTables = new Map<MessageType, Map<string, FieldInfo>>();
  private readonly typeCache = new Map<string, MessageType | null>();
  private readonly names = new Map<object, string>();
  private readonly keyCache = new Map<MessageType, Map<string, readonly string[]>>();
  private readonly fieldTypes = new Map<FieldInfo, MessageType | protobuf.Enum | null>();
  readonly source: string;

  constructor(file: DescriptorFile) {
    this.root = protobuf.Root.fromJSON(file.descriptor);
    this.known = new Set(file.knownMessages);
    this.source = file.source;
  }

  /** The v3 message name a type URL or full name stands for, after the v2 → v3 upgrade map. */
  canonicalName(typeUrlOrName: string): string {
    const name = typeUrlOrName.slice(typeUrlOrName.lastIndexOf('/') + 1);
    for (const [from, to] of V2_UPGRADES) {
      if (from.endsWith('.') ? name.startsWith(from) : name === from) return to + name.slice(from.length);
    }
    return name;
  }

  /** Whether a type URL names an older (v2 / v2alpha) message that envoy-lint reads as its v3 successor. */
  isLegacy(typeUrlOrName: string): boolean {
    const name = typeUrlOrName.slice(typeUrlOrName.lastIndexOf('/') + 1);
    return this.canonicalName(name) !== name;
  }

  /** Whether the message exists in Envoy's API (even if envoy-lint does not walk it field by field). */
  isKnownType(typeUrlOrName: string): boolean {
    return this.known.has(this.canonicalName(typeUrlOrName));
  }

  /** The message type to read a value of this type URL with, or null when only its name is known (or nothing). */
  messageType(typeUrlOrName: string): MessageType | null {
    const name = this.canonicalName(typeUrlOrName);
    let cached = this.typeCache.get(name);
    if (cached === undefined) {
      const found = this.root.lookup(name);
      cached = found instanceof protobuf.Type ? found : null;
      this.typeCache.set(name, cached);
    }
    return cached;
  }

  /** The message held by a filter's deprecated `config` Struct, known from the filter's name. */
  structConfigType(filterName: string): MessageType | null {
    const name = STRUCT_CONFIG_TYPES[filterName];
    return name ? this.messageType(name) : null;
  }

  /** A message's field for a JSON key, matched against the field's proto name or its json_name. */
  field(type: MessageType, key: string): FieldInfo | undefined {
    return this.fieldTable(type).get(key);
  }

  /**
   * The JSON keys a field may appear under (proto name first, then json_name). A name the message does not have is
   * read as written: envoy-lint also reads a few fields that only older API versions had.
   */
  fieldKeys(type: MessageType, fieldName: string): readonly string[] {
    let perType = this.keyCache.get(type);
    if (!perType) this.keyCache.set(type, (perType = new Map()));
    let keys = perType.get(fieldName);
    if (!keys) {
      const json = type.fields[fieldName] ? protoJsonName(fieldName) : fieldName;
      keys = json === fieldName ? [fieldName] : [fieldName, json];
      perType.set(fieldName, keys);
    }
    return keys;
  }

  /** The full name of a type (protobufjs recomputes `fullName` by walking parents on every read: cache it). */
  nameOf(type: MessageType | protobuf.Enum): string {
    let name = this.names.get(type);
    if (name === undefined) this.names.set(type, (name = type.fullName));
    return name;
  }

  private resolvedTypeOf(field: FieldInfo): MessageType | protobuf.Enum | null {
    let resolved = this.fieldTypes.get(field);
    if (resolved === undefined) {
      field.resolve();
      resolved = field.resolvedType instanceof protobuf.Type || field.resolvedType instanceof protobuf.Enum ? field.resolvedType : null;
      this.fieldTypes.set(field, resolved);
    }
    return resolved;
  }

  /** The message type of a message-typed field, or null for scalars and enums. */
  fieldMessageType(field: FieldInfo): MessageType | null {
    const resolved = this.resolvedTypeOf(field);
    return resolved instanceof protobuf.Type ? resolved : null;
  }

  /** The enum of an enum-typed field, or null. */
  fieldEnum(field: FieldInfo): protobuf.Enum | null {
    const resolved = this.resolvedTypeOf(field);
    return resolved instanceof protobuf.Enum ? resolved : null;
  }

  /** Whether a message type is google.protobuf.Any (its payload's type comes from "@type"). */
  isAny(type: MessageType): boolean {
    return this.nameOf(type) === '.google.protobuf.Any';
  }

  private fieldTable(type: MessageType): Map<string, FieldInfo> {
    let table = this.fieldTables.get(type);
    if (!table) {
      table = new Map();
      for (const field of type.fieldsArray) {
        table.set(field.name, field);
        table.set(protoJsonName(field.name), field);
      }
      this.fieldTables.set(type, table);
    }
    return table;
  }
}

let shared: ProtoRegistry | undefined;

/** The registry over the descriptor shipped with envoy-lint (loaded once, on first use). */
export function protoRegistry(): ProtoRegistry {
  if (!shared) {
    const text = fs.readFileSync(new URL('./envoy-descriptor.json', import.meta.url), 'utf8');
    shared = new ProtoRegistry(JSON.parse(text) as DescriptorFile);
  }
  return shared;
}
