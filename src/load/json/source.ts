// Random and sequential access to an input's bytes without holding them all: a big file is read window by window
// through the one descriptor it was opened with (kept open for the run, closed when the source is collected), while
// a small file and anything read from a pipe are kept as one Buffer. Also the two position helpers that work over
// such a source in one pass: byte offset → line and UTF-16 column, and line number → line text.
import fs from 'node:fs';
import { InputError } from '../errors.js';

export interface ByteSource {
  /** The name used in errors. */
  readonly file: string;
  readonly size: number;
  /** Bytes [start, end): a view that is only valid until the next call on this source. */
  read(start: number, end: number): Buffer;
  /**
   * Calls `visit` with consecutive chunks covering [start, end), each a view valid during the call only; a visit
   * that returns false stops the walk. Given `into`, every chunk is handed over in the buffer `into(length)` returns
   * (the scanner's memory, say): a file's is read straight into it, a kept Buffer's copied there.
   */
  forEachChunk(start: number, end: number, visit: (chunk: Buffer, offset: number) => boolean | void, into?: (length: number) => Buffer): void;
}

/** Reads are served from a window of at least this many bytes, so reading resources in order costs few syscalls. */
const WINDOW_BYTES = 1 << 20;
/** Sequential passes read this much at a time (tests pass tiny sizes to put chunk edges everywhere). */
const CHUNK_BYTES = 4 << 20;

export function bufferSource(buf: Buffer, file: string, chunkBytes = CHUNK_BYTES): ByteSource {
  return {
    file,
    size: buf.length,
    read: (start, end) => buf.subarray(start, end),
    forEachChunk(start, end, visit, into) {
      for (let offset = start; offset < end; offset += chunkBytes) {
        const chunk = buf.subarray(offset, Math.min(offset + chunkBytes, end));
        let given = chunk;
        if (into) {
          given = into(chunk.length).subarray(0, chunk.length);
          given.set(chunk);
        }
        if (visit(given, offset) === false) return;
      }
    },
  };
}

/** A byte source over an open file, which it can close (it also closes when collected). */
export interface FileSource extends ByteSource {
  close(): void;
}

/** Closes the descriptor of a file source nobody closed once the source is garbage. */
const unclosed = new FinalizationRegistry<number>((fd) => {
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed: nothing to do.
  }
});

/**
 * The file open at `fd`, of `size` bytes, read with positioned reads. Every read first checks that the file still
 * has the size and modification time it had when the source was made: a dump rewritten while it is linted (a refresh
 * loop) is an InputError, never positions or lines from other bytes. `owned`: close the descriptor with the source.
 */
export function fdSource(fd: number, file: string, size: number, options: { chunkBytes?: number; owned?: boolean } = {}): FileSource {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const owned = options.owned ?? true;
  const { mtimeMs } = fs.fstatSync(fd);
  let window = Buffer.alloc(0);
  let windowStart = 0;
  let scratch: Buffer | undefined;
  let closed = false;
  const unchanged = (): void => {
    if (closed) throw new InputError(file, 'read after the input was closed');
    const now = fs.fstatSync(fd);
    if (now.size < size) throw new InputError(file, `the file shrank while being read (${size} bytes expected)`);
    if (now.size !== size || now.mtimeMs !== mtimeMs) throw new InputError(file, 'the file changed while being read: lint a copy that nothing writes to');
  };
  /** Reads up to `length` bytes at `position`, at least `need` of them; returns how many were read. */
  const readAt = (target: Buffer, length: number, position: number, need = length): number => {
    unchanged();
    let done = 0;
    while (done < length) {
      const n = fs.readSync(fd, target, done, length - done, position + done);
      if (n === 0) {
        if (done >= need) break;
        throw new InputError(file, `the file shrank while being read (${size} bytes expected)`);
      }
      done += n;
    }
    return done;
  };
  const source: FileSource = {
    file,
    size,
    read(start, end) {
      if (start >= windowStart && end <= windowStart + window.length) return window.subarray(start - windowStart, end - windowStart);
      const length = Math.min(Math.max(end - start, WINDOW_BYTES), size - start);
      const target = window.length < length || window.length > 4 * Math.max(length, WINDOW_BYTES) ? Buffer.allocUnsafe(length) : window;
      window = Buffer.alloc(0); // a read that fails leaves no stale window behind
      const got = readAt(target, length, start, end - start);
      windowStart = start;
      window = target.subarray(0, got);
      return window.subarray(0, end - start);
    },
    forEachChunk(start, end, visit, into) {
      let target = into;
      if (!target) {
        // No bigger than the walk: a small file's walk should not allocate a whole chunk.
        if (!scratch || scratch.length < Math.min(chunkBytes, end - start)) scratch = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(end - start, 1)));
        const own = scratch;
        target = () => own;
      }
      for (let offset = start; offset < end; offset += chunkBytes) {
        const length = Math.min(chunkBytes, end - offset);
        const chunk = target(length);
        readAt(chunk, length, offset);
        if (visit(chunk.subarray(0, length), offset) === false) return;
      }
    },
    close() {
      if (closed) return;
      closed = true;
      window = Buffer.alloc(0);
      if (!owned) return;
      unclosed.unregister(source);
      fs.closeSync(fd);
    },
  };
  if (owned) unclosed.register(source, fd, source);
  return source;
}

/** A file source over the file at `path`, opened once now. */
export function fileSource(path: string, file: string, size: number, chunkBytes = CHUNK_BYTES): FileSource {
  return fdSource(fs.openSync(path, 'r'), file, size, { chunkBytes });
}

export interface LineColumn {
  line: number;
  column: number;
}

/** A line and column, with the byte offset its line starts at (so that the line's text is read without a pass). */
export interface LinePosition extends LineColumn {
  lineStart: number;
}

/** Where a value is: its first character, and the position just after its last one (1-based, end exclusive). */
export interface Span extends LineColumn {
  endLine: number;
  endColumn: number;
}

function startsWithBom(source: ByteSource): boolean {
  if (source.size < 3) return false;
  const head = source.read(0, 3);
  return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
}

/** UTF-16 code units encoded by a run of UTF-8 bytes: one per lead byte, two for 4-byte sequences. */
export function utf16Units(chunk: Buffer, start: number, end: number): number {
  let units = 0;
  for (let i = start; i < end; i++) {
    const b = chunk[i] ?? 0;
    if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
  }
  return units;
}

/**
 * 1-based line and UTF-16 column of each byte offset, in one pass over the source (newlines found by the native
 * indexOf; columns counted only between a line's start and the offsets on it, so a one-line minified dump costs one
 * pass too).
 */
export function lineColumnsAt(source: ByteSource, offsets: Iterable<number>): Map<number, LinePosition> {
  const sorted = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map<number, LinePosition>();
  if (sorted.length === 0) return out;
  let line = 1;
  let column = 1; // column of `cursor`
  // A UTF-8 byte order mark is not a character of the text: columns on line 1 start after it.
  let cursor = startsWithBom(source) ? 3 : 0; // bytes before it are accounted for
  let lineStart = cursor;
  let next = 0;
  for (; next < sorted.length && (sorted[next] ?? 0) < cursor; next++) out.set(sorted[next] ?? 0, { line: 1, column: 1, lineStart });
  if (next >= sorted.length) return out;
  const last = Math.min(sorted[sorted.length - 1] ?? 0, source.size);
  source.forEachChunk(cursor, Math.min(source.size, last + 1), (chunk, offset) => {
    const end = offset + chunk.length;
    // The next newline in this chunk, found again only once the cursor passes it (one pass even on one long line).
    let newline = chunk.indexOf(0x0a, cursor - offset);
    while (cursor < end) {
      const target = sorted[next];
      const stop = target === undefined ? end : Math.min(target, end);
      if (newline !== -1 && newline + offset < cursor) newline = chunk.indexOf(0x0a, cursor - offset);
      if (newline !== -1 && newline + offset < stop) {
        line++;
        column = 1;
        cursor = newline + offset + 1;
        lineStart = cursor;
        continue;
      }
      column += utf16Units(chunk, cursor - offset, stop - offset);
      cursor = stop;
      if (target !== undefined && cursor === target) {
        out.set(target, { line, column, lineStart });
        next++;
        if (next >= sorted.length) return false;
      }
    }
    return true;
  });
  // Offsets at or past the end (a truncated input) sit where the text stops.
  for (; next < sorted.length; next++) out.set(sorted[next] ?? 0, { line, column, lineStart });
  return out;
}

/**
 * Lines longer than this are not returned: they are minified dumps (a 600 MB one would not even fit in a string),
 * and a report shows the finding without its source line rather than carry megabytes to print 120 columns.
 */
export const MAX_SHOWN_LINE_BYTES = 1 << 20;

/**
 * The text of each asked 1-based line, without its line break, in one pass; lines past the end, and lines longer than
 * MAX_SHOWN_LINE_BYTES, are left out.
 */
export function lineTexts(source: ByteSource, lines: Iterable<number>, knownStarts?: ReadonlyMap<number, number>): Map<number, string> {
  const wanted = [...new Set(lines)].filter((l) => l >= 1).sort((a, b) => a - b);
  const out = new Map<number, string>();
  if (wanted.length === 0) return out;
  // The lines whose findings were just located: read from where each starts, with no pass over the lines before.
  if (knownStarts && wanted.every((l) => knownStarts.has(l))) {
    for (const l of wanted) {
      const text = lineFrom(source, knownStarts.get(l) ?? 0);
      if (text !== undefined) out.set(l, text);
    }
    return out;
  }
  let line = 1;
  let next = 0;
  let collecting: Buffer[] | undefined = wanted[0] === 1 ? [] : undefined;
  let collected = 0;
  let tooLong = false;
  const finish = (): void => {
    if (!collecting) return;
    if (!tooLong) out.set(line, Buffer.concat(collecting).toString('utf8').replace(/\r$/, ''));
    collecting = undefined;
    collected = 0;
    tooLong = false;
    next++;
  };
  let done = false;
  source.forEachChunk(startsWithBom(source) ? 3 : 0, source.size, (chunk) => {
    let i = 0;
    while (i < chunk.length) {
      const newline = chunk.indexOf(0x0a, i);
      const stop = newline === -1 ? chunk.length : newline;
      if (collecting && !tooLong) {
        collected += stop - i;
        if (collected > MAX_SHOWN_LINE_BYTES) {
          tooLong = true;
          collecting.length = 0;
        } else collecting.push(Buffer.from(chunk.subarray(i, stop)));
      }
      if (newline === -1) return true;
      finish();
      line++;
      if (next >= wanted.length) {
        done = true;
        return false;
      }
      if (wanted[next] === line) collecting = [];
      i = newline + 1;
    }
    return true;
  });
  if (!done) finish();
  return out;
}

/** The text of the line starting at byte `start`, as lineTexts gives it (undefined for a line too long to show). */
function lineFrom(source: ByteSource, start: number): string | undefined {
  const end = Math.min(source.size, start + MAX_SHOWN_LINE_BYTES + 1);
  const bytes = source.read(start, end);
  const newline = bytes.indexOf(0x0a);
  if (newline === -1 && end < source.size) return undefined;
  return bytes.toString('utf8', 0, newline === -1 ? bytes.length : newline).replace(/\r$/, '');
}
