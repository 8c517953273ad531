// One streaming pass over a JSON input's bytes that checks its structure and records the outline of every container
// larger than the piece size: its members' key and value spans. That outline is all the piecewise parser and the
// locator need, so a dump of any size is read chunk by chunk and never held whole. Strings are skipped with the
// scanner's closingQuote (the native indexOf); the content of strings and scalars is left to JSON.parse of the pieces
// that hold them.
//
// A quick outline (`quick`) skips every container that closes within the piece size in the scanner's WebAssembly
// lane (scan.ts), without checking its structure: such a container is never outlined, and the piece holding it goes
// to JSON.parse, which checks it. On valid JSON both outlines are the same; on damaged JSON the quick one may miss
// the damage, or find damage further on first, so whoever reads a quick outline asks the strict one for the error
// (firstStructuralError) whenever anything fails.
import { lineColumnsAt, type ByteSource } from './source.js';
import { InputError } from '../errors.js';
import { QUOTE, closingQuote, endsInEscape, isLiteralEnd, releaseScanMemory, scanScratch, valueEnd } from './scan.js';

/** A container larger than the piece size: its members as [keyStart, keyEnd, valueStart, valueEnd] quadruples. */
export interface OutlineNode {
  isArray: boolean;
  start: number;
  end: number;
  /** Key spans include the quotes (-1 for array elements); value spans are exact. */
  members: Float64Array;
  /** Decoded keys, made on first lookup by the position finder. */
  keys?: Map<string, number>;
}

export interface JsonOutline {
  rootStart: number;
  rootEnd: number;
  /** The recorded containers by start offset; every other value is parsed whole. */
  nodes: Map<number, OutlineNode>;
}

// What the next significant byte may be.
const VALUE = 0;
const VALUE_OR_CLOSE = 1; // just after '['
const KEY = 2; // after ',' in an object
const KEY_OR_CLOSE = 3; // just after '{'
const COLON = 4;
const COMMA_OR_CLOSE = 5;
const DONE = 6;

/**
 * Containers are outlined down to this depth only (a dump's resources sit at depth 5 or so): deeper ones are parsed
 * whole however large, which keeps the parser's recursion and the outline bounded on hostile nesting.
 */
export const MAX_OUTLINE_DEPTH = 64;

/** A located structural error: the position is found with one more pass, only when there is an error. */
export function errorAt(source: ByteSource, offset: number, message: string): InputError {
  const pos = lineColumnsAt(source, [offset]).get(offset) ?? { line: 1, column: 1 };
  return new InputError(source.file, message, pos.line, pos.column);
}

class Tokenizer {
  private state = VALUE;
  private depth = 0;
  private readonly isArray: boolean[] = [];
  private readonly starts: number[] = [];
  /** Height of the member stack when each open container began. */
  private readonly bases: number[] = [];
  /** The current member's key span and value start, per open container. */
  private readonly keyStarts: number[] = [];
  private readonly keyEnds: number[] = [];
  private readonly valueStarts: number[] = [];
  /** Members of all open containers, four numbers each; a container's are cut off when it closes. */
  private members = new Float64Array(4096);
  private height = 0;
  private rootStart = -1;
  private rootEnd = -1;
  private inString = false;
  private stringIsKey = false;
  private stringStart = 0;
  private escaped = false;
  private inScalar = false;
  readonly nodes = new Map<number, OutlineNode>();

  constructor(
    private readonly source: ByteSource,
    private readonly pieceBytes: number,
    /** Skip containers that close within the piece size unchecked (the chunks are in the scanner's memory). */
    private readonly quick: boolean,
  ) {}

  private fail(offset: number, message: string): never {
    throw errorAt(this.source, offset, message);
  }

  private expected(offset: number): never {
    const top = this.depth - 1;
    switch (this.state) {
      case KEY:
      case KEY_OR_CLOSE:
        return this.fail(offset, 'invalid JSON: expected a property name');
      case COLON:
        return this.fail(offset, "invalid JSON: expected ':' after a property name");
      case COMMA_OR_CLOSE:
        return this.fail(offset, this.isArray[top] ? "invalid JSON: expected ',' or ']' after an array element" : "invalid JSON: expected ',' or '}' after a property value");
      case DONE:
        return this.fail(offset, 'invalid JSON: unexpected text after the document');
      default:
        return this.fail(offset, 'invalid JSON: expected a value');
    }
  }

  private beginValue(offset: number): void {
    if (this.depth === 0) this.rootStart = offset;
    else this.valueStarts[this.depth - 1] = offset;
  }

  private endValue(end: number): void {
    if (this.depth === 0) {
      this.rootEnd = end;
      this.state = DONE;
      return;
    }
    const top = this.depth - 1;
    if (this.height + 4 > this.members.length) {
      const grown = new Float64Array(this.members.length * 2);
      grown.set(this.members);
      this.members = grown;
    }
    const m = this.members;
    const h = this.height;
    m[h] = this.isArray[top] ? -1 : (this.keyStarts[top] ?? -1);
    m[h + 1] = this.isArray[top] ? -1 : (this.keyEnds[top] ?? -1);
    m[h + 2] = this.valueStarts[top] ?? 0;
    m[h + 3] = end;
    this.height = h + 4;
    this.state = COMMA_OR_CLOSE;
  }

  private open(offset: number, isArray: boolean): void {
    this.beginValue(offset);
    const d = this.depth++;
    this.isArray[d] = isArray;
    this.starts[d] = offset;
    this.bases[d] = this.height;
    this.state = isArray ? VALUE_OR_CLOSE : KEY_OR_CLOSE;
  }

  private close(end: number): void {
    const d = --this.depth;
    const start = this.starts[d] ?? 0;
    const base = this.bases[d] ?? 0;
    if (end - start > this.pieceBytes && d < MAX_OUTLINE_DEPTH) {
      this.nodes.set(start, { isArray: this.isArray[d] ?? false, start, end, members: this.members.slice(base, this.height) });
    }
    this.height = base;
    this.endValue(end);
  }

  private endString(end: number): void {
    this.inString = false;
    if (this.stringIsKey) {
      const top = this.depth - 1;
      this.keyStarts[top] = this.stringStart;
      this.keyEnds[top] = end;
      this.state = COLON;
    } else {
      this.endValue(end);
    }
  }

  /** Index of the quote that closes the current string in `chunk` from `from`, or -1 (and the escape carried). */
  private stringClose(chunk: Buffer, from: number): number {
    const escaped = this.escaped;
    this.escaped = false;
    const close = closingQuote(chunk, from, chunk.length, escaped);
    if (close === -1) this.escaped = endsInEscape(chunk, escaped ? from + 1 : from, chunk.length);
    return close;
  }

  /** Index of the first byte at or after `from` that ends a literal, or `n` when the chunk ends first. */
  private static literalEnd(chunk: Buffer, from: number, n: number): number {
    let j = from;
    while (j < n && !isLiteralEnd(chunk[j])) j++;
    return j;
  }

  chunk(chunk: Buffer, offset: number): void {
    const n = chunk.length;
    let i = 0;
    if (this.inString) {
      const close = this.stringClose(chunk, 0);
      if (close === -1) return;
      this.endString(offset + close + 1);
      i = close + 1;
    } else if (this.inScalar) {
      // A literal cut by the chunk edge: it ends at the first delimiter here.
      i = Tokenizer.literalEnd(chunk, 0, n);
      if (i === n) return;
      this.inScalar = false;
      this.endValue(offset + i);
    }
    for (; i < n; i++) {
      let b = chunk[i] ?? 0;
      // Indentation: runs of spaces are most of an indented dump's bytes outside strings.
      while (b === 0x20 && i + 1 < n) b = chunk[++i] ?? 0;
      switch (b) {
        case 0x20:
        case 0x0a:
        case 0x0d:
        case 0x09:
          break;
        case QUOTE: {
          const state = this.state;
          if (state === KEY || state === KEY_OR_CLOSE) this.stringIsKey = true;
          else if (state === VALUE || state === VALUE_OR_CLOSE) {
            this.stringIsKey = false;
            this.beginValue(offset + i);
          } else this.expected(offset + i);
          this.stringStart = offset + i;
          this.inString = true;
          const close = this.stringClose(chunk, i + 1);
          if (close === -1) return;
          this.endString(offset + close + 1);
          i = close;
          break;
        }
        case 0x7b: // {
        case 0x5b: // [
          if (this.state !== VALUE && this.state !== VALUE_OR_CLOSE) this.expected(offset + i);
          if (this.quick) {
            // Closing within the piece size (and this chunk), it is never outlined: skip it whole.
            const bound = Math.min(n, i + this.pieceBytes);
            const end = valueEnd(chunk, i, bound);
            if (end < bound) {
              this.beginValue(offset + i);
              this.endValue(offset + end);
              i = end - 1;
              break;
            }
          }
          this.open(offset + i, b === 0x5b);
          break;
        case 0x7d: // }
          if (this.depth === 0 || this.isArray[this.depth - 1] || (this.state !== KEY_OR_CLOSE && this.state !== COMMA_OR_CLOSE)) this.expected(offset + i);
          this.close(offset + i + 1);
          break;
        case 0x5d: // ]
          if (this.depth === 0 || !this.isArray[this.depth - 1] || (this.state !== VALUE_OR_CLOSE && this.state !== COMMA_OR_CLOSE)) this.expected(offset + i);
          this.close(offset + i + 1);
          break;
        case 0x2c: // ,
          if (this.state !== COMMA_OR_CLOSE || this.depth === 0) this.expected(offset + i);
          this.state = this.isArray[this.depth - 1] ? VALUE : KEY;
          break;
        case 0x3a: // :
          if (this.state !== COLON) this.expected(offset + i);
          this.state = VALUE;
          break;
        default: {
          // A literal (number, true, false, null): JSON.parse of its piece checks it; here only where it ends.
          if (this.state !== VALUE && this.state !== VALUE_OR_CLOSE) this.expected(offset + i);
          this.beginValue(offset + i);
          const end = Tokenizer.literalEnd(chunk, i + 1, n);
          if (end === n) {
            this.inScalar = true;
            return;
          }
          this.endValue(offset + end);
          i = end - 1; // the delimiter is read next
        }
      }
    }
  }

  finish(): JsonOutline {
    const size = this.source.size;
    if (this.inString) this.fail(size, 'JSON ends unexpectedly (truncated input?)');
    if (this.inScalar) {
      this.inScalar = false;
      this.endValue(size);
    }
    if (this.rootStart === -1 || this.depth > 0 || this.rootEnd === -1) this.fail(size, 'JSON ends unexpectedly (truncated input?)');
    return { rootStart: this.rootStart, rootEnd: this.rootEnd, nodes: this.nodes };
  }
}

export interface OutlineOptions {
  /** How far the scan has got, after each chunk. */
  onBytes?: (bytes: number) => void;
  /** Skip containers that close within `pieceBytes` without checking their structure (see the top of this file). */
  quick?: boolean;
}

/**
 * Outlines every container larger than `pieceBytes` of the JSON in `source` from byte `start` (after a BOM, say).
 * Strict (the default), it checks the whole structure and throws a located InputError at the first structural error.
 */
export function scanOutline(source: ByteSource, start: number, pieceBytes: number, options: OutlineOptions = {}): JsonOutline {
  const { onBytes, quick = false } = options;
  const tokenizer = new Tokenizer(source, pieceBytes, quick);
  source.forEachChunk(
    start,
    source.size,
    (chunk, offset) => {
      tokenizer.chunk(chunk, offset);
      onBytes?.(offset + chunk.length);
    },
    // Quick: each chunk is handed over in the scanner's memory, where valueEnd skips containers in WebAssembly.
    quick ? scanScratch : undefined,
  );
  if (quick) releaseScanMemory();
  return tokenizer.finish();
}

/** The first structural error of the JSON in `source` from `start`, as the strict outline finds it; or none. */
export function firstStructuralError(source: ByteSource, start: number, pieceBytes: number): InputError | undefined {
  try {
    scanOutline(source, start, pieceBytes);
    return undefined;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
}
