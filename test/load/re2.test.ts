// RE2's rules for safe_regex (src/load/re2.ts): re2js, with RE2's own `\C` (any byte), which re2js lacks.
import { describe, expect, it } from 'vitest';
import { re2Error } from '../../src/load/re2.js';

describe('re2Error', () => {
  it("gives RE2's own error text for what RE2 refuses", () => {
    expect(re2Error('(a)\\1')).toBe('invalid escape sequence: `\\1`');
    expect(re2Error('(?=a)b')).toBe('invalid or unsupported Perl syntax: `(?=`');
    expect(re2Error('((((')).toBe('missing closing ): `((((`');
  });

  it('accepts \\C outside a class, but not an escaped backslash before C turned into it, nor \\C in a class', () => {
    expect(re2Error('/bin/\\C+')).toBeUndefined();
    expect(re2Error('\\\\C')).toBeUndefined(); // a literal backslash, then C
    expect(re2Error('[\\C]')).toBeDefined();
    expect(re2Error('[[:alpha:]\\]]\\C')).toBeUndefined(); // a POSIX class and an escaped ] in a class, then \C
    expect(re2Error('\\Q[\\E\\C')).toBeUndefined(); // a [ quoted by \Q...\E opens no class
  });
});
