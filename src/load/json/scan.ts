// The byte-level JSON scanner every reader of JSON bytes uses: what counts as space and as the end of a literal, where
// a string closes (found with the native indexOf), where a value ends (counting the line breaks it steps over). The
// outline pass (outline.ts) and the pointer locator (locate.ts) both scan with these, so they agree on every byte.
//
// Skipping a whole object or array is most of a locator's work (everything before a pointer, and after it in the
// objects around it, since JSON.parse keeps the last of duplicate keys). For bytes copied into the scanner's
// WebAssembly memory (inScanMemory), valueEnd skips containers there, 16 bytes at a time (scan.wat): about six
// times faster than the byte loop below, with the same rules (test/fuzz/scan-wasm.test.ts holds the two equal).
import { SCAN_WASM } from '../../generated/scan-wasm.js';

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Strings up to about this many bytes are scanned byte by byte; longer ones by indexOf from there. */
const SHORT_STRING = 48;

export function isJsonSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** What ends a literal (number, true, false, null): structure, space, or the start of a string or container. */
export function isLiteralEnd(byte: number | undefined): boolean {
  return byte === 0x2c || byte === 0x7d || byte === 0x5d || byte === 0x3a || byte === QUOTE || byte === 0x7b || byte === 0x5b || isJsonSpace(byte);
}

/**
 * The line breaks skipSpace and valueEnd have stepped over since the locator last reset it: how many, and the offset
 * just past the last one. The locator reads lines off it as it scans, instead of counting them in a second pass. In
 * JSON that parsed, strings hold no raw line break, so the breaks between values are all there are.
 */
export const lineBreaks = { count: 0, after: 0 };

export function skipSpace(buf: Uint8Array, i: number, end: number): number {
  for (; i < end; i++) {
    const b = buf[i];
    if (b === 0x0a) {
      lineBreaks.count++;
      lineBreaks.after = i + 1;
    } else if (b !== 0x20 && b !== 0x0d && b !== 0x09) break;
  }
  return i;
}

/**
 * Index of the first unescaped quote in buf[from, end), or -1. `escaped` says the byte at `from` is escaped (the
 * string's previous chunk ended in an odd run of backslashes).
 */
export function closingQuote(buf: Buffer, from: number, end: number, escaped = false): number {
  // The escaped byte itself is content, whatever it is (a quote, or a backslash that starts no run).
  const first = escaped ? from + 1 : from;
  // Most strings (keys, names) are short: a plain loop finds their end faster than a call to the native indexOf,
  // which pays off only over longer runs.
  const near = Math.min(end, first + SHORT_STRING);
  for (let i = first; i < near; i++) {
    const b = buf[i];
    if (b === BACKSLASH) i++;
    else if (b === QUOTE) return i;
  }
  if (near >= end) return -1;
  for (let i = near; ; ) {
    const q = buf.indexOf(QUOTE, i);
    if (q === -1 || q >= end) return -1;
    let backslashes = 0;
    for (let j = q - 1; j >= first && buf[j] === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return q;
    i = q + 1;
  }
}

/** Whether buf[from, end) ends in an odd run of backslashes (the next byte, in the next chunk, is escaped). */
export function endsInEscape(buf: Uint8Array, from: number, end: number): boolean {
  let run = 0;
  for (let j = end - 1; j >= from && buf[j] === BACKSLASH; j--) run++;
  return run % 2 === 1;
}

/** Index of the quote closing the string whose opening quote is at `start` (or `end` if unterminated). */
export function stringEnd(buf: Buffer, start: number, end: number): number {
  const close = closingQuote(buf, start + 1, end);
  return close === -1 ? end : close;
}

/**
 * Index just past the JSON value that starts at `start` (which must not be whitespace). Objects and arrays are
 * matched by depth, skipping strings; whoever parses the span validates the content.
 */
export function valueEnd(buf: Buffer, start: number, end: number): number {
  const first = buf[start];
  if (first === QUOTE) return Math.min(stringEnd(buf, start, end) + 1, end);
  if (first !== 0x7b && first !== 0x5b) {
    let i = start;
    while (i < end && !isLiteralEnd(buf[i])) i++;
    return i;
  }
  if (scanModule !== undefined && buf.buffer === scanBuffer) return wasmContainerEnd(scanModule, buf, start, end);
  let depth = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i] ?? 0;
    // Outside strings, bytes up to the space are whitespace (and most of an indented dump's structure).
    if (b <= 0x20) {
      if (b === 0x0a) {
        lineBreaks.count++;
        lineBreaks.after = i + 1;
      }
      continue;
    }
    if (b === QUOTE) i = stringEnd(buf, i, end);
    else if (b === 0x7b || b === 0x5b) depth++;
    else if (b === 0x7d || b === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return end;
}

// The little of the WebAssembly API used here (TypeScript declares it only in the DOM library, which Node code
// does not load).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
// Absent when Node runs without WebAssembly (`--jitless`): then every scan takes the byte loop.
declare const WebAssembly:
  | {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object) => { exports: unknown };
    }
  | undefined;

/** scan.wat's exports. */
interface ScanModule {
  memory: WasmMemory;
  containerEnd(start: number, end: number): number;
}

/** Where scan.wat leaves its line-break counts (two 32-bit words); the bytes scanned are copied after them. */
const COUNTS_BYTES = 16;
const WASM_PAGE = 65536;
/** The most inScanMemory copies: a piece beyond it is a rare giant, not worth doubling in memory. */
export const MAX_COPY_BYTES = 64 << 20;

/** The compiled module, kept for the run; and its instance, made when needed (see releaseScanMemory). */
let compiledScanner: object | undefined;
let scanModule: ScanModule | undefined;
/**
 * Its memory's current buffer, with views over it, remade when the memory grows (which detaches the old buffer).
 * Kept here because reading `memory.buffer` is a call into the engine, and valueEnd asks on every container.
 */
let scanBuffer: ArrayBuffer | undefined;
let scanBytes = Buffer.alloc(0);
let scanCounts = new Int32Array(2);
/** What scanScratch hands out when there is no WebAssembly. */
let plainScratch = Buffer.alloc(0);

/**
 * A copy of `bytes` in the scanner's WebAssembly memory, where valueEnd skips containers in WebAssembly. The copy
 * is valid until the next call (each one reuses the memory): scan it, then let it go.
 */
export function inScanMemory(bytes: Uint8Array): Buffer {
  // Too big to copy (a huge string, a deeply nested value of a big input): scanned where it is, by the byte loop.
  if (bytes.length > MAX_COPY_BYTES) return bytes instanceof Buffer ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const view = scanScratch(bytes.length);
  view.set(bytes);
  return view;
}

/**
 * `length` bytes of the scanner's memory to read a chunk into; valid, like inScanMemory's copy, until the next call.
 * Without WebAssembly, a plain buffer (scanned by the byte loop).
 */
export function scanScratch(length: number): Buffer {
  if (!scanModule) {
    const wasm = typeof WebAssembly === 'undefined' ? undefined : WebAssembly;
    if (!wasm) return (plainScratch = plainScratch.length >= length ? plainScratch : Buffer.allocUnsafe(length)).subarray(0, length);
    // Synchronous: the module is half a kilobyte, and its compile takes well under a millisecond.
    compiledScanner ??= new wasm.Module(Buffer.from(SCAN_WASM, 'base64'));
    scanModule = new wasm.Instance(compiledScanner).exports as ScanModule;
  }
  const memory = scanModule.memory;
  const needed = COUNTS_BYTES + length;
  if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / WASM_PAGE));
  if (scanBuffer !== memory.buffer) {
    scanBuffer = memory.buffer;
    scanBytes = Buffer.from(scanBuffer);
    scanCounts = new Int32Array(scanBuffer, 0, 2);
  }
  return scanBytes.subarray(COUNTS_BYTES, needed);
}

/**
 * Lets go of the scanner's memory (it cannot shrink): a big input's outline grows it to a whole chunk, which the rest
 * of the run does not need. The next inScanMemory or scanScratch makes a new one.
 */
export function releaseScanMemory(): void {
  scanModule = undefined;
  scanBuffer = undefined;
  scanBytes = Buffer.alloc(0);
  scanCounts = new Int32Array(2);
}

/** valueEnd of the container at `start` of a Buffer in the scanner's memory, its line breaks added to lineBreaks. */
function wasmContainerEnd(module: ScanModule, buf: Buffer, start: number, end: number): number {
  const base = buf.byteOffset;
  const after = module.containerEnd(base + start, base + end) - base;
  const breaks = scanCounts[0] ?? 0;
  if (breaks > 0) {
    lineBreaks.count += breaks;
    lineBreaks.after = (scanCounts[1] ?? 0) - base;
  }
  return after;
}
