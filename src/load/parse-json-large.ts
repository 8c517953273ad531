// Parses JSON larger than V8's largest string (0x1fffffe8 characters, about 512 MB), and big dumps well below that
// size, without holding the input whole: one streaming pass outlines the containers larger than the piece size
// (json-skeleton.ts), and every other value is handed to JSON.parse on its own, read from the source when needed.
// The result is the same tree JSON.parse would build. Errors are located at file:line:column like the small-input
// path.
import { bufferSource, lineColumnsAt, type ByteSource } from './byte-source.js';
import { InputError } from './errors.js';
import { errorAt, scanSkeleton, type JsonSkeleton, type SkeletonNode } from './json-skeleton.js';
import { parseJson } from './parse-json.js';

/**
 * Inputs at least this large take the piecewise path: they are never held as one string (nor, when they are files,
 * as one Buffer), and their resource lists are read lazily, so a big dump's whole parse tree is never in memory.
 * Measured on a 20 MB dump: as fast as one JSON.parse of the whole text, with 30% less peak RSS.
 */
export const LARGE_INPUT_BYTES = Number(process.env.ENVOY_LINT_LARGE_INPUT_BYTES) || 4 * 1024 * 1024;

/** Lazy lists answer this key with the first byte of an element, so that its kind is known without parsing it. */
const LAZY_FIRST_BYTE = Symbol('envoy-lint.lazy-first-byte');

/** For a lazy list: a function giving the first byte of element i ('{' for objects); undefined for other values. */
export function lazyFirstByte(value: unknown): ((index: number) => number) | undefined {
  if (!Array.isArray(value)) return undefined;
  const firstByte = (value as unknown as Record<symbol, unknown>)[LAZY_FIRST_BYTE];
  return typeof firstByte === 'function' ? (firstByte as (index: number) => number) : undefined;
}

/**
 * Values up to this size go to JSON.parse whole (overridable for tests of the split path). Small enough that a
 * section (all of a dump's endpoints, say) is split into its resources, whose parse trees then die young.
 */
const DEFAULT_PIECE_BYTES = Number(process.env.ENVOY_LINT_PIECE_BYTES) || 1024 * 1024;

/** Where JSON.parse's error in the text of bytes [start, …) sits in the whole source. */
function relocate(source: ByteSource, text: string, start: number, error: InputError): InputError {
  if (error.line === undefined) return error;
  let index = 0;
  for (let line = 1; line < error.line; line++) index = text.indexOf('\n', index) + 1;
  index += (error.column ?? 1) - 1;
  const offset = start + Buffer.byteLength(text.slice(0, index), 'utf8');
  const pos = lineColumnsAt(source, [offset]).get(offset) ?? { line: 1, column: 1 };
  return new InputError(source.file, error.message, pos.line, pos.column);
}

/** Told how many bytes a phase ("scanned", "read") has got through, about every PROGRESS_BYTES. */
export type BytesProgress = (phase: string, bytes: number) => void;
const PROGRESS_BYTES = 16 << 20;

class PieceParser {
  private parsed = 0;
  private reported = 0;
  /** Every lazy list made, with which of its elements have been read. */
  private readonly lazyLists: Array<{ members: Float64Array; read: Uint8Array }> = [];

  constructor(
    private readonly source: ByteSource,
    private readonly skeleton: JsonSkeleton,
    /** Return lists of small elements as lazy arrays (parsed per read) instead of parsing every element now. */
    private readonly lazy: boolean,
    private readonly onBytes?: BytesProgress,
  ) {}

  /** JSON.parse of one span, with its error placed in the whole file. */
  private parseSpan(start: number, end: number): unknown {
    // Progress is how far into the input parsing has got (checks and collection each read a section's resources).
    if (this.onBytes && end > this.parsed) {
      this.parsed = end;
      if (this.parsed - this.reported >= PROGRESS_BYTES) this.onBytes('read', (this.reported = this.parsed));
    }
    const text = this.source.read(start, end).toString('utf8');
    try {
      return parseJson(text, this.source.file);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // A piece ends where the outline says its value ends, not where the input does: a literal that JSON.parse
      // finds cut short is a bad literal ("nul", "1."), not a truncated file.
      if (end < this.source.size && error.message.startsWith('JSON ends unexpectedly')) {
        throw errorAt(this.source, start, `invalid JSON: ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text)} is not a valid value`);
      }
      throw relocate(this.source, text, start, error);
    }
  }

  value(start: number, end: number): unknown {
    const node = this.skeleton.nodes.get(start);
    if (!node) return this.parseSpan(start, end);
    return node.isArray ? this.array(node) : this.object(node);
  }

  private array(node: SkeletonNode): unknown[] {
    const m = node.members;
    let allSmall = true;
    for (let k = 0; k < m.length && allSmall; k += 4) allSmall = !this.skeleton.nodes.has(m[k + 2] ?? 0);
    if (this.lazy && allSmall && m.length > 0) return this.lazyArray(m);
    const out: unknown[] = [];
    for (let k = 0; k < m.length; k += 4) out.push(this.value(m[k + 2] ?? 0, m[k + 3] ?? 0));
    return out;
  }

  /**
   * A list of resources whose elements are parsed when read and not kept: whoever reads an element keeps what it
   * needs (the graph keeps summaries), so a dump's parse tree is never all in memory at once. The skeleton already
   * checked the list's structure; JSON.parse checks each element's content on each read.
   */
  private lazyArray(members: Float64Array): unknown[] {
    const count = members.length / 4;
    const target: unknown[] = new Array<unknown>(count);
    const read = new Uint8Array(count);
    this.lazyLists.push({ members, read });
    const firstByte = (index: number): number => this.source.read(members[index * 4 + 2] ?? 0, (members[index * 4 + 2] ?? 0) + 1)[0] ?? 0;
    return new Proxy(target, {
      get: (t, key, receiver) => {
        if (key === LAZY_FIRST_BYTE) return firstByte;
        if (typeof key === 'string' && /^\d+$/.test(key)) {
          const i = Number(key);
          if (i < count) {
            read[i] = 1;
            return this.value(members[i * 4 + 2] ?? 0, members[i * 4 + 3] ?? 0);
          }
        }
        return Reflect.get(t, key, receiver) as unknown;
      },
      // forEach, map and `in` ask whether an index exists before reading it; the target itself is all holes.
      has: (t, key) => (typeof key === 'string' && /^\d+$/.test(key) ? Number(key) < count : Reflect.has(t, key)),
    });
  }

  /**
   * Parses (and drops) every lazy-list element nobody read, such as a section envoy-lint does not look at: invalid
   * JSON there makes the input unreadable, as it does when the input is parsed whole.
   */
  checkUnread(): void {
    for (const { members, read } of this.lazyLists) {
      for (let i = 0; i < read.length; i++) if (read[i] === 0) this.value(members[i * 4 + 2] ?? 0, members[i * 4 + 3] ?? 0);
    }
  }

  private object(node: SkeletonNode): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const m = node.members;
    for (let k = 0; k < m.length; k += 4) {
      const key = this.parseSpan(m[k] ?? 0, m[k + 1] ?? 0) as string;
      // defineProperty, as JSON.parse does: a "__proto__" key is an own property, never the prototype.
      Object.defineProperty(out, key, { value: this.value(m[k + 2] ?? 0, m[k + 3] ?? 0), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}

export interface PiecewiseJson {
  data: unknown;
  skeleton: JsonSkeleton;
  /** Checks that the lazy-list elements not read so far are valid JSON (throws a located InputError if not). */
  checkUnread: () => void;
}

/** Parses the JSON in `source` from byte `start` (after a BOM, say) as one document, piece by piece. */
export function parseJsonSource(source: ByteSource, start = 0, pieceBytes = DEFAULT_PIECE_BYTES, lazy = false, onBytes?: BytesProgress): PiecewiseJson {
  const skeleton = scanSkeleton(source, start, pieceBytes, onBytes && ((bytes) => onBytes('scanned', bytes)));
  const parser = new PieceParser(source, skeleton, lazy, onBytes);
  const data = parser.value(skeleton.rootStart, skeleton.rootEnd);
  return { data, skeleton, checkUnread: () => parser.checkUnread() };
}

/** The same for bytes in memory. */
export function parseJsonPieces(buf: Buffer, file: string, start = 0, pieceBytes = DEFAULT_PIECE_BYTES, lazy = false): unknown {
  return parseJsonSource(bufferSource(buf, file), start, pieceBytes, lazy).data;
}
