// The scanner's two lanes for skipping a container (scan.ts): the byte loop, and the WebAssembly one that valueEnd
// takes for bytes in the scanner's memory (scan.wat, 16 bytes at a time). They must agree on every input, valid JSON
// or not: the same end, and the same line breaks counted (how many, and where the last one ends), for any bound,
// wherever the bytes sit in the memory. `npm run fuzz` runs many more cases (FUZZ_CASES).
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { MAX_COPY_BYTES, inScanMemory, lineBreaks, valueEnd } from '../../src/load/json/scan.js';
import { fuzzRuns } from './budget.js';

interface Skip {
  end: number;
  count: number;
  after: number;
}

function skip(buf: Buffer, start: number, end: number): Skip {
  lineBreaks.count = 0;
  lineBreaks.after = -1;
  const at = valueEnd(buf, start, end);
  return { end: at, count: lineBreaks.count, after: lineBreaks.after };
}

/** Both lanes over the same bytes; `start` must be a container's first byte. */
function bothLanes(bytes: Buffer, start: number, end: number): [Skip, Skip] {
  const plain = skip(Buffer.from(bytes), start, end);
  const memory = inScanMemory(bytes);
  expect(memory.buffer).not.toBe(bytes.buffer);
  return [plain, skip(memory, start, end)];
}

/**
 * Bytes heavy in what the scanner reacts to (quotes, escapes, brackets, line breaks), between runs of other bytes
 * long enough to fill the WebAssembly lane's 16-byte blocks.
 */
const special = fc.constantFrom(...'{}[]"\\\n'.split('').map((c) => c.charCodeAt(0)));
const plain = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0x20, 0x0d, 0x09, 0x2c, 0x3a, 0x61, 0x30) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) });
const run = fc.array(plain, { minLength: 1, maxLength: 40 });
/** A string with an escape somewhere in it (an escaped quote or backslash where a block ends, or mid-block). */
const escapedString = fc
  .tuple(run, fc.constantFrom('\\"', '\\\\', '\\n', '\\\\\\"'), run)
  .map(([a, escape, b]) => [0x22, ...a, ...Buffer.from(escape), ...b, 0x22]);
const bytesOf = fc.array(fc.oneof(special.map((b) => [b]), run, escapedString), { maxLength: 30 }).map((parts) => parts.flat());
const opener = fc.constantFrom(0x7b, 0x5b);

describe('the WebAssembly container skip', () => {
  test.prop([opener, bytesOf, fc.nat(40), fc.nat(700)], { numRuns: fuzzRuns(3000, 2) })(
    'agrees with the byte loop on arbitrary bytes, for any start and bound',
    (open, rest, lead, bound) => {
      const bytes = Buffer.from([...Array.from({ length: lead }, () => 0x61), open, ...rest]);
      const end = Math.min(bytes.length, lead + bound);
      const [plain, wasm] = bothLanes(bytes, lead, end);
      expect(wasm).toEqual(plain);
    },
  );

  test.prop([fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())), fc.constantFrom(0, 1, 2, '\t'), fc.boolean()], { numRuns: fuzzRuns(1500, 2) })(
    'finds the end of real JSON, however it is laid out',
    (value, indent, crlf) => {
      let text = JSON.stringify(value, null, indent);
      if (crlf) text = text.replace(/\n/g, '\r\n');
      const bytes = Buffer.from(`${text} ,\n`, 'utf8');
      const [plain, wasm] = bothLanes(bytes, 0, bytes.length);
      expect(wasm).toEqual(plain);
      expect(wasm.end).toBe(Buffer.byteLength(text));
      expect(wasm.count).toBe(text.split('\n').length - 1);
    },
  );

  it('leaves bytes beyond MAX_COPY_BYTES where they are, for the byte loop', () => {
    const huge = Buffer.alloc(MAX_COPY_BYTES + 1, 0x20);
    huge[0] = 0x7b;
    huge[huge.length - 1] = 0x7d;
    expect(inScanMemory(huge)).toBe(huge);
    expect(skip(huge, 0, huge.length)).toEqual({ end: huge.length, count: 0, after: -1 });
  });

  it('reads a subarray of the memory from its own offset, and survives the memory growing', () => {
    const big = Buffer.alloc(3 * 65536 + 17, 0x20);
    big[0] = 0x5b;
    big[big.length - 1] = 0x5d;
    big[70000] = 0x0a;
    const [plain, wasm] = bothLanes(big, 0, big.length);
    expect(wasm).toEqual({ end: big.length, count: 1, after: 70001 });
    expect(wasm).toEqual(plain);
    const inner = inScanMemory(Buffer.from('xx{"a":\n[1,"]"]}yy')).subarray(2);
    expect(skip(inner, 0, inner.length)).toEqual({ end: 14, count: 1, after: 6 });
  });
});
