// YAML inputs (bootstraps are often YAML) through the `yaml` package, keeping the document for positions.
import type { CST, Document, LineCounter } from 'yaml';
import { yaml } from '../lazy-modules.js';
import { InputError } from './errors.js';
import { pointerSegments, type LineColumn, type Span } from './json/locate.js';

export interface ParsedYaml {
  data: unknown;
  document: Document;
  lineCounter: LineCounter;
}

/**
 * YAML nested deeper than this is refused. The `yaml` library builds documents recursively and overflows the stack
 * near 900 levels (less inside a worker or a deep call); Envoy configs nest a few dozen.
 */
export const MAX_YAML_DEPTH = 256;

/** The offset of the first collection nested deeper than MAX_YAML_DEPTH in a CST token, walked without recursion. */
function tooDeepAt(root: CST.Token): number | undefined {
  const stack: Array<[CST.Token, number]> = [[root, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [token, depth] = top;
    if (token.type === 'document') {
      if (token.value) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > MAX_YAML_DEPTH) return token.offset;
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** The parser's tokens, refused at the first that nests too deep, before the recursive composer sees it. */
function* depthChecked(tokens: Iterable<CST.Token>, file: string, lineCounter: LineCounter): Generator<CST.Token> {
  for (const token of tokens) {
    const offset = tooDeepAt(token);
    if (offset !== undefined) {
      const pos = lineCounter.linePos(offset);
      throw new InputError(file, `YAML nested deeper than ${MAX_YAML_DEPTH} levels`, pos.line, pos.col);
    }
    yield token;
  }
}

/** The first document, or an error at the start of a second one (what parseDocument does, in envoy-lint's words). */
function onlyDocument(text: string, file: string, lineCounter: LineCounter): Document {
  const { Composer, Parser } = yaml();
  const composer = new Composer({ uniqueKeys: true });
  let first: Document | undefined;
  for (const document of composer.compose(depthChecked(new Parser(lineCounter.addNewLine).parse(text), file, lineCounter), true, text.length)) {
    if (!first) {
      first = document;
      continue;
    }
    if (first.errors.length > 0) break;
    const pos = lineCounter.linePos(document.range[0]);
    throw new InputError(file, 'several YAML documents: pass one per file', pos.line, pos.col);
  }
  // compose(…, forceDoc = true) yields a document even for empty text.
  if (!first) throw new InputError(file, 'invalid YAML: no document');
  return first;
}

/**
 * The largest YAML text read. The yaml library keeps a document tree several times the text's size and is not
 * streamed: 32 MB took a minute here, and a 100 MB YAML bootstrap ran out of heap after two. JSON of any size is read
 * piecewise instead.
 */
export const MAX_YAML_BYTES = 8 * 1024 * 1024;

export function parseYaml(text: string, file: string): ParsedYaml {
  if (text.length > MAX_YAML_BYTES) {
    throw new InputError(file, `YAML of ${Math.round(text.length / 2 ** 20)} MiB: larger than envoy-lint reads as YAML (${MAX_YAML_BYTES / 2 ** 20} MiB); convert it to JSON (yq -o json ${file} > ${file}.json), which is read piecewise at any size`, 1, 1);
  }
  const { LineCounter: Counter } = yaml();
  const lineCounter = new Counter();
  const document = onlyDocument(text, file, lineCounter);
  const first = document.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new InputError(file, `invalid YAML: ${first.message.split('\n')[0]}`, pos.line, pos.col);
  }
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch (error) {
    // toJS resolves aliases: an alias to an anchor that is never set (or an alias bomb) fails only here.
    const at = firstAliasPosition(document, lineCounter);
    throw new InputError(file, `invalid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, at.line, at.column);
  }
  return { data, document, lineCounter };
}

/** Where the first alias of the document is: the usual culprit when resolving aliases fails. */
function firstAliasPosition(document: Document, lineCounter: LineCounter): LineColumn {
  let at: LineColumn = { line: 1, column: 1 };
  const { visit } = yaml();
  visit(document, {
    Alias(_key, node) {
      if (node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        at = { line: pos.line, column: pos.col };
      }
      return visit.BREAK;
    },
  });
  return at;
}

/** Position of each pointer's node, falling back to the closest existing ancestor. */
/** The span of each pointer's node (or of its closest existing ancestor): from its first character to its value's end. */
export function locateYamlPointers(parsed: ParsedYaml, pointers: Iterable<string>): Map<string, Span> {
  const out = new Map<string, Span>();
  for (const pointer of pointers) {
    const segments = pointerSegments(pointer);
    let best: Span = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    let node: unknown = parsed.document.contents;
    const path: Array<string | number> = [];
    for (const segment of segments) {
      path.push(yaml().isSeq(node) ? Number(segment) : segment);
      const next = parsed.document.getIn(path, true) as { range?: [number, number, number] } | undefined;
      if (!next?.range) break;
      const start = parsed.lineCounter.linePos(next.range[0]);
      const end = parsed.lineCounter.linePos(next.range[1]);
      best = { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
      node = next;
    }
    out.set(pointer, best);
  }
  return out;
}
