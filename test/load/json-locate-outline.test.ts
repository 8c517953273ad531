// locate through an outline (pointers followed down the outline of a piecewise-parsed input, then only the piece that holds
// them scanned) against the whole-buffer scanner locateJsonPointers: the same line and column for every pointer of
// real dumps, pretty-printed and minified, for pointers that exist and for ones that do not (closest ancestor).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { bufferSource, fileSource, type ByteSource } from '../../src/load/json/source.js';
import { scanOutline } from '../../src/load/json/outline.js';
import { locate, locateJsonPointers } from '../../src/load/json/locate.js';
import { parseJsonSource } from './pieces.js';
import { childPointer } from '../../src/load/reader.js';

const root = path.resolve(__dirname, '../..');
const FIXTURES = [
  'fixtures/example/config_dump.json',
  'fixtures/real/istioctl_cmd_istioctl_testdata_auth_productpage_config_dump.json',
  'fixtures/real/istioctl_pkg_writer_envoy_configdump_testdata_endpoint_configdump.json',
];

/** Every pointer down to `maxDepth`, and pointers that do not exist below some of them. */
function pointersOf(value: unknown, maxDepth = 8): { existing: string[]; missing: string[] } {
  const existing: string[] = [];
  const missing: string[] = [];
  const walk = (v: unknown, at: string, depth: number): void => {
    existing.push(at);
    const n = existing.length;
    if (n % 3 === 0) missing.push(at + '/nope', at + '/nope/deeper');
    if (Array.isArray(v)) {
      if (n % 2 === 0) missing.push(childPointer(at, v.length), at + '/-1', at + '/-', at + '/01', at + '/0x', `${at}/${v.length + 1000}/a`);
      if (depth < maxDepth) v.forEach((x, i) => walk(x, childPointer(at, i), depth + 1));
    } else if (v && typeof v === 'object') {
      if (n % 2 === 0) missing.push(at + '/0', at + '/~1nope', at + '/~0', at + '/');
      if (depth < maxDepth) for (const [k, x] of Object.entries(v)) walk(x, childPointer(at, k), depth + 1);
    } else if (n % 2 === 0) {
      missing.push(at + '/0', at + '/x');
    }
  };
  walk(value, '', 0);
  return { existing, missing };
}

function expectSameLocations(source: ByteSource, buf: Buffer, pieceBytes: number, pointers: string[]): void {
  const { outline } = parseJsonSource(source, 0, pieceBytes);
  const expected = locateJsonPointers(buf, pointers);
  const got = locate(source, { outline }, pointers);
  expect(got.size).toBe(expected.size);
  for (const pointer of pointers) expect(got.get(pointer), pointer).toEqual(expected.get(pointer));
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-locate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('locate (through an outline) on real dumps', () => {
  for (const fixture of FIXTURES) {
    const pretty = fs.readFileSync(path.join(root, fixture));
    const parsed: unknown = JSON.parse(pretty.toString('utf8'));
    const minified = Buffer.from(JSON.stringify(parsed));
    const { existing, missing } = pointersOf(parsed);
    const pointers = [...existing, ...missing];

    it(`has a few hundred pointers to check in ${path.basename(fixture)}`, () => {
      expect(existing.length).toBeGreaterThan(200);
      expect(missing.length).toBeGreaterThan(100);
      // The missing ones really are missing: each falls back to an ancestor's position.
      const located = locateJsonPointers(pretty, missing.slice(0, 20));
      const own = locateJsonPointers(pretty, existing);
      for (const pointer of missing.slice(0, 20)) expect([...own.values()]).toContainEqual(located.get(pointer));
    });

    for (const [layout, buf] of [
      ['pretty', pretty],
      ['minified', minified],
    ] as const) {
      for (const pieceBytes of [50, 300, 5000]) {
        it(`equals locateJsonPointers: ${path.basename(fixture)}, ${layout}, pieces of ${pieceBytes} bytes`, () => {
          for (const chunkBytes of [3, 61]) expectSameLocations(bufferSource(buf, 'x', chunkBytes), buf, pieceBytes, pointers);
        });
      }
      it(`equals locateJsonPointers from a file: ${path.basename(fixture)}, ${layout}`, () => {
        const file = path.join(dir, `${layout}-${path.basename(fixture)}`);
        fs.writeFileSync(file, buf);
        expectSameLocations(fileSource(file, 'f', buf.length, 509), buf, 300, pointers);
      });
    }
  }
});

describe('locate (through an outline) on awkward keys', () => {
  const doc = {
    'a/b': { 'c~d': [true, null, { '~1': 'x', '/': ['y'] }], '~': 1 },
    'x"y': { 'q\\r': [1, 2, 3], 'é😀': { k: 'v'.repeat(40) } },
    '': { '': [[], {}, [[]]] },
    '0': ['zero', 'one'],
    'line\nbreak': { tab: '\t', u: '\u2028' },
    long: Array.from({ length: 12 }, (_, i) => ({ i, name: `n${i}` })),
  };
  // An own "__proto__" key cannot be written in an object literal (it sets the prototype): put it in the text.
  const text = JSON.stringify(doc, null, 2).replace(/^{/, '{\n  "__proto__": {"polluted": [1, 2, 3, 4, 5, 6, 7, 8]},');
  const parsed: unknown = JSON.parse(text);
  const { existing, missing } = pointersOf(parsed, 10);
  const extra = ['/a~1b/c~0d/2/~01', '/a~1b/c~0d/2/~1/0', '/a~1b/~0', '/x"y/q\\r/2', '/é😀', '/x"y/é😀/k', '//', '///0/0', '/__proto__/polluted/7', '/0/1', '/line\nbreak/u', '/a/b', '/a~1b/c~0d/3', '/a~1b/c~0d/-', '/long/11/name', '/long/12', '/long/1/name/x'];
  const pointers = [...existing, ...missing, ...extra];

  it('are all in the document', () => {
    expect(existing).toEqual(expect.arrayContaining(['/a~1b/c~0d/2/~01', '/a~1b/c~0d/2/~1/0', '//', '/__proto__/polluted/7', '/line\nbreak/u']));
  });

  for (const pieceBytes of [1, 8, 30, 100, 1000]) {
    for (const [layout, buf] of [
      ['pretty', Buffer.from(text)],
      ['minified', Buffer.from(JSON.stringify(parsed))],
      ['crlf', Buffer.from(text.replace(/\n/g, '\r\n'))],
    ] as const) {
      it(`equal locateJsonPointers with pieces of ${pieceBytes} bytes, ${layout}`, () => {
        for (const chunkBytes of [1, 2, 5]) expectSameLocations(bufferSource(buf, 'x', chunkBytes), buf, pieceBytes, pointers);
      });
    }
  }

  it('resolves the empty pointer to the start of the document, past leading whitespace', () => {
    const buf = Buffer.from('\n\n   [1, [2, 3]]');
    const outline = scanOutline(bufferSource(buf, 'x', 2), 0, 1);
    expect(locate(bufferSource(buf, 'x', 2), { outline }, ['', '/1/1', '/1/5']).get('')).toEqual({ line: 3, column: 4, endLine: 3, endColumn: 15 });
    expect(locate(bufferSource(buf, 'x', 2), { outline }, ['', '/1/1', '/1/5'])).toEqual(locateJsonPointers(buf, ['', '/1/1', '/1/5']));
  });
});

describe('locate (through an outline) on random documents', () => {
  test.prop(
    [
      fc.jsonValue({ maxDepth: 5 }),
      fc.constantFrom<number | string>(0, 1, 2, '\t'),
      fc.integer({ min: 1, max: 64 }),
      fc.integer({ min: 1, max: 9 }),
      fc.array(fc.array(fc.oneof(fc.constantFrom('0', '1', '2', '01', '-', '', '~0', '~1', 'nope')), { maxLength: 4 }), { maxLength: 10 }),
    ],
    { numRuns: 200 },
  )('equal locateJsonPointers for every pointer, and for random ones that may not exist', (value, indent, pieceBytes, chunkBytes, randomPaths) => {
    const text = JSON.stringify(value, null, indent);
    const buf = Buffer.from(text);
    const { existing, missing } = pointersOf(JSON.parse(text), 10);
    const random = randomPaths.map((segments) => segments.map((s) => '/' + s).join(''));
    // Random pointers also below existing ones.
    const below = random.slice(0, 5).flatMap((r, i) => [(existing[(i * 7) % existing.length] ?? '') + r]);
    expectSameLocations(bufferSource(buf, 'x', chunkBytes), buf, pieceBytes, [...existing, ...missing, ...random, ...below]);
  });
});

// With a duplicated key JSON.parse keeps the last value, so both locators point there (found by these tests).
describe('duplicate keys', () => {
  it('are located at the last duplicate by both, as JSON.parse keeps it', () => {
    const buf = Buffer.from('{"a": {"x": 1}, "a": {"y": 2}}');
    const source = bufferSource(buf, 'x', 3);
    const { outline } = parseJsonSource(source, 0, 1);
    const pointers = ['/a', '/a/y'];
    expect(locate(source, { outline }, pointers)).toEqual(locateJsonPointers(buf, pointers));
    expect(locateJsonPointers(buf, ['/a']).get('/a')).toEqual({ line: 1, column: 22, endLine: 1, endColumn: 30 });
  });
});
