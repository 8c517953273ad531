// Running the CLI in-process with captured stdout/stderr, an isolated cwd and a controlled environment.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILTIN_RULES } from '../../rules/index.js';
import { run, type RunResult } from '../../src/cli/main.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** One error (dangling-cluster). */
export const ONE_ERROR = path.join(ROOT, 'fixtures/dangling-cluster/fail/route-cluster.json');
/** Two warnings (cluster-without-endpoints). */
export const TWO_WARNINGS = path.join(ROOT, 'fixtures/cluster-without-endpoints/fail/no-endpoints.json');
/** No findings. */
export const CLEAN = path.join(ROOT, 'fixtures/dangling-cluster/pass/healthy-sidecar.json');

export interface Captured extends RunResult {
  stdout: string;
  stderr: string;
}

export class Sink {
  text = '';
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** A fresh empty directory (no config file above it inside the tmp dir's own tree). */
export function tempDir(prefix = 'envoy-lint-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** The rules the CLI tests count on; the others are turned off so that new rules do not change the counts. */
export const PINNED_RULES: readonly string[] = ['dangling-cluster', 'cluster-without-endpoints'];

/** A config text that turns off every built-in rule except PINNED_RULES. */
export function pinnedConfigText(): string {
  const rules = Object.fromEntries(BUILTIN_RULES.filter((r) => !PINNED_RULES.includes(r.id)).map((r) => [r.id, 'off']));
  return `${JSON.stringify({ rules }, null, 2)}\n`;
}

/** A fresh temp dir whose .envoy-lint.json pins the rules (see PINNED_RULES). */
export function pinnedDir(): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, '.envoy-lint.json'), pinnedConfigText());
  return dir;
}

/** Runs `envoy-lint argv` in `cwd` (by default a fresh temp dir with the pinned rules) with only the given environment variables. */
export async function cli(argv: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<Captured> {
  const stdout = new Sink();
  const stderr = new Sink();
  const result = await run(argv, { stdout, stderr, env: options.env ?? {}, cwd: options.cwd ?? pinnedDir() });
  return { ...result, stdout: stdout.text, stderr: stderr.text };
}

/** VS Code's `$eslint-compact` pattern (src/vs/workbench/contrib/tasks/common/problemMatcher.ts). */
export const ESLINT_COMPACT = /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/;

export const DIST_BIN = path.join(ROOT, 'dist/bin/envoy-lint.js');
/** The GitHub Action's committed bundle (npm run build:action). */
export const DIST_ACTION = path.join(ROOT, 'dist/action/index.js');
