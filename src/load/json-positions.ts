// Resolves JSON pointers to line/column with one pass over the text. Only the pointers asked for (and their
// ancestors, for fallback) are tracked. The scanner is iterative on purpose: a recursive one (jsonc-parser's
// visitor) overflows the stack on inputs nested 100,000 levels deep. The text has already passed JSON.parse, so the
// scanner only needs to follow structure, not to validate it.

export interface LineColumn {
  line: number;
  column: number;
}

interface TrieNode {
  children: Map<string, TrieNode>;
  position?: LineColumn;
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(decodeSegment);
}

interface Frame {
  isArray: boolean;
  node: TrieNode | null;
  nextIndex: number;
  pendingKey: string | null;
  expectKey: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

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

/** Index of the closing quote of the string whose opening quote is at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const close = text.indexOf('"', i);
    if (close === -1) return text.length - 1;
    let backslashes = 0;
    for (let j = close - 1; j > start && text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return close;
    i = close + 1;
  }
}

/**
 * Returns the position of each pointer's value. A pointer that does not exist in the text resolves to its closest
 * existing ancestor, so a finding about something missing still points at a real line.
 */
export function locateJsonPointers(text: string, pointers: Iterable<string>): Map<string, LineColumn> {
  const wanted = [...new Set(pointers)];
  const root = buildTrie(wanted);
  const stack: Frame[] = [];
  let line = 1;
  let lineStart = 0;

  const enterValue = (at: number): TrieNode | null => {
    const parent = stack[stack.length - 1];
    let node: TrieNode | null;
    if (!parent) node = root;
    else if (parent.isArray) node = parent.node?.children.get(String(parent.nextIndex++)) ?? null;
    else node = parent.pendingKey !== null ? (parent.node?.children.get(parent.pendingKey) ?? null) : null;
    if (node && !node.position) node.position = { line, column: at - lineStart + 1 };
    return node;
  };

  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    switch (code) {
      case NEWLINE:
        line++;
        lineStart = i + 1;
        break;
      case 0x20: // space
      case 0x09: // tab
      case 0x0d: // carriage return
        break;
      case 0x7b: // {
        stack.push({ isArray: false, node: enterValue(i), nextIndex: 0, pendingKey: null, expectKey: true });
        break;
      case 0x5b: // [
        stack.push({ isArray: true, node: enterValue(i), nextIndex: 0, pendingKey: null, expectKey: false });
        break;
      case 0x7d: // }
      case 0x5d: // ]
        stack.pop();
        break;
      case 0x2c: {
        // ,
        const top = stack[stack.length - 1];
        if (top && !top.isArray) top.expectKey = true;
        break;
      }
      case 0x3a: {
        // :
        const top = stack[stack.length - 1];
        if (top) top.expectKey = false;
        break;
      }
      case QUOTE: {
        const end = stringEnd(text, i);
        const top = stack[stack.length - 1];
        if (top && !top.isArray && top.expectKey) {
          // Decode the key only where the subtree is tracked; elsewhere its text does not matter.
          top.pendingKey = top.node && top.node.children.size > 0 ? decodeKey(text, i, end) : null;
        } else {
          enterValue(i);
        }
        i = end;
        break;
      }
      default: {
        // A number or literal: record it, then skip to the next delimiter.
        enterValue(i);
        while (i + 1 < length && !isDelimiter(text.charCodeAt(i + 1))) i++;
      }
    }
  }

  const out = new Map<string, LineColumn>();
  for (const pointer of wanted) {
    let node = root;
    let best = root.position ?? { line: 1, column: 1 };
    for (const segment of pointerSegments(pointer)) {
      const child = node.children.get(segment);
      if (!child?.position) break;
      best = child.position;
      node = child;
    }
    out.set(pointer, best);
  }
  return out;
}

function decodeKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return raw;
  }
}

function isDelimiter(code: number): boolean {
  return code === 0x2c || code === 0x7d || code === 0x5d || code === 0x20 || code === NEWLINE || code === 0x0d || code === 0x09 || code === 0x3a;
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
