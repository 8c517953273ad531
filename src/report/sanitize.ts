// Neutralising untrusted text (resource names and messages from hostile dumps) before it is printed.
//
// Terminal control is the danger: ESC starts ANSI/OSC sequences (colour, cursor moves, window titles, hyperlinks),
// C1 controls such as U+009B (CSI) do the same on some terminals, and CR/BS/newlines can overwrite or forge lines.
// Every such character is rendered as visible escape text instead: C0 and DEL as `\xHH`, everything else as `\uHHHH`.

/**
 * Characters that never reach the output raw:
 * C0 controls (U+0000–U+001F), DEL (U+007F), C1 controls (U+0080–U+009F),
 * Unicode line/paragraph separators (U+2028, U+2029) and bidirectional overrides/isolates
 * (U+202A–U+202E, U+2066–U+2069), which can make printed text read differently from what it is.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const UNSAFE_ONE = new RegExp(UNSAFE.source);

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** The visible escape text for one unsafe character. */
export function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0x7f ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

/**
 * `s` with every unsafe character but those in `keep` replaced by `escape(ch)`: the one place the set is applied,
 * whether an output shows the character as `\x1b` (terminals), `\u001b` (JSON) or `&#x1b;` (XML).
 */
export function replaceUnsafe(s: string, escape: (ch: string) => string, keep = ''): string {
  return s.replace(UNSAFE, (ch) => (keep.includes(ch) ? ch : escape(ch)));
}

/** `s` with every control character rendered as escape text (`\x1b`, `\x0a`, `\u009b`, …); safe for terminals. */
export function neutralize(s: string): string {
  return replaceUnsafe(s, escapeChar);
}

/**
 * Like `neutralize`, but the characters in `keep` (for example `'\t\n\r'`) pass through unchanged,
 * for formats that escape those in their own way.
 */
export function neutralizeExcept(s: string, keep: string): string {
  return replaceUnsafe(s, escapeChar, keep);
}

/**
 * `JSON.stringify(value, null, space)` with the unsafe characters it leaves raw (DEL, C1, line separators, bidi
 * controls) written as `\uHHHH` too: the same JSON to a parser, nothing a terminal acts on to `cat`. They can only
 * occur inside strings (stringify escapes C0 there), so the structural newlines of `space` are all that is kept.
 */
export function safeJson(value: unknown, space?: number): string {
  return replaceUnsafe(JSON.stringify(value, null, space), (ch) => `\\u${hex(ch.charCodeAt(0), 4)}`, '\n');
}

/** Whether the single character `ch` is one that `neutralize` rewrites. */
export function isUnsafeChar(ch: string): boolean {
  return ch.length === 1 && UNSAFE_ONE.test(ch);
}

/** Whether `s` contains a character that `neutralize` would rewrite. */
export function hasUnsafe(s: string): boolean {
  return UNSAFE_ONE.test(s);
}
