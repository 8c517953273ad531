// The layers of envoy-lint, bottom first, and what each may import: the picture ARCHITECTURE.md draws, in the form
// eslint.config.js enforces (import-x/no-restricted-paths). test/architecture.test.ts keeps the two the same.
// A layer may always import itself. Paths are relative to the repository root.

/** @type {ReadonlyArray<{ name: string; paths: string[]; mayImport: string[] }>} */
export const LAYERS = [
  { name: 'leaf', paths: ['src/generated', 'src/net', 'src/package-root.ts', 'src/lazy-modules.ts', 'src/import-url.ts', 'src/markdown.ts', 'schemas'], mayImport: [] },
  { name: 'proto', paths: ['src/proto'], mayImport: ['leaf'] },
  { name: 'load', paths: ['src/load'], mayImport: ['leaf', 'proto'] },
  { name: 'model', paths: ['src/model'], mayImport: ['leaf', 'proto', 'load'] },
  { name: 'match', paths: ['src/match'], mayImport: ['leaf', 'load', 'model'] },
  { name: 'engine', paths: ['src/engine'], mayImport: ['leaf', 'load', 'model'] },
  { name: 'mesh', paths: ['src/mesh'], mayImport: ['leaf', 'load', 'model', 'match', 'engine'] },
  { name: 'rules', paths: ['rules'], mayImport: ['leaf', 'load', 'model', 'match', 'engine', 'mesh'] },
  { name: 'analysis', paths: ['src/trace', 'src/route-check', 'src/explain'], mayImport: ['leaf', 'load', 'model', 'match', 'engine'] },
  { name: 'pipeline', paths: ['src/pipeline'], mayImport: ['leaf', 'proto', 'load', 'model', 'match', 'engine', 'mesh', 'rules'] },
  { name: 'compare', paths: ['src/diff'], mayImport: ['leaf', 'load', 'engine', 'pipeline'] },
  { name: 'report', paths: ['src/report'], mayImport: ['leaf', 'model', 'engine'] },
  { name: 'config', paths: ['src/config', 'src/plugins'], mayImport: ['leaf', 'load', 'engine'] },
  { name: 'fleet', paths: ['src/fleet'], mayImport: ['leaf', 'load', 'model', 'engine', 'mesh', 'rules', 'pipeline', 'report', 'config'] },
  { name: 'cli', paths: ['src/cli'], mayImport: ['leaf', 'proto', 'load', 'model', 'match', 'engine', 'mesh', 'rules', 'analysis', 'compare', 'pipeline', 'report', 'config', 'fleet'] },
  { name: 'api', paths: ['src/index.ts'], mayImport: ['leaf', 'proto', 'load', 'model', 'match', 'engine', 'mesh', 'rules', 'analysis', 'pipeline', 'report', 'config', 'fleet'] },
];

/** import-x/no-restricted-paths zones: for each layer, every path of a layer it may not import. */
export function restrictedZones() {
  const byName = new Map(LAYERS.map((l) => [l.name, l]));
  return LAYERS.flatMap((layer) => {
    const allowed = new Set([layer.name, ...layer.mayImport]);
    const from = LAYERS.filter((other) => !allowed.has(other.name)).flatMap((other) => other.paths);
    return layer.paths.map((target) => ({
      target: `./${target}`,
      from: from.map((p) => `./${p}`),
      message: `the ${layer.name} layer may import only ${[...allowed].filter((n) => byName.has(n)).join(', ')} (see ARCHITECTURE.md)`,
    }));
  });
}
