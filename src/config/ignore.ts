// `ignore` entries: drop findings by rule id and a micromatch glob over the resource name.
import micromatch from 'micromatch';
import type { IgnoreEntry } from '../generated/config.js';
import type { Finding } from '../engine/finding.js';

/** Options shared by the check and the match, so a glob that passes the check means the same when matching. */
const GLOB_OPTIONS = { strictBrackets: true } as const;

/**
 * Envoy and Istio names are full of `|` (`outbound|9080||reviews.default.svc.cluster.local`), which picomatch
 * would read as a regex alternation outside an extglob group, so `outbound|9080||*` would match every name.
 * A `|` outside parentheses is therefore made literal; inside `@(a|b)` it still separates alternatives.
 */
export function literalPipes(glob: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '\\') {
      out += ch + (glob[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')' && depth > 0) depth--;
    out += ch === '|' && depth === 0 ? '\\|' : ch;
  }
  return out;
}

/** Why `glob` cannot be used, or undefined when it is fine (unbalanced brackets, braces or parens are malformed). */
export function globProblem(glob: string): string | undefined {
  try {
    micromatch.scan(literalPipes(glob), GLOB_OPTIONS);
    micromatch.makeRe(literalPipes(glob), GLOB_OPTIONS);
    return undefined;
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/\s*-\s*use .*$/, '') : String(error);
    return `malformed glob "${glob}": ${why} (escape a literal bracket, brace or paren with \\)`;
  }
}

export interface IgnoreMatcher {
  entry: IgnoreEntry;
  matches(finding: Finding): boolean;
}

export function ignoreMatchers(entries: readonly IgnoreEntry[]): IgnoreMatcher[] {
  return entries.map((entry) => {
    const glob = entry.resource;
    const isMatch = glob === undefined ? () => true : micromatch.matcher(literalPipes(glob), GLOB_OPTIONS);
    return { entry, matches: (f) => f.ruleId === entry.rule && isMatch(f.resource.name) };
  });
}

/** The findings no ignore entry matches. */
export function applyIgnores(findings: readonly Finding[], matchers: readonly IgnoreMatcher[]): Finding[] {
  if (matchers.length === 0) return [...findings];
  return findings.filter((f) => !matchers.some((m) => m.matches(f)));
}
