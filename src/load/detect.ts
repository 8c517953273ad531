// The one look at an input's first bytes that decides how to read it: UTF-16 (PowerShell's `>` writes it), binary
// data, or UTF-8 text (after a byte order mark), and if the text is JSON, the byte its first line starts at — after
// up to MAX_NOISE_LINES lines of other text such as `kubectl exec`'s `Defaulted container "istio-proxy" out of: ...`.
// Inputs of every size go through it, so a small and a big file with the same start are read the same way.
import { looksLikeIptables } from './iptables/index.js';

/** At most this many lines of other text before the JSON are skipped (`kubectl exec` noise). */
export const MAX_NOISE_LINES = 5;

/** How many bytes of an input the detector looks at. */
export const HEAD_BYTES = 64 * 1024;

export type InputStart =
  | { kind: 'utf16'; littleEndian: boolean }
  | { kind: 'binary' }
  /** JSON from byte `start` (the start of a line, or just after the BOM), after `skippedLines` lines of noise. */
  | { kind: 'json'; start: number; skippedLines: number }
  | { kind: 'iptables'; start: number }
  /** Anything else, from byte `start` (after the BOM): YAML, HTML, unrecognised text. */
  | { kind: 'text'; start: number };

/** Whether text is binary data rather than text (NULs, or many other control characters). */
function looksBinary(sample: string): boolean {
  // eslint-disable-next-line no-control-regex
  const controls = sample.match(/[\u0000-\u0008\u000e-\u001f]/g)?.length ?? 0;
  return sample.includes('\u0000') || controls > sample.length / 20;
}

const isBlank = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
const opensJson = (b: number | undefined): boolean => b === 0x7b || b === 0x5b;

/** What the input starting with `head` (its first HEAD_BYTES, or all of it) is. */
export function detectStart(head: Buffer): InputStart {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    return { kind: 'utf16', littleEndian: head[0] === 0xff };
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const text = head.toString('utf8', bom, Math.min(head.length, bom + 4096));
  if (looksBinary(text)) return { kind: 'binary' };
  // iptables-save -c lines start with '[' too: they are not JSON.
  if (looksLikeIptables(text)) return { kind: 'iptables', start: bom };
  let i = bom;
  while (isBlank(head[i])) i++;
  if (opensJson(head[i])) return { kind: 'json', start: bom, skippedLines: 0 };
  let lineStart = bom;
  for (let skippedLines = 0; skippedLines <= MAX_NOISE_LINES; skippedLines++) {
    let j = lineStart;
    while (head[j] === 0x20 || head[j] === 0x09) j++;
    if (opensJson(head[j])) return skippedLines === 0 ? { kind: 'json', start: bom, skippedLines: 0 } : { kind: 'json', start: lineStart, skippedLines };
    const newline = head.indexOf(0x0a, lineStart);
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return { kind: 'text', start: bom };
}

/** Whether bytes that start a file are binary data (as detectStart would say). */
export function looksBinaryStart(head: Buffer): boolean {
  return detectStart(head).kind === 'binary';
}
