// Reading one input: bytes → what they start with (detect.ts) → syntax (JSON, YAML or iptables text) → what kind of
// Envoy input it is. Each input is opened once (open.ts), and every position is read from the bytes read then. The result is immutable: the input (name, kind, notes and where its positions are read from),
// and apart from it the parsed documents, which the caller lets go of once it has collected their resources.
import type { InputKind } from './types.js';
import { InputError, type InputNote } from './errors.js';
import { detectStart, HEAD_BYTES, type InputStart } from './detect.js';
import { locateYamlPointers, parseYaml } from './parse-yaml.js';
import { classifyDocument, type InputDocument } from './classify.js';
import { looksLikeArchive } from './archive.js';
import { looksLikeClustersText } from './clusters-text.js';
import { DEFAULT_LARGE_INPUT_BYTES, MAX_STRING_BYTES, positionsOf, readJson, type BytesProgress, type JsonReadOptions, type SourcePositions } from './json/document.js';
import { bufferSource, fdSource, type ByteSource, type FileSource, type Span } from './json/source.js';
import { DEFAULT_MAX_STREAM_BYTES, openOnce, ReadProblem, readOpened } from './open.js';

export type { SourcePositions };

export type Syntax = 'json' | 'yaml' | 'iptables' | 'clusters-text';

interface InputCommon {
  readonly index: number;
  /** The path as the user gave it ('<stdin>' for '-'). */
  readonly file: string;
  readonly bytes: number;
  readonly notes: readonly InputNote[];
  /** Spans of pointers and source lines, from the bytes read (kept, or through the file's open descriptor). */
  readonly positions: SourcePositions;
}

export interface JsonInput extends InputCommon {
  readonly syntax: 'json';
  readonly kind: Exclude<InputKind, 'iptables'>;
}

export interface YamlInput extends InputCommon {
  readonly syntax: 'yaml';
  readonly kind: Exclude<InputKind, 'iptables'>;
}

export interface IptablesTextInput extends InputCommon {
  readonly syntax: 'iptables';
  readonly kind: 'iptables';
  readonly text: string;
}

/** The admin endpoint's /clusters in its text form (what `istioctl bug-report` saves), read beside a dump. */
export interface ClustersTextInput extends InputCommon {
  readonly syntax: 'clusters-text';
  readonly kind: 'admin';
  readonly text: string;
}

export type LoadedInput = JsonInput | YamlInput | IptablesTextInput | ClustersTextInput;

/** One input as read: the input itself, and the proxies' documents in it (none for iptables text). */
export interface ReadInput {
  readonly input: LoadedInput;
  /** The whole input, or one per proxy of an egctl map. */
  readonly documents: readonly InputDocument[];
  /**
   * Checks what collecting the documents did not read (a big input's lazy-list elements) is valid JSON too: call it
   * after collecting. Throws a located InputError.
   */
  checkUnread(): void;
}

/** The size thresholds of reading (see JsonReadOptions); plain data, so that it can cross to a worker thread. */
export type ReadTuning = Pick<JsonReadOptions, 'largeInputBytes' | 'pieceBytes'> & {
  /** How much a pipe or device (stdin, a FIFO) may deliver; default DEFAULT_MAX_STREAM_BYTES. */
  maxStreamBytes?: number;
  /** How many bytes an archive (a bug-report bundle) may expand to; default DEFAULT_MAX_ARCHIVE_BYTES. */
  maxArchiveBytes?: number;
};

export interface ReadOptions extends ReadTuning {
  /** Treat the input as iptables text whatever it looks like (`--iptables FILE`). */
  forceIptables?: boolean;
  /** Where '-' reads from (tests pass a string). */
  stdinText?: () => string;
  /** Told how far reading a big input has got ("scanned 120/605 MB"), for the progress line. */
  onRead?: (file: string, progress: string) => void;
}

/**
 * An input held in memory rather than named by a path: an archive's member (`bundle.tar.gz!/bug-report/...`). Its bytes
 * may sit in a SharedArrayBuffer, so that worker threads see them without a copy.
 */
export interface MemoryInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** What an input is given as: a path (`-` for stdin), or bytes in memory. */
export type InputRef = string | MemoryInput;

export function displayName(ref: InputRef): string {
  if (typeof ref !== 'string') return ref.name;
  return ref === '-' ? '<stdin>' : ref;
}

/** The bytes of an input in memory, as a Buffer over the same memory. */
export function memoryBytes(input: MemoryInput): Buffer {
  return Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
}

/** A problem opening or reading an input, in the words of an input error. */
function inputProblem(file: string, problem: ReadProblem): InputError {
  if (problem.code === 'BINARY') return problem.head && looksLikeArchive(problem.head) ? archiveHere(file) : binaryData(file);
  if (problem.code === 'EISDIR') return new InputError(file, 'is a directory; name the files in it (a config dump, istioctl JSON, a bootstrap or iptables text)');
  return new InputError(file, problem.why);
}

function binaryData(file: string): InputError {
  return new InputError(file, 'binary data, not text: expected a config dump (JSON), istioctl JSON, an Envoy bootstrap (JSON or YAML) or iptables text', 1, 1);
}

/** An archive where one proxy's file was expected: the fleet planner reads bundles, this reader does not. */
function archiveHere(file: string): InputError {
  return new InputError(file, "a tar archive (a bundle such as istioctl bug-report's?): name the archive's file, or the folder it extracts to, on the command line (a pipe cannot be read as a bundle, nor can --iptables)", 1, 1);
}

function skippedNote(file: string, lines: number): InputNote {
  return { file, line: 1, column: 1, message: `skipped ${lines} line(s) of non-JSON text before the JSON (kubectl output?)` };
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0);
}

/** UTF-16 text, as UTF-8 bytes (positions count UTF-16 units either way, so they do not change). */
function fromUtf16(bytes: Buffer, littleEndian: boolean): Buffer {
  const body = Buffer.from(bytes.subarray(2));
  if (!littleEndian) body.swap16();
  return Buffer.from(body.toString('utf16le'), 'utf8');
}

/** Positions in text that is not JSON: source lines only, or YAML's own locator. */
function textPositions(source: ByteSource, locate: (pointers: Iterable<string>) => Map<string, Span> = () => new Map()): SourcePositions {
  return positionsOf(() => source, (_source, pointers) => locate(pointers));
}

const NOTHING_UNREAD = (): void => undefined;

/**
 * The bytes of an input, opened once: kept whole (a small file, a pipe or a device, stdin) or, for a big file,
 * readable window by window through its open descriptor (`file`, to close when the bytes are copied).
 */
interface OpenedSource {
  source: ByteSource;
  file?: FileSource;
  head: Buffer;
}

function openSource(path: InputRef, options: ReadOptions): OpenedSource {
  const file = displayName(path);
  const kept = (bytes: Buffer): OpenedSource => ({ source: bufferSource(bytes, file), head: bytes.subarray(0, HEAD_BYTES) });
  if (typeof path !== 'string') return kept(memoryBytes(path));
  if (path === '-' && options.stdinText) return kept(Buffer.from(options.stdinText()));
  try {
    const opened = openOnce(path, options.maxStreamBytes ?? DEFAULT_MAX_STREAM_BYTES);
    // Below the piecewise threshold the whole text is parsed at once anyway: keep those bytes for positions.
    if (opened.kind === 'stream' || opened.size < (options.largeInputBytes ?? DEFAULT_LARGE_INPUT_BYTES)) return kept(readOpened(opened));
    const source = fdSource(opened.fd, file, opened.size, { owned: opened.owned });
    return { source, file: source, head: Buffer.from(source.read(0, Math.min(opened.size, HEAD_BYTES))) };
  } catch (error) {
    throw error instanceof ReadProblem ? inputProblem(file, error) : error;
  }
}

export function readInput(path: InputRef, index: number, options: ReadOptions = {}): ReadInput {
  const opened = openSource(path, options);
  try {
    return readOpenedInput(displayName(path), opened, index, options);
  } catch (error) {
    // A big file's descriptor stays open only for an input that was read.
    opened.file?.close();
    throw error;
  }
}

function readOpenedInput(file: string, opened: OpenedSource, index: number, options: ReadOptions): ReadInput {
  let source = opened.source;
  const head = opened.head;
  if (source.size === 0) throw new InputError(file, 'empty file: expected a config dump, istioctl JSON, an Envoy bootstrap or iptables text');
  let start: InputStart = detectStart(head);
  if (start.kind === 'utf16') {
    if (source.size > MAX_STRING_BYTES) throw new InputError(file, `too large to read as UTF-16 text (${megabytes(source.size)} MB): save it as UTF-8`);
    const bytes = fromUtf16(source.read(0, source.size), start.littleEndian);
    opened.file?.close();
    source = bufferSource(bytes, file);
    start = detectStart(bytes.subarray(0, HEAD_BYTES));
  }
  if (looksLikeArchive(head)) throw archiveHere(file);
  if (start.kind === 'binary') throw binaryData(file);
  if (start.kind === 'json' && !options.forceIptables) return readJsonInput(source, start, index, options);

  // Text read whole: iptables rules or YAML (both far below V8's string limit in practice).
  if (source.size > MAX_STRING_BYTES) {
    throw new InputError(file, `too large to read as text (${megabytes(source.size)} MB): only JSON inputs can be larger than V8's largest string, 512 MiB (split YAML or iptables input)`);
  }
  const text = source.read('start' in start ? start.start : 0, source.size).toString('utf8');
  // Positions are read from these bytes; a big file's copy of them (in its window) and its descriptor go.
  const textSource = opened.file ? bufferSource(Buffer.from(source.read(0, source.size)), file) : source;
  opened.file?.close();
  if (text.trim() === '') throw new InputError(file, 'only whitespace: expected a config dump, istioctl JSON, an Envoy bootstrap or iptables text');
  const common = { index, file, bytes: source.size, notes: [] };
  if (options.forceIptables || start.kind === 'iptables') {
    return { input: { ...common, syntax: 'iptables', kind: 'iptables', text, positions: textPositions(textSource) }, documents: [], checkUnread: NOTHING_UNREAD };
  }
  if (looksLikeClustersText(text)) {
    return { input: { ...common, syntax: 'clusters-text', kind: 'admin', text, positions: textPositions(textSource) }, documents: [], checkUnread: NOTHING_UNREAD };
  }
  if (text.trimStart().startsWith('<')) throw new InputError(file, 'looks like HTML (an error page saved as the dump?), not Envoy config', 1, 1);
  const yaml = parseYaml(text, file);
  if (typeof yaml.data !== 'object' || yaml.data === null) {
    throw new InputError(file, 'not recognised: expected a config dump (JSON), istioctl JSON, an Envoy bootstrap (JSON or YAML) or iptables text', 1, 1);
  }
  const { kind, documents } = classifyDocument(yaml.data, file);
  const positions = textPositions(textSource, (pointers) => locateYamlPointers(yaml, pointers));
  return { input: { ...common, syntax: 'yaml', kind, positions }, documents, checkUnread: NOTHING_UNREAD };
}

function readJsonInput(source: ByteSource, at: { start: number; skippedLines: number }, index: number, options: ReadOptions): ReadInput {
  const file = source.file;
  const onRead = options.onRead;
  const onBytes: BytesProgress | undefined = onRead ? (phase, bytes) => onRead(file, `${phase} ${megabytes(bytes)}/${megabytes(source.size)} MB`) : undefined;
  const json = readJson(source, at, { ...(options.largeInputBytes !== undefined ? { largeInputBytes: options.largeInputBytes } : {}), ...(options.pieceBytes !== undefined ? { pieceBytes: options.pieceBytes } : {}), ...(onBytes ? { onBytes } : {}) });
  const { kind, documents } = classifyDocument(json.root, file);
  const notes = at.skippedLines > 0 ? [skippedNote(file, at.skippedLines)] : [];
  return { input: { index, file, bytes: source.size, notes, syntax: 'json', kind, positions: json.positions }, documents, checkUnread: () => json.checkUnread() };
}

/** Where a finding or hop sits: a pointer into an input, or a line (and column) the loader already knows. */
interface PointerOrigin {
  input: number;
  pointer: string;
  line?: number;
  column?: number;
}

/** The span of each origin, or undefined for an origin of an input that could not be read again. */
export type SpanOf = (origin: PointerOrigin) => Span | undefined;

/**
 * The span of every origin, found with one pass over each input: a pointer's value (see SourcePositions.locate), or
 * for an origin that carries its line (iptables, notes about the text) the rest of that line from its column. An input
 * that can no longer be read is told to `onInputError` and its origins get no span; without that callback its error
 * is thrown.
 */
export function locateOrigins(inputs: readonly LoadedInput[], origins: Iterable<PointerOrigin>, onInputError?: (error: InputError) => void): SpanOf {
  const pointersByInput = new Map<number, Set<string>>();
  const linesByInput = new Map<number, Set<number>>();
  const add = <T>(groups: Map<number, Set<T>>, input: number, value: T): void => {
    const set = groups.get(input);
    if (set) set.add(value);
    else groups.set(input, new Set([value]));
  };
  for (const origin of origins) {
    if (origin.line !== undefined) add(linesByInput, origin.input, origin.line);
    else add(pointersByInput, origin.input, origin.pointer);
  }
  const positions = new Map<number, Map<string, Span>>();
  const lineTextsByInput = new Map<number, Map<number, string>>();
  const guarded = (index: number, read: (input: LoadedInput) => void): void => {
    const input = inputs[index];
    if (!input) return;
    try {
      read(input);
    } catch (error) {
      if (!(error instanceof InputError) || !onInputError) throw error;
      onInputError(error);
    }
  };
  for (const [index, pointers] of pointersByInput) guarded(index, (input) => positions.set(index, input.positions.locate(pointers)));
  for (const [index, lines] of linesByInput) guarded(index, (input) => lineTextsByInput.set(index, input.positions.lineTexts(lines)));
  return (origin) => {
    if (origin.line === undefined) return positions.get(origin.input)?.get(origin.pointer);
    const text = lineTextsByInput.get(origin.input)?.get(origin.line);
    const column = origin.column ?? 1;
    return { line: origin.line, column, endLine: origin.line, endColumn: Math.max(column, (text?.length ?? column - 1) + 1) };
  };
}
