// Typed, located access to parsed JSON/YAML: a Msg is an object value, the proto message type it holds (when known),
// and the JSON pointer it sits at. Fields are looked up through the message's field table, so snake_case and
// camelCase inputs read the same, and every value read keeps the pointer of the key it was actually found under.
import type { MessageType, ProtoRegistry } from '../proto/registry.js';
import { pointerSegment } from './json/locate.js';
import { isList, isObject, listItem, type JsonObject } from './json/values.js';
import { quotedInteger } from './proto-json.js';

export { isList, isObject, listItem, pointerSegment, type JsonObject };

export interface Located<T> {
  readonly value: T;
  readonly pointer: string;
}

/**
 * A field as found: its pointer is made only when asked for. Most fields read are never reported or stored, and a
 * dump has millions of them, so eager pointers were a large share of the loader's garbage.
 */
class Found<T> implements Located<T> {
  constructor(
    readonly value: T,
    private readonly parent: string,
    private readonly key: string,
  ) {}

  get pointer(): string {
    return childPointer(this.parent, this.key);
  }

  /** This field's object as a Msg, its pointer still made only on first use. */
  msg(this: Found<JsonObject>, registry: ProtoRegistry, type: MessageType | null): Msg {
    return new Msg(registry, this.value, this.parent, type, this.key);
  }
}

/**
 * "/segment" strings by key, made once: a child pointer is then one concatenation of its parent's pointer and a shared
 * suffix, which V8 keeps as a single small cons cell instead of two. The graph holds hundreds of thousands of pointers.
 */
const SUFFIXES = new Map<string | number, string>();
const MAX_SUFFIXES = 100_000;

export function childPointer(pointer: string, key: string | number): string {
  let suffix = SUFFIXES.get(key);
  if (suffix === undefined) {
    suffix = '/' + pointerSegment(key);
    if (SUFFIXES.size < MAX_SUFFIXES) SUFFIXES.set(key, suffix);
  }
  return pointer + suffix;
}

export class Msg {
  private at: string | undefined;

  constructor(
    readonly registry: ProtoRegistry,
    readonly value: JsonObject,
    /** The pointer, or the parent's pointer when `key` is given (the pointer is then made on first use). */
    pointer: string,
    /** null when the type is unknown to envoy-lint: then only exact keys are read. */
    readonly type: MessageType | null,
    private readonly key?: string | number,
  ) {
    this.at = key === undefined ? pointer : undefined;
    this.parent = pointer;
  }

  private readonly parent: string;

  /** Where the object sits. Made on first use: most list elements read are never reported or stored. */
  get pointer(): string {
    return (this.at ??= childPointer(this.parent, this.key ?? ''));
  }

  /** The raw value of a field and the key it was found under; proto name and json_name are both accepted. */
  raw(fieldName: string): Located<unknown> | undefined {
    const keys = this.type ? this.registry.fieldKeys(this.type, fieldName) : undefined;
    const first = keys ? keys[0] : fieldName;
    if (first !== undefined && Object.prototype.hasOwnProperty.call(this.value, first)) return new Found(this.value[first], this.pointer, first);
    const second = keys?.[1];
    if (second !== undefined && Object.prototype.hasOwnProperty.call(this.value, second)) return new Found(this.value[second], this.pointer, second);
    return undefined;
  }

  has(fieldName: string): boolean {
    return this.raw(fieldName) !== undefined;
  }

  /** A message-typed field. An `Any` is opened through its `@type`. */
  msg(fieldName: string): Msg | undefined {
    const found = this.raw(fieldName);
    if (!found || !isObject(found.value)) return undefined;
    return found instanceof Found ? found.msg(this.registry, this.childType(fieldName, found.value)) : new Msg(this.registry, found.value, found.pointer, this.childType(fieldName, found.value));
  }

  /** A repeated message field; non-object items are skipped (the schema check reports them). */
  list(fieldName: string): Msg[] {
    const out: Msg[] = [];
    this.each(fieldName, (item) => out.push(item));
    return out;
  }

  /**
   * Calls `visit` for each message of a repeated field, one at a time: unlike list(), an element is not kept once
   * visited, so a big input's lazily parsed resource list is never all in memory.
   */
  each(fieldName: string, visit: (item: Msg) => void): void {
    const found = this.raw(fieldName);
    if (!found || !isList(found.value)) return;
    const list = found.value;
    const base = found.pointer;
    for (let i = 0; i < list.length; i++) {
      const item = listItem(list, i);
      if (isObject(item)) visit(new Msg(this.registry, item, base, this.childType(fieldName, item), i));
    }
  }

  str(fieldName: string): Located<string> | undefined {
    const found = this.raw(fieldName);
    return found && typeof found.value === 'string' ? (found as Located<string>) : undefined;
  }

  /** A number field; proto3 JSON also allows integers as strings ("8080", "8e3": see proto-json.ts). */
  num(fieldName: string): Located<number> | undefined {
    const found = this.raw(fieldName);
    if (!found) return undefined;
    if (typeof found.value === 'number') return found as Located<number>;
    const value = typeof found.value === 'string' ? quotedInteger(found.value) : undefined;
    return value !== undefined ? { value, pointer: found.pointer } : undefined;
  }

  /** A bool field, or a google.protobuf.BoolValue written as a plain bool or as {"value": bool}. */
  bool(fieldName: string): boolean | undefined {
    const found = this.raw(fieldName);
    if (!found) return undefined;
    if (typeof found.value === 'boolean') return found.value;
    if (isObject(found.value) && typeof found.value.value === 'boolean') return found.value.value;
    return undefined;
  }

  /** An enum field's name (proto3 JSON allows the number too). */
  enumName(fieldName: string): string | undefined {
    const found = this.raw(fieldName);
    if (!found) return undefined;
    if (typeof found.value === 'string') return found.value;
    const field = this.type?.fields[fieldName];
    const enumType = field ? this.registry.fieldEnum(field) : null;
    if (typeof found.value === 'number' && enumType) return enumType.valuesById[found.value];
    return undefined;
  }

  strings(fieldName: string): string[] {
    const found = this.raw(fieldName);
    return found && isList(found.value) ? [...found.value].filter((v): v is string => typeof v === 'string') : [];
  }

  /** The `@type` of this object when it is an Any. */
  typeUrl(): string | undefined {
    const t = this.value['@type'];
    return typeof t === 'string' ? t : undefined;
  }

  /** The same object read as another message type (an Any's payload, a Struct read as a known config). */
  as(type: MessageType | null): Msg {
    return new Msg(this.registry, this.value, this.parent, type, this.key);
  }

  private childType(fieldName: string, child: JsonObject): MessageType | null {
    const field = this.type?.fields[fieldName];
    const declared = field ? this.registry.fieldMessageType(field) : null;
    if ((declared && this.registry.isAny(declared)) || (!declared && typeof child['@type'] === 'string')) {
      const url = child['@type'];
      return typeof url === 'string' ? this.registry.messageType(url) : null;
    }
    return declared;
  }
}
