// Checks a resource's values against Envoy's proto: JSON types of the fields envoy-lint knows (integers in proto3
// JSON's forms: proto-json.ts), the protoc-gen-validate rules Envoy itself enforces (port ≤ 65535, non-negative
// unsigned values, enum names...), and every RegexMatcher's pattern compiled with RE2's rules, as Envoy compiles it.
// A field the descriptor does not know is left alone: newer Envoy versions add fields, and that is not an error.
// Required-field and required-oneof rules are not checked: Envoy's dump omits fields at their default values, so a
// field absent from a dump is not evidence that it was absent from the config Envoy accepted.
// Each field's checks are planned once and cached: dumps repeat the same few hundred fields millions of times.
import type { EnumType, FieldInfo, MessageType, ProtoRegistry } from '../proto/registry.js';
import { LazyList, isList, listItem } from './json/values.js';
import { INTEGER_TYPES, readInteger, type IntegerReading } from './proto-json.js';
import { re2Error } from './re2.js';
import { childPointer, isObject, type Msg } from './reader.js';

export interface ProtoProblem {
  pointer: string;
  message: string;
}

const MAX_DEPTH = 128;
const FLOAT_TYPES = new Set(['double', 'float']);
const FLOAT_STRING = /^(-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|NaN|-?Infinity)$/;
const WRAPPER_SCALARS: Readonly<Record<string, string>> = {
  '.google.protobuf.UInt32Value': 'uint32',
  '.google.protobuf.UInt64Value': 'uint64',
  '.google.protobuf.Int32Value': 'int32',
  '.google.protobuf.Int64Value': 'int64',
  '.google.protobuf.DoubleValue': 'double',
  '.google.protobuf.FloatValue': 'float',
  '.google.protobuf.BoolValue': 'bool',
  '.google.protobuf.StringValue': 'string',
  '.google.protobuf.BytesValue': 'bytes',
};
/** Well-known types whose JSON form is free-form (or a timestamp string): not walked. */
const OPAQUE = new Set(['.google.protobuf.Struct', '.google.protobuf.Value', '.google.protobuf.ListValue', '.google.protobuf.Empty', '.google.protobuf.FieldMask', '.google.protobuf.Timestamp']);
const DURATION = /^-?\d+(\.\d{1,9})?s$/;
/** Every place a RegexMatcher appears (route, header, string matchers, regex_rewrite, the xds matcher tree's). */
const REGEX_MATCHERS = new Set(['.envoy.type.matcher.v3.RegexMatcher', '.xds.type.matcher.v3.RegexMatcher']);

type Rules = Readonly<Record<string, unknown>>;

interface Bound {
  op: 'lte' | 'lt' | 'gte' | 'gt';
  value: number;
}

/** How one value of a field is checked. */
type ValuePlan =
  | { kind: 'message'; type: MessageType; regex?: true }
  | { kind: 'any' }
  | { kind: 'opaque' }
  | { kind: 'duration' }
  | { kind: 'enum'; type: EnumType; definedOnly: boolean }
  | { kind: 'number'; scalar: string; bounds: Bound[] }
  | { kind: 'bool' }
  | { kind: 'string'; minLength: number };

interface FieldPlan {
  name: string;
  shape: 'single' | 'repeated' | 'map';
  value: ValuePlan;
  minItems?: number;
  maxItems?: number;
}

/**
 * Where a value is, as its parent's path and its key: made into a pointer string only for a problem (most values are
 * fine, and a dump has millions of them).
 */
type Path = string | { readonly parent: Path; readonly key: string | number };

function step(parent: Path, key: string | number): Path {
  return { parent, key };
}

function render(path: Path): string {
  const keys: Array<string | number> = [];
  let at = path;
  while (typeof at !== 'string') {
    keys.push(at.key);
    at = at.parent;
  }
  let pointer = at;
  for (let i = keys.length - 1; i >= 0; i--) pointer = childPointer(pointer, keys[i] ?? '');
  return pointer;
}

const BOUND_WORDS: Record<Bound['op'], string> = { lte: 'at most', lt: 'below', gte: 'at least', gt: 'above' };
const BOUND_TESTS: Record<Bound['op'], (a: number, b: number) => boolean> = {
  lte: (a, b) => a <= b,
  lt: (a, b) => a < b,
  gte: (a, b) => a >= b,
  gt: (a, b) => a > b,
};

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (isList(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

class Planner {
  private readonly plans = new Map<FieldInfo, FieldPlan>();
  private readonly byType = new Map<MessageType, Map<string, FieldPlan>>();

  constructor(private readonly registry: ProtoRegistry) {}

  plan(field: FieldInfo): FieldPlan {
    let plan = this.plans.get(field);
    if (!plan) this.plans.set(field, (plan = this.make(field)));
    return plan;
  }

  /** Every field's plan of a message by JSON key (proto name and json_name): one lookup per key of a value. */
  plansOf(type: MessageType): Map<string, FieldPlan> {
    let plans = this.byType.get(type);
    if (!plans) {
      plans = new Map();
      for (const [key, field] of this.registry.fieldsByKey(type)) plans.set(key, this.plan(field));
      this.byType.set(type, plans);
    }
    return plans;
  }

  private make(field: FieldInfo): FieldPlan {
    const rules = field.rules;
    const shape = field.map ? 'map' : field.repeated ? 'repeated' : 'single';
    let valueRules = rules;
    if (shape === 'repeated') {
      const items: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rules)) if (k.startsWith('repeated.items.')) items[k.slice('repeated.items.'.length)] = v;
      valueRules = items;
    } else if (shape === 'map') valueRules = {};
    const plan: FieldPlan = { name: field.name, shape, value: this.valuePlan(field, valueRules) };
    if (typeof rules['repeated.min_items'] === 'number') plan.minItems = rules['repeated.min_items'];
    if (typeof rules['repeated.max_items'] === 'number') plan.maxItems = rules['repeated.max_items'];
    return plan;
  }

  private valuePlan(field: FieldInfo, rules: Rules): ValuePlan {
    const messageType = this.registry.fieldMessageType(field);
    if (messageType) {
      const name = this.registry.nameOf(messageType);
      const wrapped = WRAPPER_SCALARS[name];
      // Lower bounds are not checked on wrappers: Envoy prints some it fills in itself (a locality weight of 0 on a
      // converted static cluster) that never went through validation.
      if (wrapped) return scalarPlan(wrapped, rules, true);
      if (OPAQUE.has(name)) return { kind: 'opaque' };
      if (name === '.google.protobuf.Duration') return { kind: 'duration' };
      if (name === '.google.protobuf.Any') return { kind: 'any' };
      if (REGEX_MATCHERS.has(name)) return { kind: 'message', type: messageType, regex: true };
      return { kind: 'message', type: messageType };
    }
    const enumType = this.registry.fieldEnum(field);
    if (enumType) return { kind: 'enum', type: enumType, definedOnly: rules['enum.defined_only'] === true };
    return scalarPlan(field.type, rules, false);
  }
}

function scalarPlan(scalar: string, rules: Rules, upperOnly: boolean): ValuePlan {
  if (INTEGER_TYPES.has(scalar) || FLOAT_TYPES.has(scalar)) {
    const bounds: Bound[] = [];
    for (const op of ['lte', 'lt', 'gte', 'gt'] as const) {
      const value = rules[`${scalar}.${op}`];
      if (typeof value === 'number' && !(upperOnly && (op === 'gte' || op === 'gt'))) bounds.push({ op, value });
    }
    return { kind: 'number', scalar, bounds };
  }
  if (scalar === 'bool') return { kind: 'bool' };
  const min = rules['string.min_len'] ?? rules['string.min_bytes'] ?? rules['bytes.min_len'];
  return { kind: 'string', minLength: typeof min === 'number' ? min : 0 };
}

class Validator {
  readonly problems: ProtoProblem[] = [];

  constructor(
    private readonly registry: ProtoRegistry,
    private readonly planner: Planner,
    /** "Type.field" of the lists whose elements the loader checks itself as it reads them (see validateResource). */
    private readonly resourceLists: ReadonlySet<string>,
  ) {}

  private problem(pointer: Path, message: string): void {
    this.problems.push({ pointer: render(pointer), message });
  }

  message(value: Record<string, unknown>, type: MessageType, pointer: Path, depth: number): void {
    if (depth > MAX_DEPTH) return;
    const plans = this.planner.plansOf(type);
    for (const key in value) {
      // proto3 JSON reads null as the field's default value (google.protobuf.Value fields are opaque here).
      if (!Object.prototype.hasOwnProperty.call(value, key) || key === '@type' || value[key] === null) continue;
      const plan = plans.get(key);
      if (!plan) continue;
      const item = value[key];
      if (item instanceof LazyList && this.resourceLists.has(`${this.registry.nameOf(type)}.${plan.name}`)) this.nonObjects(plan, item, step(pointer, key), depth);
      else this.field(plan, item, pointer, key, depth);
    }
  }

  /**
   * A big input's resource list: the loader checks each object element when it reads it (parsing it once), so only
   * the elements that are not objects are parsed and checked here.
   */
  private nonObjects(plan: FieldPlan, list: LazyList, pointer: Path, depth: number): void {
    for (let i = 0; i < list.length; i++) if (list.firstByte(i) !== 0x7b) this.value(plan, list.at(i), pointer, i, depth);
  }

  private field(plan: FieldPlan, value: unknown, parent: Path, key: string, depth: number): void {
    if (plan.shape === 'single') return this.value(plan, value, parent, key, depth);
    const pointer = step(parent, key);
    if (plan.shape === 'map') {
      if (!isObject(value)) return this.problem(pointer, `"${plan.name}" must be an object (a map), not ${describeJsonType(value)}`);
      for (const k in value) if (Object.prototype.hasOwnProperty.call(value, k)) this.value(plan, value[k], pointer, k, depth);
      return;
    }
    if (!isList(value)) return this.problem(pointer, `"${plan.name}" must be a list, not ${describeJsonType(value)}`);
    if (plan.minItems !== undefined && value.length < plan.minItems) this.problem(pointer, `"${plan.name}" needs at least ${plan.minItems} item(s), has ${value.length}; Envoy rejects it`);
    if (plan.maxItems !== undefined && value.length > plan.maxItems) this.problem(pointer, `"${plan.name}" allows at most ${plan.maxItems} item(s), has ${value.length}; Envoy rejects it`);
    for (let i = 0; i < value.length; i++) this.value(plan, listItem(value, i), pointer, i, depth);
  }

  /** Pointers are built only when a problem is found or a message is entered: most values are fine. */
  private value(plan: FieldPlan, value: unknown, parent: Path, key: string | number, depth: number): void {
    const v = plan.value;
    const name = plan.name;
    switch (v.kind) {
      case 'message':
        if (!isObject(value)) return this.problem(step(parent, key), `"${name}" must be an object (${v.type.name}), not ${describeJsonType(value)}`);
        this.message(value, v.type, step(parent, key), depth + 1);
        if (v.regex) this.regex(value, step(parent, key));
        return;
      case 'any': {
        if (!isObject(value)) return this.problem(step(parent, key), `"${name}" must be an object (google.protobuf.Any), not ${describeJsonType(value)}`);
        const url = value['@type'];
        if (typeof url !== 'string') return this.problem(step(parent, key), `"${name}" is a google.protobuf.Any and needs "@type"`);
        const inner = this.registry.messageType(url);
        if (inner) this.message(value, inner, step(parent, key), depth + 1);
        return;
      }
      case 'opaque':
        return;
      case 'duration':
        if (typeof value !== 'string' || !DURATION.test(value)) this.problem(step(parent, key), `"${name}" must be a duration such as "10s", not ${JSON.stringify(value)}`);
        return;
      case 'enum':
        if (typeof value === 'string') {
          if (!(value in v.type.values)) {
            const names = Object.keys(v.type.values);
            this.problem(step(parent, key), `"${name}" is ${JSON.stringify(value)}, which is not a ${v.type.name} value (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''})`);
          }
        } else if (typeof value !== 'number') this.problem(step(parent, key), `"${name}" must be a ${v.type.name} name, not ${describeJsonType(value)}`);
        else if (v.definedOnly && !(value in v.type.valuesById)) this.problem(step(parent, key), `"${name}" is ${value}, which is not a ${v.type.name} value; Envoy rejects it (defined_only)`);
        return;
      case 'bool': {
        const inner = isObject(value) && 'value' in value ? value.value : value;
        if (typeof inner !== 'boolean') this.problem(step(parent, key), `"${name}" must be true or false, not ${JSON.stringify(inner)}`);
        return;
      }
      case 'string': {
        const inner = isObject(value) && 'value' in value ? value.value : value;
        if (typeof inner !== 'string') return this.problem(step(parent, key), `"${name}" must be a string, not ${describeJsonType(inner)}`);
        if (inner.length < v.minLength) this.problem(step(parent, key), `"${name}" must not be empty (at least ${v.minLength} character(s)); Envoy rejects it`);
        return;
      }
      case 'number':
        return this.number(name, v.scalar, v.bounds, isObject(value) && 'value' in value ? value.value : value, parent, key);
    }
  }

  /** Envoy compiles every RegexMatcher when it loads the resource: a pattern RE2 refuses fails the whole resource. */
  private regex(matcher: Record<string, unknown>, at: Path): void {
    const pattern = matcher.regex;
    if (typeof pattern !== 'string' || pattern === '') return; // a wrong type or an empty pattern: the field checks say so
    const error = re2Error(pattern);
    if (error === undefined) return;
    this.problem(
      step(at, 'regex'),
      `"regex" ${JSON.stringify(pattern)} is not valid RE2 (${error}): Envoy NACKs the whole resource over it, not just this match; rewrite it in RE2 syntax (no backreferences, lookahead or lookbehind: https://github.com/google/re2/wiki/Syntax)`,
    );
  }

  private number(name: string, scalar: string, bounds: readonly Bound[], value: unknown, parent: Path, key: string | number): void {
    const at = (): Path => step(parent, key);
    let number: number;
    if (INTEGER_TYPES.has(scalar)) {
      const reading = readInteger(value, scalar);
      if (!reading.ok) return this.problem(at(), integerProblem(name, scalar, value, reading));
      number = reading.value;
    } else {
      // proto3 JSON accepts strings for floats too: decimal or exponent notation, NaN and Infinity.
      number = typeof value === 'number' ? value : typeof value === 'string' && FLOAT_STRING.test(value) ? Number(value) : NaN;
      if (Number.isNaN(number) && value !== 'NaN') return this.problem(at(), `"${name}" must be a number, not ${JSON.stringify(value)}`);
    }
    for (const bound of bounds) {
      if (!BOUND_TESTS[bound.op](number, bound.value)) {
        return this.problem(at(), `"${name}" is ${number}, but Envoy requires ${BOUND_WORDS[bound.op]} ${bound.value}; it rejects the resource`);
      }
    }
  }
}

function integerProblem(name: string, scalar: string, value: unknown, reading: Extract<IntegerReading, { ok: false }>): string {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(reading.value ?? value);
  switch (reading.problem) {
    case 'not-a-number':
      return `"${name}" must be a number, not ${JSON.stringify(value)}`;
    case 'syntax':
      return `"${name}" must be a whole number: a JSON number, or a string in JSON's number syntax ("8080"), not ${shown} (proto3 JSON reads no hex, "+", spaces or leading zeros)`;
    case 'fraction':
      return `"${name}" must be a whole number, not ${shown}`;
    case 'negative':
      return `"${name}" is ${shown}, but it cannot be negative (${scalar})`;
    case 'range':
      return `"${name}" is ${shown}, outside the ${scalar} range`;
  }
}

const planners = new WeakMap<ProtoRegistry, Planner>();

/**
 * Value problems of one resource or section, read with its proto type. A Msg without a known type is not checked.
 * `resourceLists` names ("Type.field") the lists of a section whose elements the caller checks one by one as it reads
 * them; when such a list is lazy (a big input), only its non-object elements are checked here, so that each resource
 * is parsed once.
 */
export function validateResource(msg: Msg, registry: ProtoRegistry, resourceLists: ReadonlySet<string> = new Set()): ProtoProblem[] {
  if (!msg.type) return [];
  let planner = planners.get(registry);
  if (!planner) planners.set(registry, (planner = new Planner(registry)));
  const validator = new Validator(registry, planner, resourceLists);
  validator.message(msg.value, msg.type, msg.pointer, 0);
  return validator.problems;
}
