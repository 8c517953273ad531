// The streaming tokenizer behind the piecewise parser, with chunk edges everywhere: the tree it leads to is JSON.parse's,
// the outline it records is exact, and a damaged document is always a located InputError (at the same line and column
// as the whole-text parser for structural errors), never another kind of error.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { bufferSource } from '../../src/load/json/source.js';
import { InputError } from '../../src/load/errors.js';
import { MAX_OUTLINE_DEPTH, scanOutline, type JsonOutline } from '../../src/load/json/outline.js';
import { parseJsonPieces, parseJsonSource } from './pieces.js';
import { parseJson } from '../../src/load/json/parse.js';

/** JSON.stringify with random indentation, optional \r\n line breaks and whitespace around the document. */
const layout = fc.record({
  indent: fc.constantFrom<number | string>(0, 1, 2, 4, '\t', ' \t'),
  crlf: fc.boolean(),
  before: fc.constantFrom('', ' ', '\n', '\r\n\t '),
  after: fc.constantFrom('', ' ', '\n', '\t\r\n'),
});
type Layout = { indent: number | string; crlf: boolean; before: string; after: string };
function render(value: unknown, l: Layout): string {
  const body = JSON.stringify(value, null, l.indent);
  // JSON.stringify never puts a raw line break inside a string, so every \n is whitespace between tokens.
  return l.before + (l.crlf ? body.replace(/\n/g, '\r\n') : body) + l.after;
}

const pieceBytes = fc.integer({ min: 1, max: 64 });
const chunkBytes = fc.integer({ min: 1, max: 9 });

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

/**
 * Every recorded node is a container larger than the piece size whose members' spans parse to its members, and every
 * container larger than the piece size is recorded.
 */
function checkOutline(buf: Buffer, outline: JsonOutline, piece: number): void {
  const text = (start: number, end: number): string => buf.toString('utf8', start, end);
  const seen = new Set<number>();
  const stack: Array<[number, number]> = [[outline.rootStart, outline.rootEnd]];
  while (stack.length > 0) {
    const [start, end] = stack.pop()!;
    const first = buf[start];
    const isContainer = first === 0x7b || first === 0x5b;
    const node = outline.nodes.get(start);
    if (!isContainer || end - start <= piece) {
      expect(node, `span [${start}, ${end}) is not recorded`).toBeUndefined();
      continue;
    }
    expect(node, `container [${start}, ${end}) is recorded`).toBeDefined();
    if (!node) continue;
    seen.add(start);
    expect([node.start, node.end, node.isArray]).toEqual([start, end, first === 0x5b]);
    expect(buf[end - 1]).toBe(node.isArray ? 0x5d : 0x7d);
    const whole = JSON.parse(text(start, end)) as Record<string, unknown> | unknown[];
    const m = node.members;
    expect(m.length % 4).toBe(0);
    const count = m.length / 4;
    if (Array.isArray(whole)) {
      expect(count).toBe(whole.length);
    } else {
      expect(count).toBe(Object.keys(whole).length);
    }
    const keys = new Set<string>();
    for (let k = 0; k < m.length; k += 4) {
      const [keyStart = 0, keyEnd = 0, valueStart = 0, valueEnd = 0] = m.subarray(k, k + 4);
      expect(start < valueStart && valueStart < valueEnd && valueEnd < end).toBe(true);
      let expected: unknown;
      if (Array.isArray(whole)) {
        expect([keyStart, keyEnd]).toEqual([-1, -1]);
        expected = whole[k / 4];
      } else {
        expect(buf[keyStart]).toBe(0x22);
        expect(buf[keyEnd - 1]).toBe(0x22);
        const key = JSON.parse(text(keyStart, keyEnd)) as string;
        keys.add(key);
        expected = whole[key];
      }
      expect(JSON.parse(text(valueStart, valueEnd))).toEqual(expected);
      stack.push([valueStart, valueEnd]);
    }
    if (!Array.isArray(whole)) expect(keys.size).toBe(count);
  }
  expect(seen.size).toBe(outline.nodes.size);
}

describe('parseJsonSource', () => {
  test.prop([fc.jsonValue({ maxDepth: 5 }), layout, pieceBytes, chunkBytes], { numRuns: 300 })(
    'builds the tree JSON.parse builds (lazy lists read out), for any piece size, chunk size and layout',
    (value, l, piece, chunk) => {
      const text = render(value, l);
      const { data } = parseJsonSource(bufferSource(Buffer.from(text), 'x', chunk), 0, piece);
      expect(data).toEqual(JSON.parse(text));
    },
  );

  test.prop([fc.jsonValue({ maxDepth: 5 }), layout, pieceBytes, chunkBytes], { numRuns: 200 })(
    'records exactly the containers larger than the piece size, with member spans that parse to the members',
    (value, l, piece, chunk) => {
      const buf = Buffer.from(render(value, l));
      const outline = scanOutline(bufferSource(buf, 'x', chunk), 0, piece);
      expect(buf.toString('utf8', 0, outline.rootStart).trim()).toBe('');
      expect(buf.toString('utf8', outline.rootEnd).trim()).toBe('');
      checkOutline(buf, outline, piece);
      // The quick outline (small containers skipped unchecked, in WebAssembly) is the same on valid JSON.
      expect(scanOutline(bufferSource(buf, 'x', chunk), 0, piece, { quick: true })).toEqual(outline);
    },
  );

  // String bodies made of escapes and characters that matter to a string scanner: quotes, runs of backslashes,
  // \u escapes of a quote or backslash, multi-byte characters.
  const stringBody = fc
    .array(fc.constantFrom('\\"', '\\\\', '\\\\\\\\', '\\/', '\\u0022', '\\u005c', '\\u005C\\"', '\\n', '\\t', '\\ud83d\\ude00', 'a', ' ', '/', 'é', '😀', ',', ']', '}', ':'), {
      maxLength: 12,
    })
    .map((parts) => `"${parts.join('')}"`);
  const escaped = fc.letrec<{ value: string }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      stringBody,
      fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
      fc
        .uniqueArray(fc.tuple(stringBody, tie('value')), { maxLength: 4, selector: ([k]) => JSON.parse(k) as string })
        .map((members) => `{${members.map(([k, v]) => `${k}:${v}`).join(', ')}}`),
    ),
  })).value;

  test.prop([escaped, pieceBytes, chunkBytes], { numRuns: 300 })(
    'reads strings with quotes, backslashes and escapes cut anywhere by chunk edges',
    (text, piece, chunk) => {
      const buf = Buffer.from(text);
      const { data, outline } = parseJsonSource(bufferSource(buf, 'x', chunk), 0, piece);
      expect(data).toEqual(JSON.parse(text));
      checkOutline(buf, outline, piece);
    },
  );

  it('starts after a byte order mark when told to', () => {
    const buf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": [1, 2, "x\\"]"], "b": {}}')]);
    const { data, outline } = parseJsonSource(bufferSource(buf, 'x', 2), 3, 4);
    expect(data).toEqual({ a: [1, 2, 'x"]'], b: {} });
    expect(outline.rootStart).toBe(3);
  });

  it('does not overflow the stack on 100,000 levels of nesting', () => {
    const depth = 100_000;
    const buf = Buffer.from('['.repeat(depth) + ']'.repeat(depth));
    const outline = scanOutline(bufferSource(buf, 'x', 4096), 0, 1 << 20);
    expect([outline.rootStart, outline.rootEnd, outline.nodes.size]).toEqual([0, 2 * depth, 0]);
    // 1000 levels are larger than the piece size; only the first MAX_OUTLINE_DEPTH are outlined, the rest parse whole.
    expect(scanOutline(bufferSource(buf, 'x', 4096), 0, 2 * depth - 2000).nodes.size).toBe(MAX_OUTLINE_DEPTH);
    // Checked level by level: toEqual itself recurses.
    let level = parseJsonSource(bufferSource(buf, 'x', 4096), 0, 1 << 20).root;
    for (let i = 1; i < depth; i++) {
      expect(Array.isArray(level) && level.length === 1).toBe(true);
      level = (level as unknown[])[0];
    }
    expect(level).toEqual([]);
    // A structural error at the bottom is located, not a crash.
    const damaged = Buffer.from('['.repeat(depth) + '}' + ']'.repeat(depth - 1));
    const error = errorOf(() => scanOutline(bufferSource(damaged, 'x', 4096), 0, 64));
    expect(error).toBeInstanceOf(InputError);
    expect([(error as InputError).line, (error as InputError).column]).toEqual([1, depth + 1]);
  });

  // PieceParser recurses once per outlined level: the outline stops at MAX_OUTLINE_DEPTH so that it stays bounded.
  it('parses 100,000 levels of nesting larger than the piece size without overflowing the stack', () => {
    const depth = 100_000;
    const buf = Buffer.from('['.repeat(depth) + ']'.repeat(depth));
    const { root, outline } = parseJsonSource(bufferSource(buf, 'x', 4096), 0, 64);
    expect(outline.nodes.size).toBe(MAX_OUTLINE_DEPTH);
    expect(Array.isArray(root)).toBe(true);
  });
});

// Characters whose insertion or substitution damages JSON structure (and a few that damage content).
const damage = fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '1', 'x', 'e', '-', '.', '\u0000', 'é', '😀');

type Mutation = { kind: 'truncate' | 'replace' | 'insert' | 'delete'; at: number; ch: string };
const mutation = fc.record({ kind: fc.constantFrom<Mutation['kind']>('truncate', 'replace', 'insert', 'insert', 'delete'), at: fc.nat(), ch: damage });

/** Applies mutations to code points (so no surrogate pair is split and the bytes stay valid UTF-8). */
function mutate(text: string, mutations: Mutation[]): string {
  const chars = [...text];
  for (const { kind, at, ch } of mutations) {
    const i = at % (chars.length + 1);
    if (kind === 'truncate') chars.length = i;
    else if (kind === 'insert') chars.splice(i, 0, ch);
    else if (i < chars.length) chars.splice(i, 1, ...(kind === 'replace' ? [ch] : []));
  }
  return chars.join('');
}

function lines(text: string): string[] {
  return text.split('\n');
}

describe('a damaged document', () => {
  test.prop([fc.jsonValue({ maxDepth: 4 }), layout, fc.array(mutation, { minLength: 1, maxLength: 3 }), pieceBytes, chunkBytes], { numRuns: 300 })(
    'is a located InputError exactly when JSON.parse fails, and otherwise parses to the same tree',
    (value, l, mutations, piece, chunk) => {
      const text = mutate(render(value, l), mutations);
      const buf = Buffer.from(text);
      let expected: unknown;
      let fails = false;
      try {
        expected = JSON.parse(text);
      } catch {
        fails = true;
      }
      for (const parse of [() => parseJsonSource(bufferSource(buf, 'x.json', chunk), 0, piece).data, () => parseJsonPieces(buf, 'x.json', 0, piece)]) {
        if (!fails) {
          expect(parse()).toEqual(expected);
          continue;
        }
        const error = errorOf(parse);
        expect(error, text).toBeInstanceOf(InputError);
        const e = error as InputError;
        expect(e.file).toBe('x.json');
        expect(e.message).toMatch(/JSON/);
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.line).toBeLessThanOrEqual(lines(text).length);
        const lineText = lines(text)[(e.line ?? 1) - 1] ?? '';
        expect(e.column).toBeGreaterThanOrEqual(1);
        expect(e.column).toBeLessThanOrEqual(lineText.length + 1);
      }
    },
  );

  function located(f: () => unknown): [number | undefined, number | undefined] {
    const error = errorOf(f);
    expect(error).toBeInstanceOf(InputError);
    return [(error as InputError).line, (error as InputError).column];
  }

  const structural = [
    '[1}',
    '{"a" 1}',
    '{"a":1,}',
    '[1 2]',
    '[1] x',
    '[1]]',
    '{"a":1}}',
    '[1,]',
    '[,1]',
    '{,}',
    '{"a":}',
    '{"a":1 "b":2}',
    '{1:2}',
    '[{}}]',
    '{"a":{}]',
    '["x":1]',
    '[1,2',
    '{"a":',
    '{"a"',
    '["abc',
    '',
    '   \n ',
    '[\n  "é😀",\n  {"k😀": [1, 2} \n]',
    '{\r\n  "a": [\r\n    true,\r\n    null\r\n  ]\r\n  "b": 1\r\n}',
    '{\n  "€": "😀😀",\n  "b": [1, 2, 3]\n}\n\n  ,',
    '[\n  "😀\\"]"\n  ]]',
  ];
  for (const text of structural) {
    it(`is located where the whole-text parser locates it: ${JSON.stringify(text)}`, () => {
      const whole = located(() => parseJson(text, 'x'));
      for (const chunk of [1, 2, 3, 7, 4096]) {
        for (const piece of [1, 8, 1 << 20]) {
          expect(located(() => parseJsonSource(bufferSource(Buffer.from(text), 'x', chunk), 0, piece).data), `chunk ${chunk}, piece ${piece}`).toEqual(whole);
        }
      }
    });
  }

  // The reader's quick outline skips containers that close within the piece size without checking them: damage
  // there is found by JSON.parse of the piece, or damage further on is found first; either way the error reported is
  // where the whole-text parser puts the first one.
  const hiddenInSmallContainers = [
    '{"list": [{"x" 1}, 2, 3, 4, 5], "b": 3}', // a missing colon inside a skipped object
    '{"a": {"x" 1}, "b" 2, "c": [1, 2, 3, 4]}', // ... and another further on, in the outlined root
    '[[1, 2 3], [4, 5], [6, 7], [8, 9, 10]]', // a missing comma inside a skipped array
    '{"k": [{"a":1,}, {"b":2}], "z": [0, 0, 0, 0]}', // a trailing comma inside a skipped object
    '{\n  "a": [\n    {"x": [1}, "y": 2}\n  ],\n  "pad": "................"\n}', // a bracket mismatch that closes where it should not
  ];
  for (const text of hiddenInSmallContainers) {
    it(`is located where the whole-text parser locates it, though the quick outline skips it: ${JSON.stringify(text)}`, () => {
      const whole = located(() => parseJson(text, 'x'));
      for (const piece of [8, 12, 16, 24]) {
        expect(located(() => parseJsonSource(bufferSource(Buffer.from(text), 'x', 4096), 0, piece).data), `piece ${piece}`).toEqual(whole);
      }
    });
  }

  // Structural damage to a random document: a delimiter inserted or deleted between tokens, or a cut anywhere.
  // Located where JSON.parse's own position ("at position N", or the end) puts it.
  type Edit = { kind: 'insert' | 'delete' | 'truncate'; at: number; ch: string };
  const edit = fc.record({ kind: fc.constantFrom<Edit['kind']>('insert', 'insert', 'delete', 'truncate'), at: fc.nat(), ch: fc.constantFrom(',', ':', ']', '}', '[', '{') });

  const isLiteral = (c: string | undefined): boolean => c !== undefined && /[\w.+-]/.test(c);

  /** UTF-16 indexes outside strings, from a scan of valid JSON text. */
  function outsideStrings(text: string): number[] {
    const out: number[] = [];
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else out.push(i);
    }
    out.push(text.length);
    return out;
  }

  test.prop([fc.jsonValue({ maxDepth: 4 }), layout, edit, pieceBytes, chunkBytes], { numRuns: 300 })(
    'is located where JSON.parse says when a delimiter is added or removed between tokens, or the text is cut',
    (value, l, { kind, at, ch }, piece, chunk) => {
      const valid = render(value, l);
      const spots = outsideStrings(valid);
      const i = spots[at % spots.length] ?? 0;
      let text: string;
      if (kind === 'truncate') text = valid.slice(0, at % (valid.length + 1));
      else if (kind === 'delete') {
        if (!/[,:[\]{}]/.test(valid[i] ?? '')) return;
        text = valid.slice(0, i) + valid.slice(i + 1);

      } else {
        // Inside a literal (`1,5`) is content damage, not structure.
        if (isLiteral(valid[i - 1]) && isLiteral(valid[i])) return;
        text = valid.slice(0, i) + ch + valid.slice(i);
      }
      let message: string | undefined;
      try {
        JSON.parse(text);
      } catch (e) {
        message = (e as Error).message;
      }
      if (message === undefined) {
        expect(parseJsonSource(bufferSource(Buffer.from(text), 'x', chunk), 0, piece).data).toEqual(JSON.parse(text));
        return;
      }
      const position = /position (\d+)/.exec(message);
      // V8 names no position for "Unexpected token" errors (parseJson guesses one from the quoted excerpt): skip those.
      if (!position && !/end of JSON input/.test(message)) return;
      const offset = position ? Number(position[1]) : text.length;
      const tail = text.slice(0, offset).split('\n');
      const expected = [tail.length, (tail[tail.length - 1] ?? '').length + 1];
      expect(located(() => parseJsonSource(bufferSource(Buffer.from(text), 'x', chunk), 0, piece).data), `${message}\n${text}`).toEqual(expected);
      expect(located(() => parseJson(text, 'x'))).toEqual(expected);
    },
  );
});

// Bugs found by the properties above, kept as cases.
describe('found and fixed', () => {
  const at = (f: () => unknown): [number | undefined, number | undefined, string] => {
    const e = errorOf(f) as InputError;
    expect(e).toBeInstanceOf(InputError);
    return [e.line, e.column, e.message];
  };
  const pieces = (text: string) => () => parseJsonSource(bufferSource(Buffer.from(text), 'x', 3), 0, 1).data;

  // A literal ends at a '"', '[' or '{' too, so a missing comma after it is reported where JSON.parse reports it.
  it('a literal followed at once by a string or container is located at it, as parseJson does', () => {
    const text = '{"a":1"b":2}';
    expect(at(() => parseJson(text, 'x')).slice(0, 2)).toEqual([1, 7]);
    expect(at(pieces(text)).slice(0, 2)).toEqual([1, 7]);
    expect(at(pieces('[1"]"]')).slice(0, 2)).toEqual([1, 3]);
    expect(at(pieces('[false[1]]')).slice(0, 2)).toEqual([1, 7]);
  });

  // V8's "Unexpected token" errors name no position: parseJson places them from the quoted excerpt, not at the
  // first copy of the token in it.
  it('parseJson locates a doubled delimiter at the second one', () => {
    expect(at(() => parseJson('[1,,2]', 'x')).slice(0, 2)).toEqual([1, 4]);
    expect(at(() => parseJson('{"a"::1}', 'x')).slice(0, 2)).toEqual([1, 6]);
    const pad = `"${'x'.repeat(40)}"`;
    expect(at(() => parseJson(`[${pad},1,,1,${pad}]`, 'x')).slice(0, 2)).toEqual([1, 47]);
    expect(at(() => parseJson(`[1,,1,${pad}]`, 'x')).slice(0, 2)).toEqual([1, 4]);
  });
  it('the outline locates a doubled delimiter at the second one', () => {
    expect(at(pieces('[1,,2]')).slice(0, 2)).toEqual([1, 4]);
    expect(at(pieces('{"a"::1}')).slice(0, 2)).toEqual([1, 6]);
  });

  // A damaged literal in a piece ends its piece; JSON.parse of it fails at its end, which is not the input's end.
  it('a damaged literal inside a piece is not called a truncated input', () => {
    const [line, column, message] = at(pieces('{"a": nul, "b": 1}'));
    expect(message).toBe('invalid JSON: "nul" is not a valid value');
    expect([line, column]).toEqual([1, 7]);
    expect(at(pieces('[1.]'))[2]).not.toMatch(/truncated/);
  });
});
