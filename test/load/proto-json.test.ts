// proto3 JSON's integer forms (src/load/proto-json.ts), by the ProtoJSON spec and its conformance suite: a JSON number
// or a string in JSON's number syntax, integral, in the type's range; 64-bit decimal strings read exactly.
import { describe, expect, it } from 'vitest';
import { quotedInteger, readInteger } from '../../src/load/proto-json.js';

const ok = (raw: unknown, scalar: string): number | string => {
  const r = readInteger(raw, scalar);
  return r.ok ? r.value : r.problem;
};

describe('readInteger', () => {
  it('accepts numbers and quoted numbers, exponent notation and zero fractions included', () => {
    expect([ok(80, 'uint32'), ok('80', 'uint32'), ok('8e1', 'uint32'), ok('80.0', 'uint32'), ok(1e5, 'int32'), ok('-2147483648', 'int32')]).toEqual([80, 80, 80, 80, 100000, -2147483648]);
  });

  it('refuses what JSON number syntax refuses, inside quotes too', () => {
    for (const raw of ['0x50', ' 80', '80 ', '', '+80', '080', '8_0', '1e', 'Infinity', 'NaN']) expect(ok(raw, 'uint32'), raw).toBe('syntax');
  });

  it('refuses fractions and values that are not numbers or strings', () => {
    expect([ok(0.5, 'int32'), ok('0.5', 'int64'), ok(true, 'int32'), ok(null, 'int32')]).toEqual(['fraction', 'fraction', 'not-a-number', 'not-a-number']);
  });

  it("checks each type's range, 64-bit decimal strings exactly", () => {
    expect([ok(2147483647, 'int32'), ok(2147483648, 'int32'), ok('-2147483649', 'sint32'), ok('4294967296', 'fixed32'), ok(-1, 'uint32')]).toEqual([2147483647, 'range', 'range', 'range', 'negative']);
    expect([ok('9223372036854775807', 'int64'), ok('9223372036854775808', 'int64'), ok('-9223372036854775809', 'sfixed64')]).toEqual([2 ** 63, 'range', 'range']) // as a double: 2^63 - 1 rounds to 2^63;
    expect([ok('18446744073709551615', 'uint64'), ok('18446744073709551616', 'fixed64'), ok('-1', 'uint64'), ok('1e20', 'uint64')]).toEqual([2 ** 64, 'range', 'negative', 'range']);
  });
});

describe('quotedInteger (what Msg.num reads from a string)', () => {
  it('reads the same forms, and nothing else', () => {
    expect([quotedInteger('8080'), quotedInteger('8e3'), quotedInteger('80.0'), quotedInteger('0x50'), quotedInteger('080'), quotedInteger('80.5')]).toEqual([8080, 8000, 80, undefined, undefined, undefined]);
  });
});
