// The position scanner against an independent oracle: jsonc-parser's parse tree, on random JSON documents.
import { fc, test } from '@fast-check/vitest';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { locate, locateJsonPointers, offsetToLineColumn, pointerSegments } from '../../src/load/json/locate.js';
import { bufferSource, type Span } from '../../src/load/json/source.js';
import { childPointer } from '../../src/load/reader.js';

function allPointers(value: unknown, at = ''): string[] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...allPointers(v, childPointer(at, i))));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...allPointers(v, childPointer(at, k)));
  return out;
}

/**
 * jsonc-parser's span of `pointer` in `json` (whose parse is `parsed`), as lines and columns of `text`, in which the
 * JSON starts at UTF-16 offset `at`.
 */
function oracleSpan(json: string, parsed: unknown, pointer: string, text = json, at = 0): Span {
  let current: unknown = parsed;
  const path = pointerSegments(pointer).map((segment) => {
    const key = Array.isArray(current) ? Number(segment) : segment;
    current = (current as Record<string | number, unknown>)[key];
    return key;
  });
  const node = findNodeAtLocation(parseTree(json)!, path);
  expect(node, pointer).toBeDefined();
  const start = offsetToLineColumn(text, at + node!.offset);
  const end = offsetToLineColumn(text, at + node!.offset + node!.length);
  return { ...start, endLine: end.line, endColumn: end.column };
}

describe('locateJsonPointers', () => {
  test.prop([fc.jsonValue({ maxDepth: 6 }), fc.constantFrom(0, 1, 2, 4, '\t')], { numRuns: 300 })(
    'gives the same span as jsonc-parser for every value of a random document',
    (value, indent) => {
      const text = JSON.stringify(value, null, indent);
      const parsed: unknown = JSON.parse(text);
      const pointers = allPointers(parsed);
      const located = locateJsonPointers(text, pointers);
      for (const pointer of pointers) expect(located.get(pointer), pointer).toEqual(oracleSpan(text, parsed, pointer));
    },
  );

  test.prop([fc.jsonValue({ maxDepth: 5 }), fc.constantFrom(0, 2, '\t'), fc.boolean(), fc.boolean(), fc.array(fc.string({ maxLength: 12 }).map((l) => l.replace(/[\r\n{[]/g, '')), { maxLength: 3 })], { numRuns: 300 })(
    'counts lines as it scans: after a BOM and lines of noise, with \\r\\n breaks, the same spans as jsonc-parser',
    (value, indent, bom, crlf, noise) => {
      const json = JSON.stringify(value, null, indent).replace(/\n/g, crlf ? '\r\n' : '\n');
      const head = noise.map((l) => `${l}\n`).join('');
      const text = head + json;
      const buf = Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]);
      const parsed: unknown = JSON.parse(json);
      const pointers = allPointers(parsed);
      const start = (bom ? 3 : 0) + Buffer.byteLength(head, 'utf8');
      const lineStarts = new Map<number, number>();
      const located = locate(bufferSource(buf, 'x'), { start }, pointers, lineStarts);
      for (const pointer of pointers) expect(located.get(pointer), pointer).toEqual(oracleSpan(json, parsed, pointer, text, head.length));
      // Where each line found starts, in bytes of the whole input.
      const lines = buf.toString('latin1').split('\n');
      let byte = 0;
      const starts = lines.map((l) => ((byte += l.length + 1), byte - l.length - 1));
      for (const [line, at] of lineStarts) expect(at, `line ${line}`).toBe(line === 1 && bom ? 3 : starts[line - 1]);
    },
  );

  it('falls back to the closest existing ancestor for a pointer that is not in the text', () => {
    const text = '{\n  "a": {\n    "b": 1\n  }\n}';
    // The span of "a"'s object value, from its "{" to just past its "}".
    expect(locateJsonPointers(text, ['/a/missing/deeper']).get('/a/missing/deeper')).toEqual({ line: 2, column: 8, endLine: 4, endColumn: 4 });
  });

  it('handles keys with escapes, "/" and "~"', () => {
    const text = '{"x\\"y": 1, "a/b": {"c~d": [true, null]}}';
    const located = locateJsonPointers(text, ['/x"y', '/a~1b/c~0d/1']);
    expect(located.get('/x"y')).toEqual({ line: 1, column: 10, endLine: 1, endColumn: 11 });
    expect(located.get('/a~1b/c~0d/1')).toEqual({ line: 1, column: 35, endLine: 1, endColumn: 39 });
  });

  it('does not overflow the stack on 100,000 levels of nesting', () => {
    const depth = 100_000;
    const text = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const deep = `/${Array(depth).fill('a').join('/')}`;
    expect(locateJsonPointers(text, [deep]).get(deep)).toEqual({ line: 1, column: depth * 5 + 1, endLine: 1, endColumn: depth * 5 + 2 });
  });
});
