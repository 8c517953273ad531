// ByteSource and its one-pass position helpers against the obvious whole-string answers: lineColumnsAt against
// offsetToLineColumn on the decoded text, lineTexts against split('\n'), and fileSource.read against the file's bytes,
// with chunk sizes small enough to put a chunk edge inside every multi-byte character and every \r\n.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_SHOWN_LINE_BYTES, bufferSource, fileSource, lineColumnsAt, lineTexts, type ByteSource } from '../../src/load/json/source.js';
import { InputError } from '../../src/load/errors.js';
import { offsetToLineColumn } from '../../src/load/json/locate.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-byte-source-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;
function tempFile(bytes: Buffer): string {
  const file = path.join(dir, `f${fileCount++}.bin`);
  fs.writeFileSync(file, bytes);
  return file;
}

/** One character of every UTF-8 length (1 to 4 bytes; 4-byte ones are 2 UTF-16 units), plus line breaks. */
const char = fc.oneof(
  { arbitrary: fc.constantFrom('\n', '\r\n', '\r', '\n\n'), weight: 3 },
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), weight: 4 },
  { arbitrary: fc.integer({ min: 0x80, max: 0x7ff }).map((c) => String.fromCodePoint(c)), weight: 2 },
  { arbitrary: fc.integer({ min: 0x800, max: 0xffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c)), weight: 2 },
  { arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), weight: 2 },
  { arbitrary: fc.constantFrom('é', '€', '😀', '𝄞', '\u{10ffff}'), weight: 1 },
);
const text = fc.array(char, { maxLength: 60 }).map((chars) => chars.join(''));

/** UTF-16 indexes at which a character starts (never between the halves of a surrogate pair), and the end. */
function charStarts(s: string): number[] {
  const out: number[] = [];
  let i = 0;
  for (const c of s) {
    out.push(i);
    i += c.length;
  }
  out.push(s.length);
  return out;
}

function expectColumns(source: ByteSource, s: string, utf16: number[], extraBytes: number[] = []): void {
  const byteOf = (i: number): number => Buffer.byteLength(s.slice(0, i), 'utf8');
  const offsets = utf16.map(byteOf);
  const found = lineColumnsAt(source, [...offsets, ...extraBytes]);
  const lineColumn = (at: number) => {
    const p = found.get(at);
    return p && { line: p.line, column: p.column };
  };
  // Where each line starts, in bytes (a BOM is no character of line 1).
  const lineStartBytes = [0];
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) lineStartBytes.push(byteOf(i + 1));
  utf16.forEach((i, k) => {
    expect(lineColumn(offsets[k] ?? -1), `utf16 ${i}`).toEqual(offsetToLineColumn(s, i));
    expect(found.get(offsets[k] ?? -1)?.lineStart, `line start of utf16 ${i}`).toBe(lineStartBytes[offsetToLineColumn(s, i).line - 1]);
  });
  // At or past the end: where the text stops.
  for (const b of extraBytes) expect(lineColumn(b), `byte ${b}`).toEqual(offsetToLineColumn(s, s.length));
}

describe('lineColumnsAt', () => {
  test.prop([text, fc.integer({ min: 1, max: 7 })], { numRuns: 300 })(
    'agrees with offsetToLineColumn at every character start, on a buffer in chunks of 1 to 7 bytes',
    (s, chunkBytes) => {
      const buf = Buffer.from(s, 'utf8');
      expectColumns(bufferSource(buf, 'x', chunkBytes), s, charStarts(s), [buf.length, buf.length + 1, buf.length + 100]);
    },
  );

  test.prop([text, fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 1, max: 7 })], { numRuns: 300 })(
    'agrees on any few of the offsets, asked in any order and with repeats',
    (s, picks, chunkBytes) => {
      const starts = charStarts(s);
      const chosen = picks.map((p) => starts[p % starts.length] ?? 0);
      expectColumns(bufferSource(Buffer.from(s, 'utf8'), 'x', chunkBytes), s, [...chosen, ...chosen.slice().reverse()]);
    },
  );

  test.prop([text, fc.integer({ min: 1, max: 7 })], { numRuns: 100 })('agrees on a fileSource read in tiny chunks', (s, chunkBytes) => {
    const buf = Buffer.from(s, 'utf8');
    const file = tempFile(buf);
    expectColumns(fileSource(file, 'f', buf.length, chunkBytes), s, charStarts(s), [buf.length, buf.length + 3]);
  });

  it('maps nothing for no offsets, and everything to 1:1 on an empty source', () => {
    expect(lineColumnsAt(bufferSource(Buffer.from('abc'), 'x'), []).size).toBe(0);
    expect([...lineColumnsAt(bufferSource(Buffer.alloc(0), 'x'), [0, 5])]).toEqual([
      [0, { line: 1, column: 1, lineStart: 0 }],
      [5, { line: 1, column: 1, lineStart: 0 }],
    ]);
  });

  it('counts an astral character as two columns and a \\r as one', () => {
    const s = 'a😀b\r\nc';
    const buf = Buffer.from(s);
    const found = lineColumnsAt(bufferSource(buf, 'x', 1), [0, 1, 5, 6, 7, 8]);
    expect([...found.values()]).toEqual([
      { line: 1, column: 1, lineStart: 0 },
      { line: 1, column: 2, lineStart: 0 },
      { line: 1, column: 4, lineStart: 0 },
      { line: 1, column: 5, lineStart: 0 },
      { line: 1, column: 6, lineStart: 0 },
      { line: 2, column: 1, lineStart: 8 },
    ]);
  });
});

describe('lineTexts', () => {
  const lineSet = fc.array(fc.integer({ min: -1, max: 25 }), { maxLength: 12 });

  function expectLines(source: ByteSource, s: string, lines: number[]): void {
    const expected = s.split('\n').map((l) => l.replace(/\r$/, ''));
    const wanted = new Set(lines.filter((l) => l >= 1 && l <= expected.length));
    // Read with a pass over the lines, and read from the line starts lineColumnsAt found (as after a locate).
    const starts = new Map<number, number>();
    let byte = 0;
    expected.forEach((_, i) => {
      starts.set(i + 1, byte);
      byte += Buffer.byteLength(s.split('\n')[i] ?? '', 'utf8') + 1;
    });
    const known = new Map([...wanted].map((l) => [l, starts.get(l) ?? 0]));
    for (const found of [lineTexts(source, lines), lineTexts(source, lines, known)]) {
      expect([...found.keys()].sort((a, b) => a - b)).toEqual([...wanted].sort((a, b) => a - b));
      for (const l of wanted) expect(found.get(l), `line ${l}`).toBe(expected[l - 1]);
    }
  }

  test.prop([text, lineSet, fc.integer({ min: 1, max: 7 })], { numRuns: 300 })(
    "agrees with split('\\n') (less a trailing \\r) on a buffer in tiny chunks; lines past the end are absent",
    (s, lines, chunkBytes) => expectLines(bufferSource(Buffer.from(s, 'utf8'), 'x', chunkBytes), s, lines),
  );

  test.prop([text, lineSet, fc.integer({ min: 1, max: 5 })], { numRuns: 100 })('agrees on a fileSource too', (s, lines, chunkBytes) => {
    const buf = Buffer.from(s, 'utf8');
    expectLines(fileSource(tempFile(buf), 'f', buf.length, chunkBytes), s, lines);
  });

  it('gives every line of a text ending in \\r\\n, including the empty last one', () => {
    const s = 'a\r\n\r\nb😀\r\n';
    expect([...lineTexts(bufferSource(Buffer.from(s), 'x', 1), [4, 3, 2, 1, 5])].sort((a, b) => a[0] - b[0])).toEqual([
      [1, 'a'],
      [2, ''],
      [3, 'b😀'],
      [4, ''],
    ]);
  });
});

describe('fileSource', () => {
  const WINDOW = 1 << 20;
  const SIZE = 3 * WINDOW + 12_345;
  const bytes = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i++) bytes[i] = (i * 7919 + (i >> 11)) & 0xff;
  const big = tempFile(bytes);

  const span = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: SIZE }), fc.integer({ min: 0, max: 300 })),
    fc.tuple(fc.integer({ min: 0, max: SIZE }), fc.integer({ min: 0, max: 2 * WINDOW + 5000 })),
    // Just before, across and after a window edge.
    fc.tuple(fc.integer({ min: 1, max: 3 }).chain((k) => fc.integer({ min: k * WINDOW - 40, max: k * WINDOW + 40 })), fc.integer({ min: 0, max: 80 })),
  );

  test.prop([fc.array(span, { minLength: 1, maxLength: 6 })], { numRuns: 60 })(
    'reads the right bytes for random spans in any order, larger than the window or not',
    (spans) => {
      const source = fileSource(big, 'big', SIZE);
      for (const [start, length] of spans) {
        const end = Math.min(start + length, SIZE);
        const got = source.read(start, end);
        expect(got.length).toBe(end - start);
        expect(got.equals(bytes.subarray(start, end)), `[${start}, ${end})`).toBe(true);
      }
    },
  );

  it('reads going backwards, then forwards again from inside the old window', () => {
    const source = fileSource(big, 'big', SIZE);
    const spans: Array<[number, number]> = [
      [SIZE - 10, SIZE],
      [2 * WINDOW + 5, 2 * WINDOW + 50],
      [WINDOW - 3, WINDOW + 3],
      [0, 2 * WINDOW + 100],
      [2 * WINDOW + 90, 2 * WINDOW + 110],
      [10, 20],
      [0, SIZE],
      [SIZE - 1, SIZE],
      [5, 5],
    ];
    for (const [start, end] of spans) expect(source.read(start, end).equals(bytes.subarray(start, end)), `[${start}, ${end})`).toBe(true);
  });

  test.prop([fc.integer({ min: 0, max: SIZE - 1 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 4096 })], { numRuns: 30 })(
    'forEachChunk covers [start, end) in order with consecutive chunks, and stops when told',
    (start, length, chunkBytes) => {
      const end = Math.min(start + length, SIZE);
      const source = fileSource(big, 'big', SIZE, chunkBytes);
      const parts: Buffer[] = [];
      let expectedOffset = start;
      source.forEachChunk(start, end, (chunk, offset) => {
        expect(offset).toBe(expectedOffset);
        expect(chunk.length).toBeLessThanOrEqual(chunkBytes);
        expectedOffset += chunk.length;
        parts.push(Buffer.from(chunk));
      });
      expect(Buffer.concat(parts).equals(bytes.subarray(start, end))).toBe(true);
      // Read into a buffer the caller gives (the scanner's memory, for the quick outline): the same chunks, in it, from
      // a file and from a kept Buffer alike.
      for (const from of [source, bufferSource(bytes, 'kept', chunkBytes)]) {
        const into: Buffer[] = [];
        const given = new Set<ArrayBufferLike>();
        from.forEachChunk(
          start,
          end,
          (chunk, offset) => {
            expect(offset).toBe(start + into.reduce((n, b) => n + b.length, 0));
            expect(given.has(chunk.buffer)).toBe(true);
            into.push(Buffer.from(chunk));
          },
          (n) => {
            const buffer = Buffer.alloc(n + 3).subarray(1);
            given.add(buffer.buffer);
            return buffer;
          },
        );
        expect(Buffer.concat(into).equals(bytes.subarray(start, end))).toBe(true);
      }
      let calls = 0;
      source.forEachChunk(start, end, () => {
        calls++;
        return false;
      });
      expect(calls).toBe(1);
    },
  );

  it('gives an InputError, not a crash, when the file shrank after the source was made', () => {
    const file = tempFile(bytes.subarray(0, 2 * WINDOW));
    const source = fileSource(file, 'shrunk.json', 2 * WINDOW, 1000);
    expect(source.read(0, 4).equals(bytes.subarray(0, 4))).toBe(true);
    fs.truncateSync(file, WINDOW + 100);
    const attempts: Array<() => unknown> = [
      () => source.read(WINDOW + 500, WINDOW + 600),
      () => source.read(2 * WINDOW - 10, 2 * WINDOW),
      () => source.forEachChunk(0, 2 * WINDOW, () => true),
      () => lineColumnsAt(source, [2 * WINDOW - 1]),
      () => lineTexts(source, [1_000_000]),
    ];
    for (const attempt of attempts) {
      let error: unknown;
      try {
        attempt();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).file).toBe('shrunk.json');
      expect((error as InputError).message).toMatch(/shrank/);
    }
    // A failed read leaves no stale window, and what is still there is not read either: it may not be the same.
    expect(() => source.read(0, 4)).toThrow(/shrank/);
    expect(() => source.read(WINDOW + 50, WINDOW + 60)).toThrow(/shrank/);
  });

  it('gives an InputError when the file was rewritten in place with other bytes of the same size', () => {
    const file = tempFile(bytes.subarray(0, 2 * WINDOW));
    const source = fileSource(file, 'rewritten.json', 2 * WINDOW, 1000);
    expect(source.read(0, 4).equals(bytes.subarray(0, 4))).toBe(true);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.from('XXXX'), 0, 4, WINDOW + 10);
    fs.futimesSync(fd, new Date(), new Date(Date.now() + 5000));
    fs.closeSync(fd);
    expect(() => source.read(WINDOW + 8, WINDOW + 16)).toThrow(/changed while being read/);
    expect(() => source.forEachChunk(0, 10, () => true)).toThrow(/changed while being read/);
  });

  it('reads through the one descriptor it was given: renaming another file over the path changes nothing', () => {
    const file = tempFile(bytes.subarray(0, 2 * WINDOW));
    const source = fileSource(file, 'replaced.json', 2 * WINDOW, 1000);
    const other = tempFile(Buffer.alloc(2 * WINDOW, 0x41));
    fs.renameSync(other, file);
    expect(source.read(WINDOW + 3, WINDOW + 9).equals(bytes.subarray(WINDOW + 3, WINDOW + 9))).toBe(true);
  });
});

describe('lineTexts on minified input', () => {
  it('leaves out lines longer than MAX_SHOWN_LINE_BYTES and still returns the lines around them', () => {
    const long = 'x'.repeat(MAX_SHOWN_LINE_BYTES + 1);
    const buf = Buffer.from(`first\n${long}\nthird\n${'y'.repeat(MAX_SHOWN_LINE_BYTES)}`);
    // With a pass over the lines, and from their starts (as after a locate).
    const known = new Map([[1, 0], [2, 6], [3, 6 + long.length + 1], [4, 6 + long.length + 7]]);
    for (const texts of [lineTexts(bufferSource(buf, 'x', 4096), [1, 2, 3, 4]), lineTexts(bufferSource(buf, 'x', 4096), [1, 2, 3, 4], known)]) {
      expect([...texts.keys()]).toEqual([1, 3, 4]);
      expect(texts.get(3)).toBe('third');
      expect(texts.get(4)?.length).toBe(MAX_SHOWN_LINE_BYTES);
    }
  });
});
