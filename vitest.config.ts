import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: they run the built CLI or Action (dist/), spawn processes, pack the package, drive Chromium or
 * Graphviz. Everything else is a unit test (`npm run test:unit`, seconds); `npm test` runs both.
 */
const E2E = [
  'test/action/**/*.test.ts',
  'test/bad/invocations.test.ts',
  'test/browser/**/*.test.ts',
  'test/cli/bundle.test.ts',
  'test/cli/mesh-e2e.test.ts',
  'test/cli/process-safety.test.ts',
  'test/cli/vscode-tasks.test.ts',
  'test/fixture-generators.test.ts',
  'test/fleet/plan.test.ts',
  'test/load/large-input.test.ts',
  'test/load/piecewise-parity.test.ts',
  'test/new-rule.test.ts',
  'test/plugins/public-api.test.ts',
  'test/report/graph/formats.test.ts',
  'test/review/big-inputs.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    pool: 'forks',
    projects: [
      // Unit tests share one module graph per worker (isolate: false): loading the protos and rules once, not per file.
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'rules/**/*.test.ts'], exclude: E2E, pool: 'threads', isolate: false } },
      { extends: true, test: { name: 'e2e', include: E2E } },
    ],
  },
});
