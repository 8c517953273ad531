// YAML inputs (bootstraps are often YAML) through the `yaml` package, keeping the document for positions.
import type { Document, LineCounter } from 'yaml';
import { yaml } from '../lazy-modules.js';
import { InputError } from './errors.js';
import { pointerSegments, type LineColumn } from './json-positions.js';

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
export function locateYamlPointers(parsed: ParsedYaml, pointers: Iterable<string>): Map<string, LineColumn> {
  const out = new Map<string, LineColumn>();
  for (const pointer of pointers) {
    const segments = pointerSegments(pointer);
    let best: LineColumn = { line: 1, column: 1 };
    let node: unknown = parsed.document.contents;
    const path: Array<string | number> = [];
    for (const segment of segments) {
      path.push(yaml().isSeq(node) ? Number(segment) : segment);
      const next = parsed.document.getIn(path, true) as { range?: [number, number, number] } | undefined;
      if (!next?.range) break;
      const pos = parsed.lineCounter.linePos(next.range[0]);
      best = { line: pos.line, column: pos.col };
      node = next;
    }
    out.set(pointer, best);
  }
  return out;
}
