// The one JSON locator: resolves JSON pointers to spans (line and column of a value's first character and of just past
// its last). Each pointer is followed down the input's outline of big containers (outline.ts; none for an input
// parsed whole) to the piece that holds it; each such piece is read once and scanned once, following only the pointers
// asked for (and their ancestors, for fallback) and skipping every other value whole. For an input parsed whole the
// scan counts lines as it goes; through an outline, lines are counted once at the end, for the offsets found. The
// piece scanner is iterative on purpose: a recursive one (jsonc-parser's visitor)
// overflows the stack on inputs nested 100,000 levels deep. The input has already been parsed, so the scanner only
// follows structure.
import { QUOTE, inScanMemory, lineBreaks, skipSpace, stringEnd, valueEnd } from './scan.js';
import { bufferSource, lineColumnsAt, utf16Units, type ByteSource, type LineColumn, type LinePosition, type Span } from './source.js';
import type { JsonOutline, OutlineNode } from './outline.js';

export type { LineColumn, Span };

/** A value's byte range: its first byte and just past its last. */
export interface ByteRange {
  start: number;
  end: number;
}

interface TrieNode {
  children: Map<string, TrieNode>;
  offset?: number;
  /** Just past the value's last byte. */
  endOffset?: number;
  /** Where the scan was at `offset` and at `endOffset`: line breaks before it in the piece, and where its line starts. */
  at?: PieceLine;
  endAt?: PieceLine;
}

/** A position's line within a piece: the line breaks before it, and the offset its line starts at (0: the piece's). */
interface PieceLine {
  breaks: number;
  lineStart: number;
}

const pieceLine = (): PieceLine => ({ breaks: lineBreaks.count, lineStart: lineBreaks.after });

/** RFC 6901 escaping of one pointer segment. */
export function pointerSegment(key: string | number): string {
  if (typeof key === 'number') return String(key);
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

function decodeSegment(segment: string): string {
  // Almost no segment is escaped: skip the two replaces for those (pointers are split by the thousand).
  return segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment;
}

export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(decodeSegment);
}

function buildTrie(pointers: readonly string[]): TrieNode {
  const root: TrieNode = { children: new Map() };
  for (const pointer of pointers) {
    let node = root;
    for (const segment of pointerSegments(pointer)) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map() }));
      node = child;
    }
  }
  return root;
}

interface Frame {
  isArray: boolean;
  node: TrieNode;
  nextIndex: number;
}

function decodeKey(buf: Buffer, start: number, end: number): string {
  const raw = buf.toString('utf8', start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(buf.toString('utf8', start, end + 1)) as string;
  } catch {
    return raw;
  }
}

/** Records the byte offset (and line) of every tracked value. */
function scan(buf: Buffer, root: TrieNode): void {
  const end = buf.length;
  const stack: Frame[] = [];
  lineBreaks.count = 0;
  lineBreaks.after = 0;
  let i = skipSpace(buf, 0, end);
  let node: TrieNode | null = root;
  for (;;) {
    // At the start of a value whose trie node is `node`.
    if (i >= end) return;
    // Overwritten by a duplicate key: JSON.parse keeps the last one, so that is where its value is.
    if (node) {
      node.offset = i;
      node.at = pieceLine();
    }
    const first = buf[i];
    if (node && node.children.size > 0 && (first === 0x7b || first === 0x5b)) {
      stack.push({ isArray: first === 0x5b, node, nextIndex: 0 });
      i = skipSpace(buf, i + 1, end);
      if (buf[i] === 0x7d || buf[i] === 0x5d) {
        stack.pop();
        i++;
        node.endOffset = i;
        node.endAt = pieceLine();
      } else {
        node = enterChild(buf, stack, i, end);
        i = cursor;
        continue;
      }
    } else {
      i = valueEnd(buf, i, end);
      if (node) {
        node.endOffset = i;
        node.endAt = pieceLine();
      }
    }
    // After a value: move to the next sibling, or close containers.
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top) return;
      i = skipSpace(buf, i, end);
      if (buf[i] === 0x2c) {
        i = skipSpace(buf, i + 1, end);
        node = enterChild(buf, stack, i, end);
        i = cursor;
        break;
      }
      stack.pop(); // '}' or ']' (or the end of a damaged input)
      i++;
      top.node.endOffset = i;
      top.node.endAt = pieceLine();
      if (i >= end && stack.length > 0) return;
    }
  }
}

/** Position just past what enterChild consumed (the key and colon of an object member). */
let cursor = 0;

/** Reads the next member's key (objects) or index (arrays) of the top frame; returns the child's trie node. */
function enterChild(buf: Buffer, stack: Frame[], i: number, end: number): TrieNode | null {
  const top = stack[stack.length - 1]!;
  if (top.isArray) {
    cursor = i;
    return top.node.children.get(String(top.nextIndex++)) ?? null;
  }
  if (buf[i] !== QUOTE) {
    cursor = end;
    return null;
  }
  const keyEnd = stringEnd(buf, i, end);
  const child = top.node.children.get(decodeKey(buf, i, keyEnd)) ?? null;
  let j = skipSpace(buf, keyEnd + 1, end);
  if (buf[j] === 0x3a) j++;
  cursor = skipSpace(buf, j, end);
  return child;
}

/**
 * The byte range (relative to the piece) of each pointer's value in one piece: a JSON value, maybe with space around
 * it. A pointer that does not exist resolves to its closest existing ancestor, so a finding about something missing
 * still points at a real line.
 */
function pieceOffsets(buf: Buffer, pointers: Iterable<string>): Map<string, PieceRange> {
  const wanted = [...new Set(pointers)];
  const root = buildTrie(wanted);
  // In the scanner's WebAssembly memory, the values skipped whole (most of the piece) are skipped there.
  scan(inScanMemory(buf), root);
  const rangeOf = (node: TrieNode): PieceRange => {
    const at = node.at ?? { breaks: 0, lineStart: 0 };
    return { start: node.offset ?? 0, end: node.endOffset ?? node.offset ?? 0, at, endAt: node.endAt ?? at };
  };
  const best = new Map<string, PieceRange>();
  for (const pointer of wanted) {
    let node = root;
    let range = rangeOf(root);
    for (const segment of pointerSegments(pointer)) {
      const child = node.children.get(segment);
      if (child?.offset === undefined) break;
      range = rangeOf(child);
      node = child;
    }
    best.set(pointer, range);
  }
  return best;
}

/** A value's byte range in a piece, with the lines the scan found it on. */
interface PieceRange extends ByteRange {
  at: PieceLine;
  endAt: PieceLine;
}

/**
 * Spans of the ranges the scan of one piece found, from the lines it counted: the piece sits at `start` of the source,
 * at line and column `first` (after any lines of noise), and every other line is counted from there. Columns
 * are counted on each line from its start, or from the position before on the same line (so a one-line dump is
 * counted once, not once per value). `lineStarts` hears where each line found starts.
 */
function pieceSpans(start: number, first: LinePosition, buf: Buffer, ranges: ReadonlyMap<string, PieceRange>, lineStarts?: Map<number, number>): Map<string, Span> {
  const positions: Array<{ offset: number; at: PieceLine; position?: LineColumn }> = [];
  const positionOf = new Map<string, [(typeof positions)[number], (typeof positions)[number]]>();
  for (const [pointer, r] of ranges) {
    const from = { offset: r.start, at: r.at };
    const to = { offset: r.end, at: r.endAt };
    positions.push(from, to);
    positionOf.set(pointer, [from, to]);
  }
  positions.sort((a, b) => a.offset - b.offset);
  let previous: { offset: number; lineStart: number; column: number } | undefined;
  for (const p of positions) {
    const { breaks, lineStart } = p.at;
    const line = first.line + breaks;
    let column: number;
    if (previous && previous.lineStart === lineStart) column = previous.column + utf16Units(buf, previous.offset, p.offset);
    else column = (breaks === 0 ? first.column : 1) + utf16Units(buf, lineStart, p.offset);
    previous = { offset: p.offset, lineStart, column };
    p.position = { line, column };
    lineStarts?.set(line, breaks === 0 ? first.lineStart : start + lineStart);
  }
  const out = new Map<string, Span>();
  for (const [pointer, [from, to]] of positionOf) {
    const a = from.position ?? { line: 1, column: 1 };
    const b = to.position ?? a;
    out.set(pointer, { line: a.line, column: a.column, endLine: b.line, endColumn: b.column });
  }
  return out;
}

/** Lines and columns of byte ranges, found in one pass over the source. */
function spansOf(source: ByteSource, ranges: ReadonlyMap<string, ByteRange>, lineStarts?: Map<number, number>): Map<string, Span> {
  const offsets: number[] = [];
  for (const r of ranges.values()) offsets.push(r.start, r.end);
  const positions = lineColumnsAt(source, offsets);
  if (lineStarts) for (const p of positions.values()) lineStarts.set(p.line, p.lineStart);
  const out = new Map<string, Span>();
  for (const [pointer, r] of ranges) {
    const start = positions.get(r.start) ?? { line: 1, column: 1 };
    const end = positions.get(r.end) ?? start;
    out.set(pointer, { line: start.line, column: start.column, endLine: end.line, endColumn: end.column });
  }
  return out;
}

/** 1-based line and column of a UTF-16 offset into text. */
export function offsetToLineColumn(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

/** An object member's decoded key → member index, made once per outlined object. */
function keysOf(source: ByteSource, node: OutlineNode): Map<string, number> {
  if (node.keys) return node.keys;
  const keys = new Map<string, number>();
  const m = node.members;
  for (let k = 0; k < m.length; k += 4) {
    // The last of duplicate keys, as JSON.parse keeps (and the piece scanner points at).
    keys.set(JSON.parse(source.read(m[k] ?? 0, m[k + 1] ?? 0).toString('utf8')) as string, k);
  }
  node.keys = keys;
  return keys;
}

/** Where a document's JSON is in its source: its outline (for an input read piecewise), or the bytes it starts at. */
export type JsonExtent = { outline: JsonOutline } | { start: number };

/**
 * The span of each pointer's value (or of its closest existing ancestor) in the JSON of `source`. Parsed whole, the
 * JSON is one piece, scanned once, its lines counted on the way. Otherwise each pointer is followed down the outline
 * to the piece that holds it; only those pieces are read and scanned, and the offsets found become lines and columns
 * in one more pass over the source. `lineStarts` hears where each line found starts.
 */
export function locate(source: ByteSource, extent: JsonExtent, pointers: Iterable<string>, lineStarts?: Map<number, number>): Map<string, Span> {
  if ('start' in extent) {
    // Parsed whole: one piece, the whole JSON, whose scan counts the lines too.
    const first = lineColumnsAt(source, [extent.start]).get(extent.start) ?? { line: 1, column: 1, lineStart: 0 };
    const buf = source.read(extent.start, source.size);
    return pieceSpans(extent.start, first, buf, pieceOffsets(buf, pointers), lineStarts);
  }
  const outline = extent.outline;
  const offsets = new Map<string, ByteRange>();
  /** Pieces to scan: start → [end, pointers relative to the piece, their full pointers]. */
  const pieces = new Map<number, { end: number; rest: string[]; full: string[] }>();
  for (const pointer of new Set(pointers)) {
    const segments = pointerSegments(pointer);
    let start = outline.rootStart;
    let end = outline.rootEnd;
    let k = 0;
    for (let node = outline.nodes.get(start); node && k < segments.length; node = outline.nodes.get(start)) {
      const segment = segments[k] ?? '';
      let member: number | undefined;
      if (node.isArray) {
        if (/^(0|[1-9]\d*)$/.test(segment) && Number(segment) * 4 < node.members.length) member = Number(segment) * 4;
      } else {
        member = keysOf(source, node).get(segment);
      }
      if (member === undefined) break;
      start = node.members[member + 2] ?? 0;
      end = node.members[member + 3] ?? 0;
      k++;
    }
    if (k === segments.length || outline.nodes.has(start)) {
      offsets.set(pointer, { start, end });
      continue;
    }
    let piece = pieces.get(start);
    if (!piece) pieces.set(start, (piece = { end, rest: [], full: [] }));
    piece.rest.push(segments.slice(k).map((s) => `/${pointerSegment(s)}`).join(''));
    piece.full.push(pointer);
  }
  for (const [start, piece] of pieces) {
    // The view read() gives stays valid until the next read: the piece is scanned before that.
    const found = pieceOffsets(source.read(start, piece.end), piece.rest);
    piece.full.forEach((pointer, i) => {
      const range = found.get(piece.rest[i] ?? '') ?? { start: 0, end: 0 };
      offsets.set(pointer, { start: start + range.start, end: start + range.end });
    });
  }
  return spansOf(source, offsets, lineStarts);
}

/** The same for JSON text or bytes in memory (a config file, a test's snippet). */
export function locateJsonPointers(input: Buffer | string, pointers: Iterable<string>): Map<string, Span> {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  return locate(bufferSource(buf, ''), { start: 0 }, pointers);
}
