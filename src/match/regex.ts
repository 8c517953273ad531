// RE2 regular expressions (Envoy's safe_regex uses Google RE2). Never JavaScript RegExp on a dump's pattern: the
// syntaxes differ (lookarounds, backreferences, \Z...), and a JS engine may backtrack for ever on hostile input.
import { compileRe2 as compiled } from '../load/re2.js';

/** Whether the pattern is valid RE2 syntax: undefined, or RE2's error text. */
export { re2Error as regexError } from '../load/re2.js';

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
