// Opening a file once: a regular file is handed back open (its caller reads it through that descriptor and nothing
// else), while anything else — a FIFO, `/dev/stdin` or `-` on a pipe, `<(…)`, a character device, a socket — can
// only be read once, front to back: it is read to its end here, into one Buffer, with a bound, and refused as soon as
// its first bytes are binary (`/dev/zero` and `/dev/urandom` never end). Used for inputs, config files and baselines.
import fs from 'node:fs';
import { looksBinaryStart } from './detect.js';

/** How much a pipe or device may deliver by default: a bound on memory for something that need never end. */
export const DEFAULT_MAX_STREAM_BYTES = 1 << 30;

/** Why a file could not be read: an errno code, or BINARY or TOO_LARGE; `why` is the few words to print. */
export class ReadProblem extends Error {
  override name = 'ReadProblem';
  constructor(
    readonly code: string,
    readonly why: string,
    /** For BINARY: the first bytes, so the caller can say what they are (an archive?). */
    readonly head?: Buffer,
  ) {
    super(why);
  }
}

export type Opened =
  /** A regular file, open; `owned` is false for stdin, which is not ours to close. */
  | { kind: 'file'; fd: number; size: number; owned: boolean }
  /** Everything a pipe or device delivered. */
  | { kind: 'stream'; bytes: Buffer };

function problem(error: unknown): ReadProblem {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : `cannot read: ${code}`;
  return new ReadProblem(code, why);
}

export function tooLarge(maxBytes: number): ReadProblem {
  const size = maxBytes % (1 << 20) === 0 ? `${maxBytes / (1 << 20)} MiB` : `${maxBytes} bytes`;
  return new ReadProblem('TOO_LARGE', `more than ${size} from a pipe or device: save it to a file and give that`);
}

/** Opens `path` (`-`: stdin) once. A directory is EISDIR; a pipe or device is read whole (see readStream). */
export function openOnce(path: string, maxStreamBytes = DEFAULT_MAX_STREAM_BYTES): Opened {
  const owned = path !== '-';
  let fd: number;
  let stat: fs.Stats;
  try {
    fd = owned ? fs.openSync(path, 'r') : 0;
  } catch (error) {
    throw problem(error);
  }
  let keep = false;
  try {
    stat = fs.fstatSync(fd);
    if (stat.isDirectory()) throw new ReadProblem('EISDIR', 'is a directory');
    if (stat.isFile()) {
      keep = true;
      return { kind: 'file', fd, size: stat.size, owned };
    }
    return { kind: 'stream', bytes: readStream(fd, maxStreamBytes) };
  } catch (error) {
    throw error instanceof ReadProblem ? error : problem(error);
  } finally {
    if (owned && !keep) fs.closeSync(fd);
  }
}

/** The whole of an opened file (closing it when it is ours). */
export function readOpened(opened: Opened): Buffer {
  if (opened.kind === 'stream') return opened.bytes;
  try {
    return readFully(opened.fd, opened.size);
  } finally {
    if (opened.owned) fs.closeSync(opened.fd);
  }
}

/**
 * A whole text file (a config, a baseline, a log, route tests), opened once: a pipe or device within
 * `maxStreamBytes`, binary data refused (BINARY), a regular file larger than `maxFileBytes` refused unread
 * (FILE_TOO_LARGE). Throws a ReadProblem.
 */
export function readTextOnce(path: string, maxStreamBytes = DEFAULT_MAX_STREAM_BYTES, maxFileBytes = Infinity): string {
  const opened = openOnce(path, maxStreamBytes);
  if (opened.kind === 'file' && opened.size > maxFileBytes) {
    if (opened.owned) fs.closeSync(opened.fd);
    throw new ReadProblem('FILE_TOO_LARGE', `larger than ${maxFileBytes} bytes`);
  }
  const bytes = readOpened(opened);
  if (looksBinaryStart(bytes)) throw new ReadProblem('BINARY', 'binary data, not text');
  return bytes.toString('utf8');
}

/** `size` bytes from the start of a regular file; fewer if it shrank meanwhile. */
export function readFully(fd: number, size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  let done = 0;
  try {
    while (done < size) {
      const n = fs.readSync(fd, bytes, done, size - done, done);
      if (n === 0) break;
      done += n;
    }
  } catch (error) {
    throw problem(error);
  }
  return done === size ? bytes : bytes.subarray(0, done);
}

/** Reads of a stream are made this large; the sample checked for binary data is this long too. */
const STREAM_READ_BYTES = 64 * 1024;
const BINARY_SAMPLE_BYTES = 8 * 1024;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** One read at the stream's position, waiting out EAGAIN (a non-blocking stdin). */
function readSome(fd: number, target: Buffer, offset: number, length: number): number {
  for (;;) {
    try {
      return fs.readSync(fd, target, offset, length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK') throw error;
      Atomics.wait(sleeper, 0, 0, 10);
    }
  }
}

/**
 * Everything the stream `fd` delivers until its end. Throws a ReadProblem: TOO_LARGE past `maxBytes`, BINARY when
 * its first kilobytes are binary data (so an endless device stops at once).
 */
export function readStream(fd: number, maxBytes: number): Buffer {
  let buf = Buffer.allocUnsafe(Math.min(STREAM_READ_BYTES, maxBytes + 1));
  let length = 0;
  let sampled = false;
  for (;;) {
    if (length === buf.length) {
      // Capped one byte past the bound: a stream that fills that has gone past it.
      const grown = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
      buf.copy(grown, 0, 0, length);
      buf = grown;
    }
    const n = readSome(fd, buf, length, Math.min(buf.length - length, STREAM_READ_BYTES * 16));
    if (n === 0) break;
    length += n;
    if (!sampled && length >= BINARY_SAMPLE_BYTES) {
      sampled = true;
      if (looksBinaryStart(buf.subarray(0, length))) throw new ReadProblem('BINARY', 'binary data, not text', buf.subarray(0, length));
    }
    if (length > maxBytes) throw tooLarge(maxBytes);
  }
  if (!sampled && looksBinaryStart(buf.subarray(0, length))) throw new ReadProblem('BINARY', 'binary data, not text', buf.subarray(0, length));
  // Give back a mostly empty buffer: the bytes may be kept for the whole run.
  return length < buf.length * 0.75 ? Buffer.from(buf.subarray(0, length)) : buf.subarray(0, length);
}
