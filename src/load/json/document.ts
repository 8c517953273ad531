// The JSON document model the loader reads every JSON input through: the parsed root, and the input's positions
// (spans of pointers, source lines) found only for what a report needs. How the root is parsed is decided here and
// nowhere else:
//   - whole: below `largeInputBytes`, the text goes to one native JSON.parse (the fastest reader there is), and the
//     bytes it was parsed from are kept (a Buffer, far smaller than the parse tree) for positions and source lines;
//   - piecewise: at or above it (and always beyond V8's largest string), one streaming pass outlines the containers
//     larger than `pieceBytes` (outline.ts), every other value is handed to JSON.parse on its own, and long lists of
//     small elements become LazyLists, parsed element by element as they are read. The file is read window by window
//     through the descriptor it was opened with, and never held whole (a pipe, which cannot be read twice, is kept).
// Both give the same values and the same positions, and errors located at file:line:column the same way.
import { InputError } from '../errors.js';
import { locate } from './locate.js';
import { errorAt, firstStructuralError, scanOutline, type JsonOutline, type OutlineNode } from './outline.js';
import { parseJson } from './parse.js';
import { lineColumnsAt, lineTexts, type ByteSource, type Span } from './source.js';
import { LazyList } from './values.js';

/** Where an input's text is read from, for positions and source lines; the same interface for every syntax. */
export interface SourcePositions {
  /** The span of each pointer's value (or of its closest existing ancestor). */
  locate(pointers: Iterable<string>): Map<string, Span>;
  /** The text of each asked 1-based line, without its line break (lines past the end, or huge ones, left out). */
  lineTexts(lines: Iterable<number>): Map<number, string>;
}

export interface JsonDocument {
  /** The parsed value. Lists may be LazyLists (piecewise documents only). */
  readonly root: unknown;
  /** Positions in the input; they hold no parse tree. */
  readonly positions: SourcePositions;
  /**
   * Parses (and drops) every lazy-list element nobody read, such as a section envoy-lint does not look at: invalid
   * JSON there makes the input unreadable, as it does when the input is parsed whole. Throws a located InputError.
   */
  checkUnread(): void;
}

/** Told how many bytes a phase ("scanned", "read") has got through, about every PROGRESS_BYTES. */
export type BytesProgress = (phase: string, bytes: number) => void;
const PROGRESS_BYTES = 16 << 20;

/** How a JSON input is read. The defaults are what the CLI uses; tests lower them to put piece edges everywhere. */
export interface JsonReadOptions {
  /**
   * Inputs at least this large are read piecewise: never held as one string (nor, for files, as one Buffer), with
   * their long lists read lazily, so a big dump's whole parse tree is never in memory. Below it one JSON.parse of the
   * whole text is faster, and its parse tree is small enough to hold.
   */
  largeInputBytes?: number;
  /**
   * Values up to this size go to JSON.parse whole. Small enough that a section (all of a dump's endpoints, say) is
   * split into its resources, whose parse trees then die young.
   */
  pieceBytes?: number;
  onBytes?: BytesProgress;
}

export const DEFAULT_LARGE_INPUT_BYTES = 4 * 1024 * 1024;
export const DEFAULT_PIECE_BYTES = 1024 * 1024;
/** V8's largest string, in characters; a UTF-8 text up to this many bytes always fits. */
export const MAX_STRING_BYTES = 0x1fffffe8;

/** Where the JSON starts in the source: a byte offset at the start of a line, after `skippedLines` lines of noise. */
export interface JsonStart {
  start: number;
  skippedLines: number;
}

/** Reads the JSON of `source` from `at.start`; positions are read from the same source later (it is kept). */
export function readJson(source: ByteSource, at: JsonStart, options: JsonReadOptions = {}): JsonDocument {
  const large = options.largeInputBytes ?? DEFAULT_LARGE_INPUT_BYTES;
  if (source.size < large && source.size <= MAX_STRING_BYTES) return readWhole(source, at);
  return readPieces(source, at.start, options);
}

/**
 * Positions read from a byte source (made when first asked for): spans by `locateIn`, lines from the bytes. Where the
 * lines of located values start is kept, so that their texts (the lines findings point at) are read directly.
 */
export function positionsOf(source: () => ByteSource, locateIn: (source: ByteSource, pointers: Iterable<string>, lineStarts: Map<number, number>) => Map<string, Span>): SourcePositions {
  const lineStarts = new Map<number, number>();
  return {
    locate: (pointers) => locateIn(source(), pointers, lineStarts),
    lineTexts: (lines) => lineTexts(source(), lines, lineStarts),
  };
}

function readWhole(source: ByteSource, at: JsonStart): JsonDocument {
  const text = source.read(at.start, source.size).toString('utf8');
  let root: unknown;
  try {
    root = parseJson(text, source.file);
  } catch (error) {
    // The text starts at the start of a line: only its line numbers move (by the lines of noise before it).
    if (!(error instanceof InputError) || error.line === undefined || at.skippedLines === 0) throw error;
    throw new InputError(error.file, error.message, error.line + at.skippedLines, error.column);
  }
  // Positions come from the bytes just parsed, never from the path again: it may have been rewritten, or be a pipe.
  const positions = positionsOf(
    () => source,
    (s, pointers, lineStarts) => locate(s, { start: at.start }, pointers, lineStarts),
  );
  return { root, positions, checkUnread: () => undefined };
}

function readPieces(source: ByteSource, start: number, options: JsonReadOptions): JsonDocument {
  const onBytes = options.onBytes;
  const pieceBytes = options.pieceBytes ?? DEFAULT_PIECE_BYTES;
  // The quick outline leaves the small containers' structure to JSON.parse of their pieces; when anything fails, the
  // error reported is the strict outline's first one (where there is one), as if the input had been checked whole.
  const strictError = (error: InputError): InputError => firstStructuralError(source, start, pieceBytes) ?? error;
  let outline: JsonOutline;
  try {
    outline = scanOutline(source, start, pieceBytes, { quick: true, ...(onBytes ? { onBytes: (bytes: number) => onBytes('scanned', bytes) } : {}) });
  } catch (error) {
    throw error instanceof InputError ? strictError(error) : error;
  }
  const parser = new PieceParser(source, outline, strictError, onBytes);
  const root = parser.value(outline.rootStart, outline.rootEnd);
  const positions = positionsOf(
    () => source,
    (s, pointers, lineStarts) => locate(s, { outline }, pointers, lineStarts),
  );
  return { root, positions, checkUnread: () => parser.checkUnread() };
}

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

class PieceParser {
  private parsed = 0;
  private reported = 0;
  /** Every lazy list made, with which of its elements have been read. */
  private readonly lazyLists: Array<{ members: Float64Array; read: Uint8Array }> = [];

  constructor(
    private readonly source: ByteSource,
    private readonly outline: JsonOutline,
    /** The error to report instead of a piece's: the first structural error of the input, if it has one. */
    private readonly strictError: (error: InputError) => InputError,
    private readonly onBytes?: BytesProgress,
  ) {}

  /** JSON.parse of one span; an error is placed in the whole file, or replaced by the input's first structural one. */
  private parseSpan(start: number, end: number): unknown {
    try {
      return this.parseSpanAt(start, end);
    } catch (error) {
      throw error instanceof InputError ? this.strictError(error) : error;
    }
  }

  private parseSpanAt(start: number, end: number): unknown {
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
    const node = this.outline.nodes.get(start);
    if (!node) return this.parseSpan(start, end);
    return node.isArray ? this.array(node) : this.object(node);
  }

  private array(node: OutlineNode): unknown[] | LazyList {
    const m = node.members;
    let allSmall = true;
    for (let k = 0; k < m.length && allSmall; k += 4) allSmall = !this.outline.nodes.has(m[k + 2] ?? 0);
    if (allSmall && m.length > 0) return this.lazyList(m);
    const out: unknown[] = [];
    for (let k = 0; k < m.length; k += 4) out.push(this.value(m[k + 2] ?? 0, m[k + 3] ?? 0));
    return out;
  }

  /**
   * A list whose elements are parsed when read and not kept: whoever reads an element keeps what it needs (the graph
   * keeps summaries). The outline already checked the list's structure; JSON.parse checks each element on each read.
   */
  private lazyList(members: Float64Array): LazyList {
    const count = members.length / 4;
    const read = new Uint8Array(count);
    this.lazyLists.push({ members, read });
    return new LazyList(
      count,
      (i) => {
        read[i] = 1;
        return this.value(members[i * 4 + 2] ?? 0, members[i * 4 + 3] ?? 0);
      },
      (i) => {
        const at = members[i * 4 + 2] ?? 0;
        return this.source.read(at, at + 1)[0] ?? 0;
      },
    );
  }

  checkUnread(): void {
    for (const { members, read } of this.lazyLists) {
      for (let i = 0; i < read.length; i++) if (read[i] === 0) this.value(members[i * 4 + 2] ?? 0, members[i * 4 + 3] ?? 0);
    }
  }

  private object(node: OutlineNode): Record<string, unknown> {
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
