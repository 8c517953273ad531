// Bundles the GitHub Action into dist/action/ (`npm run build:action`): the entry, the fleet worker and the proto type
// table, with every dependency inside, so that a workflow runs the action straight from its checkout with no
// `npm ci` and no build (action.yml: `runs.using: node20`, `main: dist/action/index.js`). dist/action/ is committed;
// test/action/bundle-fresh.test.ts rebuilds it into a scratch folder and fails when the committed files differ from
// what the sources build. `--out DIR` writes elsewhere (that test uses it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const outIndex = process.argv.indexOf('--out');
const OUT_DIR = path.resolve(ROOT, outIndex >= 0 ? (process.argv[outIndex + 1] ?? '') : 'dist/action');

/**
 * src/lazy-modules.ts loads yaml, re2js and ajv with a require() made by createRequire, which a bundler cannot follow,
 * so those would be looked up in a node_modules the action does not have. Here that local require is dropped: the
 * calls become plain require() calls, which esbuild bundles (each module still runs only when first required).
 */
const bundleLazyModules = {
  name: 'bundle-lazy-modules',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]lazy-modules\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const local = 'const require = createRequire(import.meta.url);';
      if (!source.includes(local)) throw new Error(`${args.path} no longer makes its require() with createRequire: update ${path.basename(fileURLToPath(import.meta.url))}`);
      return { contents: source.replace(local, ''), loader: 'ts' };
    });
  },
};

fs.mkdirSync(OUT_DIR, { recursive: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: { index: 'src/cli/action-bin.ts', worker: 'src/fleet/worker.ts' },
  outdir: OUT_DIR,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  // No source maps: they would point at sources the action's users do not need. Licences of the bundled packages go
  // to one file beside the code.
  sourcemap: false,
  legalComments: 'linked',
  // Node's own modules, required by bundled CommonJS packages (micromatch) and by lazy-modules.ts.
  banner: { js: "import{createRequire as __envoyLintRequire}from'node:module';const require=__envoyLintRequire(import.meta.url);" },
  plugins: [bundleLazyModules],
  logLevel: 'warning',
});
// The proto type table is read beside the module that reads it (src/proto/registry.ts), which is now the bundle.
fs.copyFileSync(path.join(ROOT, 'src/proto/envoy-types.json'), path.join(OUT_DIR, 'envoy-types.json'));
