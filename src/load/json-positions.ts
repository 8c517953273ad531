// Resolves JSON pointers to line/column with one pass over the input's bytes. Only the pointers asked for (and
// their ancestors, for fallback) are followed; every other value is skipped whole (strings by the native indexOf).
// Lines are counted once at the end, for the offsets found. The scanner is iterative on purpose: a recursive one
// (jsonc-parser's visitor) overflows the stack on inputs nested 100,000 levels deep, and it works on a Buffer so that
// inputs larger than V8's largest string can be located too. The input has already passed JSON.parse, so the scanner
// only follows structure.
import { QUOTE, columnAt, skipSpace, stringEnd, valueEnd } from './json-bytes.js';

export interface LineColumn {
  line: number;
  column: number;
}

interface TrieNode {
  children: Map<string, TrieNode>;
  offset?: number;
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
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

/** Records the byte offset of every tracked value. */
function scan(buf: Buffer, root: TrieNode): void {
  const end = buf.length;
  const stack: Frame[] = [];
  let i = skipSpace(buf, 0, end);
  let node: TrieNode | null = root;
  for (;;) {
    // At the start of a value whose trie node is `node`.
    if (i >= end) return;
    if (node && node.offset === undefined) node.offset = i;
    const first = buf[i];
    if (node && node.children.size > 0 && (first === 0x7b || first === 0x5b)) {
      stack.push({ isArray: first === 0x5b, node, nextIndex: 0 });
      i = skipSpace(buf, i + 1, end);
      if (buf[i] === 0x7d || buf[i] === 0x5d) {
        stack.pop();
        i++;
      } else {
        node = enterChild(buf, stack, i, end);
        i = cursor;
        continue;
      }
    } else {
      i = valueEnd(buf, i, end);
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

/** Line and column of each offset, counting newlines once in order. */
function lineColumns(buf: Buffer, offsets: number[]): Map<number, LineColumn> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, LineColumn>();
  let line = 1;
  let lineStart = 0;
  let nextNewline = buf.indexOf(0x0a, 0);
  for (const offset of sorted) {
    while (nextNewline !== -1 && nextNewline < offset) {
      line++;
      lineStart = nextNewline + 1;
      nextNewline = buf.indexOf(0x0a, lineStart);
    }
    out.set(offset, { line, column: columnAt(buf, lineStart, offset) });
  }
  return out;
}

/**
 * Returns the position of each pointer's value. A pointer that does not exist in the input resolves to its closest
 * existing ancestor, so a finding about something missing still points at a real line.
 */
export function locateJsonPointers(input: Buffer | string, pointers: Iterable<string>): Map<string, LineColumn> {
  const buf = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const wanted = [...new Set(pointers)];
  const root = buildTrie(wanted);
  scan(buf, root);
  const best = new Map<string, number>();
  for (const pointer of wanted) {
    let node = root;
    let offset = root.offset ?? 0;
    for (const segment of pointerSegments(pointer)) {
      const child = node.children.get(segment);
      if (child?.offset === undefined) break;
      offset = child.offset;
      node = child;
    }
    best.set(pointer, offset);
  }
  const positions = lineColumns(buf, [...best.values()]);
  const out = new Map<string, LineColumn>();
  for (const [pointer, offset] of best) out.set(pointer, positions.get(offset) ?? { line: 1, column: 1 });
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
