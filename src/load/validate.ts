// Checks a resource's values against Envoy's proto: JSON types of the fields envoy-lint knows, and the
// protoc-gen-validate rules Envoy itself enforces (port ≤ 65535, required fields, non-empty names...).
// A field the descriptor does not know is left alone: newer Envoy versions add fields, and that is not an error.
import type protobuf from 'protobufjs';
import type { FieldInfo, MessageType, ProtoRegistry } from '../proto/registry.js';
import type { Msg } from './reader.js';
import { childPointer, isObject } from './reader.js';

export interface ValueProblem {
  pointer: string;
  message: string;
}

const MAX_DEPTH = 128;
const INT_TYPES = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32', 'int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const UNSIGNED = new Set(['uint32', 'fixed32', 'uint64', 'fixed64']);
const FLOAT_TYPES = new Set(['double', 'float']);
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
/** Well-known types whose JSON form is free-form or a string: not walked. */
const OPAQUE = new Set(['.google.protobuf.Struct', '.google.protobuf.Value', '.google.protobuf.ListValue', '.google.protobuf.Empty', '.google.protobuf.FieldMask']);
const DURATION = /^-?\d+(\.\d{1,9})?s$/;

type Rules = Record<string, unknown>;

/** The `(validate.rules)` options of a field, keyed without the prefix (e.g. "uint32.lte"). */
function rulesOf(field: FieldInfo): Rules {
  const out: Rules = {};
  for (const [key, value] of Object.entries(field.options ?? {})) {
    if (key.startsWith('(validate.rules).')) out[key.slice('(validate.rules).'.length)] = value;
  }
  return out;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

class Validator {
  readonly problems: ValueProblem[] = [];

  constructor(private readonly registry: ProtoRegistry) {}

  private problem(pointer: string, message: string): void {
    this.problems.push({ pointer, message });
  }

  message(value: Record<string, unknown>, type: MessageType, pointer: string, depth: number): void {
    if (depth > MAX_DEPTH) return;
    // Required-field and required-oneof rules are not checked: Envoy's dump omits fields at their default values,
    // so a field absent from a dump is not evidence that it was absent from the config Envoy accepted.
    for (const [key, child] of Object.entries(value)) {
      if (key === '@type') continue;
      const field = this.registry.field(type, key);
      if (field) this.field(field, child, childPointer(pointer, key), depth);
    }
  }

  private field(field: FieldInfo, value: unknown, pointer: string, depth: number): void {
    const rules = rulesOf(field);
    if (field.map) {
      if (!isObject(value)) return this.problem(pointer, `"${field.name}" must be an object (a map), not ${describeJsonType(value)}`);
      for (const [key, item] of Object.entries(value)) this.single(field, item, childPointer(pointer, key), depth, {});
      return;
    }
    if (field.repeated) {
      if (!Array.isArray(value)) return this.problem(pointer, `"${field.name}" must be a list, not ${describeJsonType(value)}`);
      const min = rules['repeated.min_items'];
      const max = rules['repeated.max_items'];
      if (typeof min === 'number' && value.length < min) this.problem(pointer, `"${field.name}" needs at least ${min} item(s), has ${value.length}; Envoy rejects it`);
      if (typeof max === 'number' && value.length > max) this.problem(pointer, `"${field.name}" allows at most ${max} item(s), has ${value.length}; Envoy rejects it`);
      const itemRules: Rules = {};
      for (const [k, v] of Object.entries(rules)) if (k.startsWith('repeated.items.')) itemRules[k.slice('repeated.items.'.length)] = v;
      value.forEach((item, i) => this.single(field, item, childPointer(pointer, i), depth, itemRules));
      return;
    }
    this.single(field, value, pointer, depth, rules);
  }

  private single(field: FieldInfo, value: unknown, pointer: string, depth: number, rules: Rules): void {
    const messageType = this.registry.fieldMessageType(field);
    if (messageType) {
      const wrapped = WRAPPER_SCALARS[messageType.fullName];
      if (wrapped) {
        const inner = isObject(value) && 'value' in value ? value.value : value;
        // Lower bounds are not checked on wrappers: Envoy prints some it fills in itself (a locality weight of 0
        // on a converted static cluster) that never went through validation.
        const upperOnly = Object.fromEntries(Object.entries(rules).filter(([k]) => !/\.(gte|gt)$/.test(k)));
        return this.scalar(field.name, wrapped, inner, pointer, upperOnly);
      }
      if (OPAQUE.has(messageType.fullName)) return;
      if (messageType.fullName === '.google.protobuf.Duration') {
        if (typeof value !== 'string' || !DURATION.test(value)) this.problem(pointer, `"${field.name}" must be a duration such as "10s", not ${JSON.stringify(value)}`);
        return;
      }
      if (messageType.fullName === '.google.protobuf.Timestamp') return;
      if (!isObject(value)) return this.problem(pointer, `"${field.name}" must be an object (${messageType.name}), not ${describeJsonType(value)}`);
      if (messageType.fullName === '.google.protobuf.Any') {
        const url = value['@type'];
        if (typeof url !== 'string') return this.problem(pointer, `"${field.name}" is a google.protobuf.Any and needs "@type"`);
        const inner = this.registry.messageType(url);
        if (inner) this.message(value, inner, pointer, depth + 1);
        return;
      }
      return this.message(value, messageType, pointer, depth + 1);
    }
    const enumType = this.registry.fieldEnum(field);
    if (enumType) return this.enumValue(field.name, enumType, value, pointer);
    this.scalar(field.name, field.type, value, pointer, rules);
  }

  private enumValue(name: string, enumType: protobuf.Enum, value: unknown, pointer: string): void {
    if (typeof value === 'string' && !(value in enumType.values)) {
      this.problem(pointer, `"${name}" is ${JSON.stringify(value)}, which is not a ${enumType.name} value (${Object.keys(enumType.values).slice(0, 8).join(', ')}${Object.keys(enumType.values).length > 8 ? ', ...' : ''})`);
    } else if (typeof value !== 'string' && typeof value !== 'number') {
      this.problem(pointer, `"${name}" must be a ${enumType.name} name, not ${describeJsonType(value)}`);
    }
  }

  private scalar(name: string, type: string, value: unknown, pointer: string, rules: Rules): void {
    if (INT_TYPES.has(type) || FLOAT_TYPES.has(type)) {
      // proto3 JSON writes 64-bit integers as strings and accepts strings for every number.
      const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (Number.isNaN(number)) return this.problem(pointer, `"${name}" must be a number, not ${JSON.stringify(value)}`);
      if (INT_TYPES.has(type) && !Number.isInteger(number)) return this.problem(pointer, `"${name}" must be a whole number, not ${number}`);
      if (UNSIGNED.has(type) && number < 0) return this.problem(pointer, `"${name}" is ${number}, but it cannot be negative (${type})`);
      if ((type === 'uint32' || type === 'fixed32') && number > 0xffffffff) return this.problem(pointer, `"${name}" is ${number}, too large for a uint32`);
      for (const [op, test, words] of [
        ['lte', (a: number, b: number) => a <= b, 'at most'],
        ['lt', (a: number, b: number) => a < b, 'below'],
        ['gte', (a: number, b: number) => a >= b, 'at least'],
        ['gt', (a: number, b: number) => a > b, 'above'],
      ] as const) {
        const bound = rules[`${type}.${op}`];
        if (typeof bound === 'number' && !test(number, bound)) {
          this.problem(pointer, `"${name}" is ${number}, but Envoy requires ${words} ${bound}; it rejects the resource`);
          return;
        }
      }
      return;
    }
    if (type === 'bool') {
      if (typeof value !== 'boolean') this.problem(pointer, `"${name}" must be true or false, not ${JSON.stringify(value)}`);
      return;
    }
    if (type === 'string' || type === 'bytes') {
      if (typeof value !== 'string') return this.problem(pointer, `"${name}" must be a string, not ${describeJsonType(value)}`);
      const min = rules['string.min_len'] ?? rules['string.min_bytes'] ?? rules['bytes.min_len'];
      if (typeof min === 'number' && value.length < min) this.problem(pointer, `"${name}" must not be empty (at least ${min} character(s)); Envoy rejects it`);
    }
  }
}

/** Value problems of one resource, read with its proto type. A Msg without a known type is not checked. */
export function validateResource(msg: Msg, registry: ProtoRegistry): ValueProblem[] {
  if (!msg.type) return [];
  const validator = new Validator(registry);
  validator.message(msg.value, msg.type, msg.pointer, 0);
  return validator.problems;
}
