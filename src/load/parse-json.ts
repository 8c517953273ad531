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
  const token = /^(?:SyntaxError: )?Unexpected token '(.)', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  if (token) {
    const [, ch = '', excerpt = ''] = token;
    const at = text.indexOf(excerpt);
    const within = excerpt.indexOf(ch);
    if (at !== -1 && within !== -1) return at + within;
  }
  return text.length;
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
