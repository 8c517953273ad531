// Test helpers over the piecewise JSON reader (src/load/json/document.ts): a document read piece by piece whatever
// its size, as plain values (lazy lists read out, to compare with JSON.parse) or as read (lazy lists kept), and the
// outline the reader walked (the same pass, made again: it is deterministic).
import { readJson } from '../../src/load/json/document.js';
import { scanOutline, type JsonOutline } from '../../src/load/json/outline.js';
import { bufferSource, type ByteSource } from '../../src/load/json/source.js';
import { LazyList, isObject } from '../../src/load/json/values.js';

/** The value with every LazyList read out into an array (what JSON.parse would have made). */
export function plain(value: unknown): unknown {
  if (value instanceof LazyList) return [...value].map(plain);
  if (Array.isArray(value)) return value.map(plain);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) Object.defineProperty(out, key, { value: plain(child), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

export interface Pieces {
  /** The document's value with lazy lists read out (comparable with JSON.parse's). */
  data: unknown;
  /** The value as read, lazy lists and all. */
  root: unknown;
  outline: JsonOutline;
  checkUnread: () => void;
}

/** The JSON of `source` from byte `start`, read piecewise with values up to `pieceBytes` parsed whole. */
export function parseJsonSource(source: ByteSource, start = 0, pieceBytes = 1 << 20): Pieces {
  const document = readJson(source, { start, skippedLines: 0 }, { largeInputBytes: 0, pieceBytes });
  const outline = scanOutline(source, start, pieceBytes, { quick: true });
  return {
    get data() {
      return plain(document.root);
    },
    root: document.root,
    outline,
    checkUnread: () => document.checkUnread(),
  };
}

/** The same for bytes in memory: the value, lazy lists read out. */
export function parseJsonPieces(buf: Buffer, file: string, start = 0, pieceBytes = 1 << 20): unknown {
  return parseJsonSource(bufferSource(buf, file), start, pieceBytes).data;
}
