// JSON.parse for the data (fast), with a located, readable error when it fails.
import { InputError } from './errors.js';
import { offsetToLineColumn } from './json-positions.js';

/**
 * Where JSON.parse stopped. Most of V8's messages carry "position N"; "Unexpected token" ones instead quote the text
 * around the token (`Unexpected token 'o', ..."x": outbound, "... is not valid JSON`), so find that excerpt in the
 * text and the token in it. The end of input has neither.
 */
function errorOffset(message: string, text: string): number {
  const match = /position (\d+)/.exec(message);
  if (match) return Number(match[1]);
  const token = /^(?:SyntaxError: )?Unexpected token '(.)', (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON$/.exec(message);
  if (token) {
    const [, ch = '', before, excerpt = '', after] = token;
    // V8 quotes up to CONTEXT characters on each side of the token, with "..." where it cut the text.
    const at = before ? text.indexOf(excerpt) : 0;
    const guess = before ? at + CONTEXT : after ? excerpt.length - CONTEXT : -1;
    if (at !== -1 && guess >= 0 && text[guess] === ch) return guess;
    // The whole (short) text was quoted: the token is the first copy of it that no valid JSON can start with.
    for (let i = text.indexOf(ch, at); i !== -1; i = text.indexOf(ch, i + 1)) if (!isValidPrefix(text.slice(0, i + 1))) return i;
  }
  return text.length;
}

const CONTEXT = 10;

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
  const cleaned = message.replace(/^SyntaxError: /, '').replace(/ in JSON at position \d+.*$/, '').replace(/, ".*$/, '');
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
