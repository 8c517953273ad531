// Resolves JSON pointers to line/column with one jsonc-parser visit over the text. Only the pointers asked for
// (and their ancestors, for fallback) are tracked, so the visit does no per-value string building elsewhere.
import { visit } from 'jsonc-parser';

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
}

/**
 * Returns the position of each pointer's value. A pointer that does not exist in the text resolves to its closest
 * existing ancestor, so a finding about something missing still points at a real line.
 */
export function locateJsonPointers(text: string, pointers: Iterable<string>): Map<string, LineColumn> {
  const root: TrieNode = { children: new Map() };
  const wanted = [...new Set(pointers)];
  for (const pointer of wanted) {
    let node = root;
    for (const segment of pointerSegments(pointer)) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map() }));
      node = child;
    }
  }

  const stack: Frame[] = [];
  const enterValue = (line: number, character: number): TrieNode | null => {
    const parent = stack[stack.length - 1];
    let node: TrieNode | null;
    if (!parent) node = root;
    else if (parent.isArray) node = parent.node?.children.get(String(parent.nextIndex++)) ?? null;
    else node = parent.pendingKey !== null ? (parent.node?.children.get(parent.pendingKey) ?? null) : null;
    if (node && !node.position) node.position = { line: line + 1, column: character + 1 };
    return node;
  };

  visit(
    text,
    {
      onObjectBegin: (_o, _l, line, character) => {
        stack.push({ isArray: false, node: enterValue(line, character), nextIndex: 0, pendingKey: null });
      },
      onArrayBegin: (_o, _l, line, character) => {
        stack.push({ isArray: true, node: enterValue(line, character), nextIndex: 0, pendingKey: null });
      },
      onObjectEnd: () => void stack.pop(),
      onArrayEnd: () => void stack.pop(),
      onObjectProperty: (property) => {
        const top = stack[stack.length - 1];
        if (top) top.pendingKey = property;
      },
      onLiteralValue: (_v, _o, _l, line, character) => void enterValue(line, character),
    },
    { disallowComments: true },
  );

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
