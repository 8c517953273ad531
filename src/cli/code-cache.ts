// Loads the bundled CLI (dist/bin/run.cjs) with V8's code cache, made at build time (scripts/bundle.mjs runs the CLI
// once with ENVOY_LINT_MAKE_CODE_CACHE set and keeps what V8 compiled): a run then neither parses the 400 KB bundle
// nor compiles the functions a typical run calls, which was about a fifth of a small dump's run time. A cache made by
// another Node or V8 version is rejected by V8 and the code is compiled as usual: slower, never wrong.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { IMPORT_URL } from '../import-url.js';

/** The CommonJS wrapper, on a line of its own so that line and column numbers in stack traces stay the bundle's. */
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {\n';

export function runWithCodeCache(bundle: URL): void {
  const file = fileURLToPath(bundle);
  const cacheFile = `${file}.cache`;
  const source = `${WRAPPER_HEAD}${fs.readFileSync(file, 'utf8')}\n})`;
  const making = process.env.ENVOY_LINT_MAKE_CODE_CACHE === '1';
  let cachedData: Buffer | undefined;
  if (!making) {
    try {
      cachedData = fs.readFileSync(cacheFile);
    } catch {
      // no cache (a build without it): compile as usual
    }
  }
  const script = new vm.Script(source, {
    filename: file,
    lineOffset: -1,
    ...(cachedData ? { cachedData } : {}),
  });
  // Plugins are ES modules the CLI imports by URL; import() in the script itself has no loader (see import-url.ts).
  (globalThis as Record<symbol, unknown>)[IMPORT_URL] = (url: string) => import(url);
  if (making) process.on('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
  const module = { exports: {} };
  const run = script.runInThisContext() as (exports: object, require: NodeRequire, module: object, filename: string, dirname: string) => void;
  run(module.exports, createRequire(file), module, file, fileURLToPath(new URL('.', bundle)));
}
