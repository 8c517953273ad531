// Parses JSON larger than V8's largest string (0x1fffffe8 characters, about 512 MB): the top levels of the document
// are walked byte by byte and every value smaller than the piece limit is handed to JSON.parse on its own. The result
// is the same tree JSON.parse would build. Errors are located at file:line:column like the small-input path.
import { InputError } from './errors.js';
import { parseJson } from './parse-json.js';
import { QUOTE, columnAt, lineOf, skipSpace, stringEnd, valueEnd } from './json-bytes.js';

/**
 * Inputs at least this large take the piecewise path: they are never held as one string, and their resource lists
 * are read lazily, so a big dump's whole parse tree is never in memory at once.
 */
export const LARGE_INPUT_BYTES = Number(process.env.ENVOY_LINT_LARGE_INPUT_BYTES) || 32 * 1024 * 1024;

/** Values up to this size go to JSON.parse whole (overridable for tests of the split path). */
/** Lazy lists answer true to this key, so that a walker over the whole tree can leave their elements to the reader. */
export const LAZY_LIST = Symbol('envoy-lint.lazy-list');

export function isLazyList(value: unknown): boolean {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[LAZY_LIST] === true;
}

const DEFAULT_PIECE_BYTES = Number(process.env.ENVOY_LINT_PIECE_BYTES) || 32 * 1024 * 1024;

class PieceParser {
  constructor(
    private readonly buf: Buffer,
    private readonly file: string,
    private readonly pieceBytes: number,
    /** Return lists of small elements as lazy arrays (parsed per read) instead of parsing every element now. */
    private readonly lazy: boolean,
  ) {}

  private fail(offset: number, message: string): never {
    const { line, lineStart } = lineOf(this.buf, offset);
    throw new InputError(this.file, message, line, columnAt(this.buf, lineStart, offset));
  }

  /** JSON.parse of one span, with its error placed in the whole file. */
  private parseSpan(start: number, end: number): unknown {
    const text = this.buf.toString('utf8', start, end);
    try {
      return parseJson(text, this.file);
    } catch (error) {
      if (!(error instanceof InputError) || error.line === undefined) throw error;
      const { line, lineStart } = lineOf(this.buf, start);
      const column = error.line === 1 ? columnAt(this.buf, lineStart, start) + (error.column ?? 1) - 1 : error.column;
      throw new InputError(this.file, error.message, line + error.line - 1, column);
    }
  }

  value(start: number, end: number): unknown {
    const first = this.buf[start];
    if (end - start <= this.pieceBytes || (first !== 0x7b && first !== 0x5b)) return this.parseSpan(start, end);
    return first === 0x7b ? this.object(start, end) : this.array(start, end);
  }

  private array(start: number, end: number): unknown[] {
    const spans: number[] = [];
    let i = skipSpace(this.buf, start + 1, end);
    if (this.buf[i] !== 0x5d) {
      for (;;) {
        const valueStop = valueEnd(this.buf, i, end);
        spans.push(i, valueStop);
        i = skipSpace(this.buf, valueStop, end);
        if (this.buf[i] === 0x5d) break;
        if (this.buf[i] !== 0x2c) this.fail(i, "invalid JSON: expected ',' or ']' after an array element");
        i = skipSpace(this.buf, i + 1, end);
      }
    }
    let allSmall = true;
    for (let k = 0; k < spans.length && allSmall; k += 2) allSmall = (spans[k + 1] ?? 0) - (spans[k] ?? 0) <= this.pieceBytes;
    if (this.lazy && allSmall && spans.length > 0) return this.lazyArray(spans);
    const out: unknown[] = [];
    for (let k = 0; k < spans.length; k += 2) out.push(this.value(spans[k] ?? 0, spans[k + 1] ?? 0));
    return out;
  }

  /**
   * A list of resources whose elements are parsed when read and not kept: whoever reads an element keeps what it
   * needs (the graph keeps summaries), so a dump's parse tree is never all in memory at once. Every element was
   * already checked to end where the next begins; JSON.parse checks its content on each read.
   */
  private lazyArray(spans: number[]): unknown[] {
    const target: unknown[] = new Array<unknown>(spans.length / 2);
    return new Proxy(target, {
      get: (t, key, receiver) => {
        if (key === LAZY_LIST) return true;
        if (typeof key === 'string' && /^\d+$/.test(key)) {
          const k = Number(key) * 2;
          if (k < spans.length) return this.value(spans[k] ?? 0, spans[k + 1] ?? 0);
        }
        return Reflect.get(t, key, receiver) as unknown;
      },
      // forEach, map and `in` ask whether an index exists before reading it; the target itself is all holes.
      has: (t, key) => (typeof key === 'string' && /^\d+$/.test(key) ? Number(key) < spans.length / 2 : Reflect.has(t, key)),
    });
  }

  private object(start: number, end: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let i = skipSpace(this.buf, start + 1, end);
    if (this.buf[i] === 0x7d) return out;
    for (;;) {
      if (this.buf[i] !== QUOTE) this.fail(i, 'invalid JSON: expected a property name');
      const keyEnd = stringEnd(this.buf, i, end) + 1;
      const key = this.parseSpan(i, keyEnd) as string;
      i = skipSpace(this.buf, keyEnd, end);
      if (this.buf[i] !== 0x3a) this.fail(i, "invalid JSON: expected ':' after a property name");
      i = skipSpace(this.buf, i + 1, end);
      const valueStop = valueEnd(this.buf, i, end);
      // defineProperty, as JSON.parse does: a "__proto__" key is an own property, never the prototype.
      Object.defineProperty(out, key, { value: this.value(i, valueStop), enumerable: true, writable: true, configurable: true });
      i = skipSpace(this.buf, valueStop, end);
      if (this.buf[i] === 0x7d) return out;
      if (this.buf[i] !== 0x2c) this.fail(i, "invalid JSON: expected ',' or '}' after a property value");
      i = skipSpace(this.buf, i + 1, end);
    }
  }
}

/** Parses `buf` from byte `start` (after a BOM, say) as one JSON document, piece by piece. */
export function parseJsonPieces(buf: Buffer, file: string, start = 0, pieceBytes = DEFAULT_PIECE_BYTES, lazy = false): unknown {
  const parser = new PieceParser(buf, file, pieceBytes, lazy);
  const begin = skipSpace(buf, start, buf.length);
  if (begin >= buf.length) throw new InputError(file, 'JSON ends unexpectedly (truncated input?)', 1, 1);
  const stop = valueEnd(buf, begin, buf.length);
  const value = parser.value(begin, stop);
  const rest = skipSpace(buf, stop, buf.length);
  if (rest < buf.length) {
    const { line, lineStart } = lineOf(buf, rest);
    throw new InputError(file, 'invalid JSON: unexpected text after the document', line, columnAt(buf, lineStart, rest));
  }
  return value;
}
