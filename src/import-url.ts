// Imports an ES module by URL (a plugin). The bundled CLI runs as a vm script loaded with V8's code cache
// (src/cli/code-cache.ts), and import() inside such a script loses its loader when its code comes from the cache, so
// the bundle's entry, a real ES module, lends its own import() under this symbol.
export const IMPORT_URL = Symbol.for('envoy-lint.import-url');

type Importer = (url: string) => Promise<unknown>;

export function importUrl(url: string): Promise<unknown> {
  const lent = (globalThis as Record<symbol, Importer | undefined>)[IMPORT_URL];
  return lent ? lent(url) : import(url);
}
