// JSON.parse for the data (fast), with a located, readable error when it fails.
import { InputError } from '../errors.js';
import { offsetToLineColumn } from './locate.js';

/**
 * Where JSON.parse stopped. Most of V8's messages carry "position N". "Unexpected token" ones instead quote some text
 * around the token (`Unexpected token 'o', ..."x": outbound, "... is not valid JSON`), which may occur more than once,
 * so the token is found by what it is: the first character such that no valid JSON starts with the text up to and
 * including it. Whether a prefix can start valid JSON only changes once (from yes to no), so a binary search over
 * prefixes finds it in about log2(length) parses. The end of input has neither.
 */
function errorOffset(message: string, text: string): number {
  const match = /position (\d+)/.exec(message);
  if (match) return Number(match[1]);
  if (!/Unexpected token/.test(message)) return text.length;
  let low = 0; // text.slice(0, low) can start valid JSON
  let high = text.length; // text.slice(0, high + 1) cannot (the whole text failed)
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (isValidPrefix(text.slice(0, mid + 1))) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Whether some valid JSON starts with `prefix` (as far as JSON.parse can tell: it fails only at the end). */
function isValidPrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const at = /position (\d+)/.exec(message);
    return /Unexpected end of JSON input/.test(message) || (at !== null && Number(at[1]) >= prefix.length);
  }
}

function describe(message: string, text: string, offset: number): string {
  if (/Unexpected end of JSON input/.test(message) || offset >= text.length) return 'JSON ends unexpectedly (truncated input?)';
  const ch = text[offset] ?? '';
  const shown = JSON.stringify(ch).slice(1, -1);
  const cleaned = message.replace(/^SyntaxError: /, '').replace(/ in JSON at position \d+.*$/, '').replace(/, (?:\.\.\.)?"[\s\S]*$/, '');
  return `invalid JSON: ${cleaned}${shown && !cleaned.includes(shown) ? ` ('${shown}')` : ''}`;
}

export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = errorOffset(message, text);
    const { line, column } = offsetToLineColumn(text, offset);
    throw new InputError(file, describe(message, text, offset), line, column);
  }
}
