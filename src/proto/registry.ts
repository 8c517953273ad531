// Envoy's v3 API, from the resolved type table built by scripts/build-proto-types.mjs (src/proto/envoy-types.json).
// It tells the loader which `@type` URLs exist, maps snake_case and camelCase keys through each message's own field
// table, and carries the protoc-gen-validate rules of fields. Types are made from the table on first use, so a run
// pays for the messages its inputs hold, not for the whole API.
import fs from 'node:fs';

/** One field of a message, as the table records it. */
interface FieldEntry {
  type: string;
  kind?: 'message' | 'enum';
  repeated?: true;
  map?: true;
  rules?: Record<string, unknown>;
}

interface TypeTable {
  source: string;
  knownMessages: string[];
  messages: Record<string, Record<string, FieldEntry>>;
  enums: Record<string, Record<string, number>>;
}

export interface FieldInfo {
  readonly name: string;
  /** A scalar's proto type ('uint32', 'string', ...), or the full name (no leading dot) of a message or enum. */
  readonly type: string;
  readonly kind: 'scalar' | 'message' | 'enum';
  readonly repeated: boolean;
  readonly map: boolean;
  /** The field's `(validate.rules)` options, keyed without that prefix (e.g. "uint32.lte"). */
  readonly rules: Readonly<Record<string, unknown>>;
}

export interface MessageType {
  /** The short name ("Listener"). */
  readonly name: string;
  /** The full name with protobuf's leading dot (".envoy.config.listener.v3.Listener"). */
  readonly fullName: string;
  /** Fields by proto name (a prototype-less record: a key such as "constructor" is not a field). */
  readonly fields: Readonly<Record<string, FieldInfo | undefined>>;
}

export interface EnumType {
  readonly name: string;
  readonly fullName: string;
  readonly values: Readonly<Record<string, number>>;
  /** Number → name; of aliases, the last declared (as protobuf's own JSON printers pick). */
  readonly valuesById: Readonly<Record<number, string>>;
}

function upgraded(name: string): string {
  for (const [from, to] of V2_UPGRADES) {
    if (from.endsWith('.') ? name.startsWith(from) : name === from) return to + name.slice(from.length);
  }
  return name;
}

function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf('.') + 1);
}

const NO_RULES: Readonly<Record<string, unknown>> = Object.freeze({});

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
  private readonly table: TypeTable;
  private readonly known: Set<string>;
  private readonly fieldTables = new Map<MessageType, Map<string, FieldInfo>>();
  private readonly typeCache = new Map<string, MessageType | null>();
  private readonly enumCache = new Map<string, EnumType | null>();
  private readonly keyCache = new Map<MessageType, Map<string, readonly string[]>>();
  private readonly canonical = new Map<string, string>();
  readonly source: string;

  constructor(table: TypeTable) {
    this.table = table;
    this.known = new Set(table.knownMessages);
    this.source = table.source;
  }

  /** The v3 message name a type URL or full name stands for, after the v2 → v3 upgrade map. */
  canonicalName(typeUrlOrName: string): string {
    // A dump repeats the same few dozen type URLs on every resource: each is worked out once.
    let name = this.canonical.get(typeUrlOrName);
    if (name === undefined) {
      name = upgraded(typeUrlOrName.slice(typeUrlOrName.lastIndexOf('/') + 1));
      if (this.canonical.size < 10_000) this.canonical.set(typeUrlOrName, name);
    }
    return name;
  }

  /** Whether a type URL names an older (v2 / v2alpha) message that envoy-lint reads as its v3 successor. */
  isLegacy(typeUrlOrName: string): boolean {
    return this.canonicalName(typeUrlOrName) !== typeUrlOrName.slice(typeUrlOrName.lastIndexOf('/') + 1);
  }

  /** Whether the message exists in Envoy's API (even if envoy-lint does not walk it field by field). */
  isKnownType(typeUrlOrName: string): boolean {
    return this.known.has(this.canonicalName(typeUrlOrName));
  }

  /** The message type to read a value of this type URL with, or null when only its name is known (or nothing). */
  messageType(typeUrlOrName: string): MessageType | null {
    const byUrl = this.typeCache.get(typeUrlOrName);
    if (byUrl !== undefined) return byUrl;
    const name = this.canonicalName(typeUrlOrName);
    let cached = this.typeCache.get(name);
    if (cached === undefined) {
      const entries = Object.prototype.hasOwnProperty.call(this.table.messages, name) ? this.table.messages[name] : undefined;
      cached = entries ? makeMessage(name, entries) : null;
      this.typeCache.set(name, cached);
    }
    if (this.typeCache.size < 10_000) this.typeCache.set(typeUrlOrName, cached);
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

  /** Every JSON key a message's fields may appear under (proto names and json_names), with its field. */
  fieldsByKey(type: MessageType): ReadonlyMap<string, FieldInfo> {
    return this.fieldTable(type);
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

  /** The full name of a type, with protobuf's leading dot. */
  nameOf(type: MessageType | EnumType): string {
    return type.fullName;
  }

  /** The message type of a message-typed field, or null for scalars and enums. */
  fieldMessageType(field: FieldInfo): MessageType | null {
    return field.kind === 'message' ? this.messageType(field.type) : null;
  }

  /** The enum of an enum-typed field, or null. */
  fieldEnum(field: FieldInfo): EnumType | null {
    if (field.kind !== 'enum') return null;
    let cached = this.enumCache.get(field.type);
    if (cached === undefined) {
      const values = Object.prototype.hasOwnProperty.call(this.table.enums, field.type) ? this.table.enums[field.type] : undefined;
      cached = values ? makeEnum(field.type, values) : null;
      this.enumCache.set(field.type, cached);
    }
    return cached;
  }

  /** Whether a message type is google.protobuf.Any (its payload's type comes from "@type"). */
  isAny(type: MessageType): boolean {
    return type.fullName === '.google.protobuf.Any';
  }

  private fieldTable(type: MessageType): Map<string, FieldInfo> {
    let table = this.fieldTables.get(type);
    if (!table) {
      table = new Map();
      for (const field of Object.values(type.fields)) {
        if (!field) continue;
        table.set(field.name, field);
        table.set(protoJsonName(field.name), field);
      }
      this.fieldTables.set(type, table);
    }
    return table;
  }
}

function makeMessage(name: string, entries: Record<string, FieldEntry>): MessageType {
  const fields = Object.create(null) as Record<string, FieldInfo | undefined>;
  for (const [fieldName, entry] of Object.entries(entries)) {
    fields[fieldName] = {
      name: fieldName,
      type: entry.type,
      kind: entry.kind ?? 'scalar',
      repeated: entry.repeated === true,
      map: entry.map === true,
      rules: entry.rules ?? NO_RULES,
    };
  }
  return { name: shortName(name), fullName: `.${name}`, fields };
}

function makeEnum(name: string, values: Record<string, number>): EnumType {
  const byName = Object.create(null) as Record<string, number>;
  const byId = Object.create(null) as Record<number, string>;
  for (const [valueName, id] of Object.entries(values)) {
    byName[valueName] = id;
    byId[id] = valueName;
  }
  return { name: shortName(name), fullName: `.${name}`, values: byName, valuesById: byId };
}

let shared: ProtoRegistry | undefined;

/** The registry over the type table shipped with envoy-lint (read once, on first use). */
export function protoRegistry(): ProtoRegistry {
  if (!shared) {
    const text = fs.readFileSync(new URL('./envoy-types.json', import.meta.url), 'utf8');
    shared = new ProtoRegistry(JSON.parse(text) as TypeTable);
  }
  return shared;
}
