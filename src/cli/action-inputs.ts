// The GitHub Action's inputs (INPUT_* variables) turned into envoy-lint arguments; globs in `files` are expanded.
import fs from 'node:fs';
import path from 'node:path';
import micromatch from 'micromatch';
import { UsageError } from './errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/** An input's value: the runner names it INPUT_<NAME> with the name upper-cased (dashes kept); composite steps map it. */
export function actionInput(env: Env, name: string): string {
  const upper = name.toUpperCase();
  return (env[`INPUT_${upper}`] ?? env[`INPUT_${upper.replace(/-/g, '_')}`] ?? '').trim();
}

/** Whitespace- or newline-separated entries. */
export function splitList(value: string): string[] {
  return value.split(/\s+/).filter((s) => s !== '');
}

const SKIPPED_DIRS = new Set(['.git', 'node_modules']);

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) walk(full, out);
    else if (entry.isFile()) out.push(full);
  }
}

/** Paths as given; glob patterns (micromatch) replaced by the files under `cwd` they match, sorted. */
export function expandFiles(patterns: readonly string[], cwd: string): string[] {
  const out: string[] = [];
  for (const pattern of patterns) {
    const scan = micromatch.scan(pattern);
    if (!scan.isGlob) {
      out.push(pattern);
      continue;
    }
    const files: string[] = [];
    walk(path.resolve(cwd, scan.base || '.'), files);
    const relative = files.map((f) => path.relative(cwd, f).split(path.sep).join('/'));
    const matched = micromatch(relative, pattern.replace(/^\.\//, '')).sort();
    if (matched.length === 0) throw new UsageError(`files: no file matches "${pattern}"`);
    out.push(...matched);
  }
  return out;
}

/**
 * The directory the action's paths are relative to: the `working-directory` input (itself relative to the workspace)
 * or the workspace. It must exist: a typo there is the user's mistake, said as one line.
 */
export function actionCwd(env: Env, fallback: string): string {
  const workspace = env.GITHUB_WORKSPACE ?? fallback;
  const given = actionInput(env, 'working-directory');
  if (given === '') return workspace;
  const dir = path.resolve(workspace, given);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`working-directory: "${given}" is not a directory of the workspace`);
  return dir;
}

/** The envoy-lint command line for the action's inputs: github annotations on stdout, SARIF to a file if asked. */
export function actionArgv(env: Env, cwd: string): string[] {
  const files = expandFiles(splitList(actionInput(env, 'files')), cwd);
  const iptables = expandFiles(splitList(actionInput(env, 'iptables')), cwd);
  if (files.length === 0 && iptables.length === 0) throw new UsageError('the "files" input is empty: name the config dumps to lint');
  const argv = [...files, ...iptables.flatMap((f) => ['--iptables', f])];
  const config = actionInput(env, 'config');
  if (config !== '') argv.push('--config', config);
  for (const plugin of splitList(actionInput(env, 'plugins'))) argv.push('--plugin', plugin);
  const failOn = actionInput(env, 'fail-on');
  if (failOn !== '') argv.push('--fail-on', failOn);
  argv.push('--format', 'github');
  const sarif = actionInput(env, 'sarif-file');
  if (sarif !== '') argv.push('--format', 'sarif', '--output-file', sarif);
  return argv;
}
