// proto3 JSON's integer forms, for the value checks (validate.ts) and for reading numbers (reader.ts) alike.
//
// The ProtoJSON format (https://protobuf.dev/programming-guides/json/, "Representation of each type") lets every
// integer type be a JSON number or a string: "Either numbers or strings are accepted. Empty strings are invalid.
// Exponent notation (such as 1e2) is accepted in both quoted and unquoted forms", and ("Out of range numeric values")
// "Zero fractional portions are accepted. For example 1.0 is valid for an int32 field, but 1.5 is not". The conformance
// suite (binary_json_conformance_suite.cc) says what a string may hold: "String values must follow the same syntax
// rule" as numbers, so no leading or trailing space (Int32FieldLeadingSpace), and by JSON's number grammar no "+", no
// leading zero and no hex. A quoted integer is therefore JSON number syntax inside quotes: "80", "8e1" and "80.0" are
// 80; "0x50", " 80", "+80", "080" and "" are not integers.

/** JSON's number grammar (RFC 8259, section 6). */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;
/** A plain decimal integer: read exactly (with BigInt), as 64-bit values past 2^53 must be. */
const DECIMAL = /^-?(0|[1-9]\d*)$/;

const RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

export const INTEGER_TYPES: ReadonlySet<string> = new Set(Object.keys(RANGES));

export type IntegerReading =
  | { ok: true; value: number }
  | { ok: false; problem: 'not-a-number' | 'syntax' | 'fraction' | 'negative' | 'range'; value?: number };

/**
 * A JSON value read as a proto integer of `scalar` (int32, uint64...). `value` is the number as a double: exact up to
 * 2^53, which every bound Envoy's validate rules set is far below.
 */
export function readInteger(raw: unknown, scalar: string): IntegerReading {
  const [min, max] = RANGES[scalar] ?? [-(2n ** 63n), 2n ** 63n - 1n];
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw !== 'string') return { ok: false, problem: 'not-a-number' };
  else if (DECIMAL.test(raw)) {
    const exact = BigInt(raw);
    if (exact < min) return { ok: false, problem: min === 0n ? 'negative' : 'range', value: Number(exact) };
    if (exact > max) return { ok: false, problem: 'range', value: Number(exact) };
    return { ok: true, value: Number(exact) };
  } else if (JSON_NUMBER.test(raw)) value = Number(raw);
  else return { ok: false, problem: 'syntax' };
  if (!Number.isFinite(value)) return { ok: false, problem: 'range', value };
  if (!Number.isInteger(value)) return { ok: false, problem: 'fraction', value };
  if (value < Number(min)) return { ok: false, problem: min === 0n ? 'negative' : 'range', value };
  if (value > Number(max)) return { ok: false, problem: 'range', value };
  return { ok: true, value };
}

/** The integer a string holds in proto3 JSON's forms ("8080", "8e3"), else undefined; ranges are validate.ts's job. */
export function quotedInteger(raw: string): number | undefined {
  if (!JSON_NUMBER.test(raw)) return undefined;
  const value = Number(raw);
  return Number.isInteger(value) ? value : undefined;
}
