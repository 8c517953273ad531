// Bundles the CLI, its fleet worker and the GitHub Action entry into dist/bin/ with esbuild (run by `npm run build`):
// one minified module each, so that a run reads and compiles one file instead of resolving ~200 modules (about half
// of a small dump's run time before). Dependencies loaded only by some runs (yaml, re2js, ajv, dagre: see
// src/lazy-modules.ts) stay outside the bundle and load from node_modules when used. The library API (`main` in
// package.json) is the tsc output in dist/src/, unbundled.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = 'dist/bin';
const ENTRIES = { 'envoy-lint': 'src/cli/bin.ts', run: 'src/cli/run.ts', worker: 'src/fleet/worker.ts', action: 'src/cli/action-bin.ts' };

/** bin.ts answers --version itself and imports the CLI (./run.js) only for other runs: keep that import a file. */
const runStaysSeparate = {
  name: 'run-stays-separate',
  setup(build) {
    build.onResolve({ filter: /^\.\/run\.js$/ }, (args) => (args.importer.endsWith('/src/cli/bin.ts') ? { path: './run.js', external: true } : undefined));
  },
};

await build({
  absWorkingDir: ROOT,
  entryPoints: ENTRIES,
  outdir: OUT_DIR,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  // No code splitting: every entry is one file beside the others, so `import.meta.url` (the worker's URL, the type
  // table's) means the same in all of them. Each entry holds its own copy of the shared code.
  sourcemap: 'linked',
  legalComments: 'linked',
  external: ['yaml', 're2js', 'ajv', '@dagrejs/dagre'],
  // Bundled CommonJS dependencies (micromatch) call require() for Node's own modules: give them one.
  banner: { js: "import{createRequire as __envoyLintRequire}from'node:module';const require=__envoyLintRequire(import.meta.url);" },
  plugins: [runStaysSeparate],
  logLevel: 'warning',
});

// The proto type table is read beside the module that reads it (src/proto/registry.ts), which is now the bundle.
fs.copyFileSync(new URL('../src/proto/envoy-types.json', import.meta.url), new URL(`../${OUT_DIR}/envoy-types.json`, import.meta.url));
fs.chmodSync(new URL(`../${OUT_DIR}/envoy-lint.js`, import.meta.url), 0o755);
