// YAML inputs (bootstraps are often YAML) through the `yaml` package, keeping the document for positions.
import type { Document, LineCounter } from 'yaml';
import { yaml } from '../lazy-modules.js';
import { InputError } from './errors.js';
import { pointerSegments, type LineColumn, type Span } from './json/locate.js';

export interface ParsedYaml {
  data: unknown;
  document: Document;
  lineCounter: LineCounter;
}

export function parseYaml(text: string, file: string): ParsedYaml {
  const { LineCounter: Counter, parseDocument } = yaml();
  const lineCounter = new Counter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
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
