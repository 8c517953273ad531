// Reading one input: bytes → text → syntax (JSON, YAML or iptables text) → what kind of Envoy input it is.
import fs from 'node:fs';
import type { InputKind } from './types.js';
import { InputError, type InputNote } from './errors.js';
import { locateInSkeleton, locateJsonPointers, type Span } from './json-positions.js';
import { parseJson } from './parse-json.js';
import { locateYamlPointers, parseYaml, type ParsedYaml } from './parse-yaml.js';
import { classifyDocument, type InputDocument } from './classify.js';
import { LARGE_INPUT_BYTES, parseJsonSource } from './parse-json-large.js';
import { bufferSource, fileSource, lineTexts, type ByteSource } from './byte-source.js';
import type { JsonSkeleton } from './json-skeleton.js';

import { looksLikeIptables } from './iptables/index.js';

export type Syntax = 'json' | 'yaml' | 'iptables';

export interface LoadedInput {
  index: number;
  /** The path as the user gave it ('<stdin>' for '-'). */
  file: string;
  bytes: number;
  text: string;
  syntax: Syntax;
  kind: InputKind;
  /** The parsed document (JSON or YAML); undefined for iptables text. */
  data: unknown;
  /** The proxies' documents in it: the whole input, or one per proxy of an egctl map; none for iptables text. */
  documents: InputDocument[];
  /**
   * The bytes positions and source lines are read from. For a plain UTF-8 JSON file they are not kept after parsing
   * (then `text` is '' too): `loadContent` reads the file again when a finding needs a position, so the parse tree and
   * a copy of the text are never held at once. Otherwise they come from `text`, once.
   */
  content?: Buffer;
  loadContent?: () => Buffer;
  /**
   * For inputs parsed piecewise: where their bytes are read from (the file itself, window by window; stdin is kept)
   * and the outline of their big containers, which positions are found through.
   */
  source?: ByteSource;
  skeleton?: JsonSkeleton;
  /** For lazily read inputs: checks that what the loader did not read is valid JSON too (run after collecting). */
  checkUnread?: () => void;
  /** Set when a lazily read input turned out to be damaged: it is an input error, not part of the proxy or report. */
  failed?: boolean;
  /** The text source lines are shown from, when it is not `text` (lines of kubectl noise blanked there for parsing). */
  shownText?: string;
  notes: InputNote[];
  yaml?: ParsedYaml;
}

export interface ReadOptions {
  /** Treat the input as iptables text whatever it looks like (`--iptables FILE`). */
  forceIptables?: boolean;
  /** Where '-' reads from (tests pass a string). */
  stdinText?: () => string;
  /** Told how far reading a big input has got ("scanned 120/605 MB"), for the progress line. */
  onRead?: (file: string, progress: string) => void;
}

export function displayName(path: string): string {
  return path === '-' ? '<stdin>' : path;
}

function statFile(path: string): fs.Stats {
  const file = displayName(path);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : `cannot read: ${code ?? String(error)}`);
  }
  if (stat.isDirectory()) throw new InputError(file, 'is a directory; name the files in it (a config dump, istioctl JSON, a bootstrap or iptables text)');
  return stat;
}

function readFile(path: string, file: string, length?: number): Buffer {
  try {
    if (length !== undefined) {
      const fd = fs.openSync(path, 'r');
      try {
        const head = Buffer.alloc(length);
        return head.subarray(0, fs.readSync(fd, head, 0, length, 0));
      } finally {
        fs.closeSync(fd);
      }
    }
    return fs.readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'EACCES' ? 'permission denied' : `cannot read: ${code ?? String(error)}`);
  }
}

/** Whether the start of an input is binary data rather than text (NULs, or many other control characters). */
function looksBinary(sample: string): boolean {
  // eslint-disable-next-line no-control-regex
  const controls = sample.match(/[\u0000-\u0008\u000e-\u001f]/g)?.length ?? 0;
  return sample.includes('\u0000') || controls > sample.length / 20;
}

function binaryData(file: string): InputError {
  return new InputError(file, 'binary data, not text: expected a config dump (JSON), istioctl JSON, an Envoy bootstrap (JSON or YAML) or iptables text', 1, 1);
}

/** V8's largest string, in characters; a UTF-8 text up to this many bytes always fits. */
const MAX_STRING_BYTES = 0x1fffffe8;

function decodeText(bytes: Buffer, file: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const little = bytes[0] === 0xff;
    const body = bytes.subarray(2);
    if (little) return body.toString('utf16le');
    const swapped = Buffer.from(body);
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (bytes.length > MAX_STRING_BYTES) {
    throw new InputError(file, `too large to read as text (${megabytes(bytes.length)} MB): only JSON inputs can be larger than V8's largest string, 512 MiB (split YAML or iptables input)`);
  }
  const text = bytes.toString('utf8');
  if (looksBinary(text.slice(0, 4096))) throw binaryData(file);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** At most this many lines of other text before the JSON are skipped (`kubectl exec` noise). */
const MAX_NOISE_LINES = 5;

/**
 * `kubectl exec` can prefix the JSON with lines such as `Defaulted container "istio-proxy" out of: ...`.
 * When the text does not start with JSON but a later line does, skip to it and say so.
 */
function skipLeadingNoise(text: string, file: string, notes: InputNote[]): { text: string; skippedLines: number } {
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') return { text, skippedLines: 0 };
  const match = /^[ \t]*[{[]/m.exec(text);
  if (!match || match.index === 0) return { text, skippedLines: 0 };
  const prefix = text.slice(0, match.index);
  const skippedLines = prefix.split('\n').length - 1;
  if (skippedLines > MAX_NOISE_LINES) return { text, skippedLines: 0 };
  notes.push(skippedNote(file, skippedLines));
  // Keep line numbers true: blank the skipped lines instead of removing them.
  return { text: prefix.replace(/[^\n]/g, ' ') + text.slice(match.index), skippedLines };
}

function skippedNote(file: string, lines: number): InputNote {
  return { file, line: 1, column: 1, message: `skipped ${lines} line(s) of non-JSON text before the JSON (kubectl output?)` };
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0);
}

/**
 * A big JSON input, parsed piece by piece (beyond V8's largest string, and well before it to keep memory down). A
 * file is read window by window and never held whole; stdin is kept, as it cannot be read again.
 */
function readLarge(source: ByteSource, index: number, at: { start: number; skippedLines: number }, options: ReadOptions): LoadedInput {
  const onRead = options.onRead;
  const onBytes = onRead ? (phase: string, bytes: number) => onRead(source.file, `${phase} ${megabytes(bytes)}/${megabytes(source.size)} MB`) : undefined;
  const { data, skeleton, checkUnread } = parseJsonSource(source, at.start, undefined, true, onBytes);
  const file = source.file;
  const notes: InputNote[] = at.skippedLines > 0 ? [skippedNote(file, at.skippedLines)] : [];
  return { index, file, bytes: source.size, notes, text: '', source, skeleton, checkUnread, syntax: 'json', ...classifyDocument(data, file), data };
}

export function readInput(path: string, index: number, options: ReadOptions = {}): LoadedInput {
  const file = displayName(path);
  if (path !== '-') {
    const { size } = statFile(path);
    const at = size >= LARGE_INPUT_BYTES && !options.forceIptables ? jsonStart(readFile(path, file, 4096), file) : undefined;
    if (at) return readLarge(fileSource(path, file, size), index, at, options);
  }
  const bytes = path === '-' ? Buffer.from(options.stdinText ? options.stdinText() : fs.readFileSync(0)) : readFile(path, file);
  if (bytes.length === 0) throw new InputError(file, 'empty file: expected a config dump, istioctl JSON, an Envoy bootstrap or iptables text');
  const at = bytes.length >= LARGE_INPUT_BYTES && !options.forceIptables ? jsonStart(bytes.subarray(0, 4096), file) : undefined;
  if (at) return readLarge(bufferSource(bytes, file), index, at, options);
  const decoded = decodeText(bytes, file);
  if (decoded.trim() === '') throw new InputError(file, 'only whitespace: expected a config dump, istioctl JSON, an Envoy bootstrap or iptables text');
  const notes: InputNote[] = [];
  const base = { index, file, bytes: bytes.length, notes };

  if (options.forceIptables || looksLikeIptables(decoded)) {
    return { ...base, text: decoded, syntax: 'iptables', kind: 'iptables', data: undefined, documents: [] };
  }
  const { text } = skipLeadingNoise(decoded, file, notes);
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    const data = parseJson(text, file);
    // The text is the file's bytes as they are (no BOM, no skipped lines, UTF-8): let it go after parsing.
    const plain = text === decoded && bytes[0] !== 0xef && bytes[0] !== 0xff && bytes[0] !== 0xfe;
    // Skipped lines are blanked in `text` (for positions) but shown as they were (the note about them points there).
    const shown = text !== decoded ? { shownText: decoded } : {};
    return { ...base, ...(plain ? { text: '', ...reloadable(path, bytes) } : { text, ...shown }), syntax: 'json', ...classifyDocument(data, file), data };
  }
  if (start === '<') throw new InputError(file, 'looks like HTML (an error page saved as the dump?), not Envoy config', 1, 1);
  const yaml = parseYaml(text, file);
  if (typeof yaml.data !== 'object' || yaml.data === null) {
    throw new InputError(file, 'not recognised: expected a config dump (JSON), istioctl JSON, an Envoy bootstrap (JSON or YAML) or iptables text', 1, 1);
  }
  return { ...base, text, syntax: 'yaml', ...classifyDocument(yaml.data, file), data: yaml.data, yaml };
}

/** How to get the bytes back later: read the file again (stdin has no file: keep them). */
function reloadable(path: string, bytes: Buffer): Pick<LoadedInput, 'content' | 'loadContent'> {
  if (path === '-') return { content: bytes };
  return { loadContent: () => fs.readFileSync(path) };
}

/** The bytes positions and source lines come from (read or made once, then kept). */
export function sourceBytes(input: LoadedInput): Buffer {
  input.content ??= input.loadContent ? input.loadContent() : Buffer.from(input.text, 'utf8');
  return input.content;
}

/** Whether the first non-blank byte (after a UTF-8 BOM) opens a JSON object or array. */
/**
 * Where the JSON starts in a big input's first bytes, by the same rules as the whole-text path: after a UTF-8 BOM and
 * blank space, or else on the first line that starts with '{' or '[' after at most MAX_NOISE_LINES lines of other
 * text (`kubectl exec` noise; see skipLeadingNoise). Undefined when the input is not JSON: iptables text (whose
 * `iptables-save -c` lines start with '['), UTF-16 text (decoded whole), anything else.
 */
function jsonStart(head: Buffer, file: string): { start: number; skippedLines: number } | undefined {
  // UTF-16 text (PowerShell's `>` writes it) is decoded whole, on the normal path.
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return undefined;
  const text = head.toString('utf8');
  if (looksBinary(text)) throw binaryData(file);
  if (looksLikeIptables(text)) return undefined;
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let i = bom;
  while (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d) i++;
  if (head[i] === 0x7b || head[i] === 0x5b) return { start: bom, skippedLines: 0 };
  let lineStart = bom;
  for (let skippedLines = 0; skippedLines <= MAX_NOISE_LINES; skippedLines++) {
    let j = lineStart;
    while (head[j] === 0x20 || head[j] === 0x09) j++;
    if (head[j] === 0x7b || head[j] === 0x5b) return { start: lineStart, skippedLines };
    const newline = head.indexOf(0x0a, lineStart);
    if (newline === -1) return undefined;
    lineStart = newline + 1;
  }
  return undefined;
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
 * The span of every origin, found with one pass over each input: a pointer's value (see locatePointers), or for an
 * origin that carries its line (iptables, notes about the text) the rest of that line from its column. An input that
 * can no longer be read is told to `onInputError` and its origins get no span; without that callback its error is
 * thrown.
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
  const lineTexts = new Map<number, Map<number, string>>();
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
  for (const [index, pointers] of pointersByInput) guarded(index, (input) => positions.set(index, locatePointers(input, pointers)));
  for (const [index, lines] of linesByInput) guarded(index, (input) => lineTexts.set(index, inputLineTexts(input, lines)));
  return (origin) => {
    if (origin.line === undefined) return positions.get(origin.input)?.get(origin.pointer);
    const text = lineTexts.get(origin.input)?.get(origin.line);
    const column = origin.column ?? 1;
    return { line: origin.line, column, endLine: origin.line, endColumn: Math.max(column, (text?.length ?? column - 1) + 1) };
  };
}

/** The span of each pointer's value in the input (one pass over the text). */
export function locatePointers(input: LoadedInput, pointers: Iterable<string>): Map<string, Span> {
  if (input.syntax === 'yaml' && input.yaml) return locateYamlPointers(input.yaml, pointers);
  if (input.source && input.skeleton) return locateInSkeleton(input.source, input.skeleton, pointers);
  if (input.syntax === 'json') return locateJsonPointers(sourceBytes(input), pointers);
  return new Map();
}

/** The text of each asked 1-based line of the input, without its line break (lines past the end left out). */
export function inputLineTexts(input: LoadedInput, lines: Iterable<number>): Map<number, string> {
  const shown = input.shownText !== undefined ? Buffer.from(input.shownText, 'utf8') : undefined;
  return lineTexts(input.source ?? bufferSource(shown ?? sourceBytes(input), input.file), lines);
}
