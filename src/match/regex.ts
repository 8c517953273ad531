// RE2 regular expressions (Envoy's safe_regex uses Google RE2). Never JavaScript RegExp on a dump's pattern: the
// syntaxes differ (lookarounds, backreferences, \Z...), and a JS engine may backtrack for ever on hostile input.
import type { RE2JS } from 're2js';
import { re2 } from '../lazy-modules.js';

const cache = new Map<string, RE2JS | Error>();

function compiled(pattern: string): RE2JS | Error {
  let entry = cache.get(pattern);
  if (!entry) {
    try {
      entry = re2().RE2JS.compile(pattern);
    } catch (error) {
      entry = error instanceof Error ? error : new Error(String(error));
    }
    cache.set(pattern, entry);
  }
  return entry;
}

/** Whether the pattern is valid RE2 syntax; the error text otherwise. */
export function regexError(pattern: string): string | undefined {
  const re = compiled(pattern);
  return re instanceof Error ? re.message : undefined;
}

/**
 * Whole-string match, as Envoy's RE2 matcher does (`RE2::FullMatch`; docs of RouteMatch.safe_regex: "the entire path
 * (without the query string) must match the regex"). An invalid pattern matches nothing (Envoy would reject it).
 */
export function fullMatch(pattern: string, input: string): boolean {
  const re = compiled(pattern);
  if (re instanceof Error) return false;
  return re.matcher(input).matches();
}

/** RE2 global replace with `\1`-style substitutions (Envoy's regex_rewrite), undefined for an invalid pattern. */
export function regexReplace(pattern: string, input: string, substitution: string): string | undefined {
  const re = compiled(pattern);
  if (re instanceof Error) return undefined;
  const m = re.matcher(input);
  let out = '';
  let last = 0;
  while (m.find()) {
    out += input.slice(last, m.start());
    out += substitution.replace(/\\(\d)/g, (_all, d: string) => m.group(Number(d)) ?? '');
    last = m.end();
    if (m.end() === m.start()) {
      if (last >= input.length) break;
      out += input[last];
      last++;
    }
  }
  return out + input.slice(last);
}
