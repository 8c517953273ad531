// Bundles the CLI and its fleet worker into dist/bin/ with esbuild (run by `npm run build`; the GitHub Action has its own, committed bundle: scripts/bundle-action.mjs):
// one minified file each, so that a run reads and compiles one file instead of resolving ~200 modules (about half
// of a small dump's run time before), and the CLI's V8 code cache (src/cli/code-cache.ts). Dependencies loaded only by some runs (yaml, re2js, ajv, tar, dagre: see
// src/lazy-modules.ts) stay outside the bundle and load from node_modules when used. The library API (`main` in
// package.json) is the tsc output in dist/src/, unbundled.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = 'dist/bin';
const ENTRIES = { 'envoy-lint': 'src/cli/bin.ts', worker: 'src/fleet/worker.ts' };

/**
 * bin.ts answers --version itself and imports the CLI (./run.js) only for other runs. In the bundle that import is
 * the CLI in run.cjs, loaded with V8's code cache (src/cli/code-cache.ts).
 */
const runFromCodeCache = {
  name: 'run-from-code-cache',
  setup(build) {
    build.onResolve({ filter: /^\.\/run\.js$/ }, (args) => (args.importer.endsWith('/src/cli/bin.ts') ? { path: 'run-from-code-cache', namespace: 'envoy-lint' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'envoy-lint' }, () => ({
      contents: "import { runWithCodeCache } from './src/cli/code-cache.ts'; runWithCodeCache(new URL('./run.cjs', import.meta.url));",
      resolveDir: ROOT,
      loader: 'ts',
    }));
  },
};

const common = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  // No source maps: the package ships no sources for them to point at (--debug stack traces name bundle positions).
  sourcemap: false,
  legalComments: 'linked',
  external: ['yaml', 're2js', 'ajv', 'tar', '@dagrejs/dagre'],
  logLevel: 'warning',
};

// The CLI itself, as CommonJS: V8's code cache works on scripts (vm.Script), not on ES modules.
await build({
  ...common,
  entryPoints: { run: 'src/cli/run.ts' },
  outdir: OUT_DIR,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  // What the sources ask import.meta.url for (the worker's URL, the type table's, the package root) is this file's.
  define: { 'import.meta.url': '__envoyLintUrl' },
  banner: { js: "var __envoyLintUrl=require('node:url').pathToFileURL(__filename).href;" },
});

// The entry (--version, then the CLI above), and the fleet worker, as ES modules. No code splitting:
// every entry is one file beside the others, so `import.meta.url` (the worker's URL, the type table's) means the same
// in all of them. Each entry holds its own copy of the shared code.
await build({
  ...common,
  entryPoints: ENTRIES,
  outdir: OUT_DIR,
  format: 'esm',
  // Bundled CommonJS dependencies (micromatch) call require() for Node's own modules: give them one.
  banner: { js: "import{createRequire as __envoyLintRequire}from'node:module';const require=__envoyLintRequire(import.meta.url);" },
  plugins: [runFromCodeCache],
});

// The proto type table is read beside the module that reads it (src/proto/registry.ts), which is now the bundle.
fs.copyFileSync(new URL('../src/proto/envoy-types.json', import.meta.url), new URL(`../${OUT_DIR}/envoy-types.json`, import.meta.url));
fs.chmodSync(new URL(`../${OUT_DIR}/envoy-lint.js`, import.meta.url), 0o755);

// The code cache: V8's compiled code for the bundle and for the functions a typical run calls, kept by linting the
// bundled example once (its output is not needed).
const made = spawnSync(process.execPath, [`${OUT_DIR}/envoy-lint.js`, 'fixtures/example/config_dump.json', 'fixtures/example/iptables-save.txt'], {
  cwd: ROOT,
  env: { ...process.env, ENVOY_LINT_MAKE_CODE_CACHE: '1' },
  encoding: 'utf8',
});
if (made.status !== 1 || !fs.existsSync(new URL(`../${OUT_DIR}/run.cjs.cache`, import.meta.url))) {
  throw new Error(`making the code cache failed (exit ${made.status}): ${made.stderr}`);
}
