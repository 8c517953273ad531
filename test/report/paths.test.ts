import { describe, expect, it } from 'vitest';
import { absolutePath, directoryUri, isInside, relativePath, relativeUri } from '../../src/report/paths.js';

describe('report paths', () => {
  it('relative to cwd only when inside it', () => {
    expect(relativePath('/work/project/a/b.json', '/work/project')).toBe('a/b.json');
    expect(relativePath('a/b.json', '/work/project')).toBe('a/b.json');
    expect(relativePath('/work/project2/b.json', '/work/project')).toBe('/work/project2/b.json');
    expect(relativePath('/work/b.json', '/work/project/')).toBe('/work/b.json');
    expect(relativePath('../x.json', '/work/project')).toBe('/work/x.json');
    expect(relativePath('/work/project/..foo/x.json', '/work/project')).toBe('..foo/x.json');
    expect(relativePath('<stdin>', '/work/project')).toBe('<stdin>');
    expect(isInside('/work/project2/x', '/work/project')).toBe(false);
    expect(isInside('-', '/work/project')).toBe(false);
  });

  it('absolute paths and URIs', () => {
    expect(absolutePath('a.json', '/work/project')).toBe('/work/project/a.json');
    expect(absolutePath('-', '/work/project')).toBe('-');
    expect(relativeUri('dir one/a#b?.json')).toBe('dir%20one/a%23b%3F.json');
    expect(directoryUri('/work/my project')).toBe('file:///work/my%20project/');
    expect(directoryUri('/')).toBe('file:///');
  });
});
