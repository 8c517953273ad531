// RE2 patterns (Envoy's safe_regex), compiled once per distinct pattern: by the load-time check (validate.ts), which
// reports a pattern RE2 refuses, and by the matchers (match/regex.ts). re2js is loaded on the first pattern.
import type { RE2JS } from 're2js';
import { re2 } from '../lazy-modules.js';

const cache = new Map<string, RE2JS | Error>();
/** Dumps repeat the same few patterns; a hostile one with millions of distinct ones must not grow this for ever. */
const MAX_CACHED = 10_000;

/**
 * `\C` (any byte) is the one piece of syntax RE2 itself accepts and re2js (a port of RE2/J, which dropped it) refuses.
 * For the check, each `\C` outside a character class and a `\Q...\E` literal is read as `(?s:.)`; in a class RE2
 * refuses it too, so it stays.
 */
function withoutAnyByte(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    const next = pattern.charAt(i + 1);
    if (c === '\\' && next === 'Q' && !inClass) {
      const end = pattern.indexOf('\\E', i + 2);
      const stop = end < 0 ? pattern.length : end + 2;
      out += pattern.slice(i, stop);
      i = stop - 1;
    } else if (c === '\\') {
      out += !inClass && next === 'C' ? '(?s:.)' : c + next;
      i++;
    } else if (c === '[' && !inClass) {
      // A "]" first in a class (after an optional "^") is a literal, not its end.
      const head = /^\[\^?\]?/.exec(pattern.slice(i))?.[0] ?? '[';
      out += head;
      i += head.length - 1;
      inClass = true;
    } else if (c === '[' && inClass && next === ':' && pattern.includes(':]', i + 2)) {
      const end = pattern.indexOf(':]', i + 2) + 2; // [:alpha:] inside a class
      out += pattern.slice(i, end);
      i = end - 1;
    } else {
      if (c === ']') inClass = false;
      out += c;
    }
  }
  return out;
}

function compile(pattern: string): RE2JS | Error {
  try {
    return re2().RE2JS.compile(pattern);
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    if (!failure.message.includes('`\\C`')) return failure;
    try {
      return re2().RE2JS.compile(withoutAnyByte(pattern));
    } catch {
      return failure;
    }
  }
}

/** The compiled pattern, or RE2's error for a pattern it refuses (Envoy rejects the resource holding it). */
export function compileRe2(pattern: string): RE2JS | Error {
  let entry = cache.get(pattern);
  if (!entry) {
    entry = compile(pattern);
    if (cache.size < MAX_CACHED) cache.set(pattern, entry);
  }
  return entry;
}

/** RE2's own error text for a pattern it refuses ("invalid escape sequence: `\1`"), undefined for a valid one. */
export function re2Error(pattern: string): string | undefined {
  const compiled = compileRe2(pattern);
  return compiled instanceof Error ? compiled.message.replace(/^error parsing regexp: /, '') : undefined;
}
