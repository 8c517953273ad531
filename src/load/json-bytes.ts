// Byte-level JSON structure scanning over a Buffer: finding where a value ends, skipping strings with the native
// indexOf. Used to split inputs larger than V8's largest string and to locate pointers without a parse tree.

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function isJsonSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

export function skipSpace(buf: Buffer, i: number, end: number): number {
  while (i < end && isJsonSpace(buf[i])) i++;
  return i;
}

/** Index of the quote closing the string whose opening quote is at `start` (or `end` if unterminated). */
export function stringEnd(buf: Buffer, start: number, end: number): number {
  let i = start + 1;
  for (;;) {
    const close = buf.indexOf(QUOTE, i);
    if (close === -1 || close >= end) return end;
    let backslashes = 0;
    for (let j = close - 1; j > start && buf[j] === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return close;
    i = close + 1;
  }
}

function isDelimiter(byte: number | undefined): boolean {
  return byte === 0x2c || byte === 0x7d || byte === 0x5d || byte === 0x3a || isJsonSpace(byte);
}

/**
 * Index just past the JSON value that starts at `start` (which must not be whitespace). Objects and arrays are
 * matched by depth, skipping strings; the caller's JSON.parse of the span validates the content.
 */
export function valueEnd(buf: Buffer, start: number, end: number): number {
  const first = buf[start];
  if (first === QUOTE) return Math.min(stringEnd(buf, start, end) + 1, end);
  if (first !== 0x7b && first !== 0x5b) {
    let i = start;
    while (i < end && !isDelimiter(buf[i])) i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i];
    if (b === QUOTE) i = stringEnd(buf, i, end);
    else if (b === 0x7b || b === 0x5b) depth++;
    else if (b === 0x7d || b === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return end;
}
