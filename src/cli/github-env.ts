// What the CLI does differently inside GitHub Actions: github format by default, paths relative to the workspace,
// and a Markdown summary appended to $GITHUB_STEP_SUMMARY.
import fs from 'node:fs';
import path from 'node:path';
import type { FormatName } from '../report/index.js';

type Env = Readonly<Record<string, string | undefined>>;

export function inGitHubActions(env: Env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

export function defaultFormat(env: Env): FormatName {
  return inGitHubActions(env) ? 'github' : 'text';
}

/**
 * The directory output paths are relative to: GITHUB_WORKSPACE in Actions (annotations and SARIF need it), else cwd.
 * The workspace by its real path: inputs are resolved from the working directory, which the system gives as a real
 * path, so a workspace reached through a symbolic link would otherwise put every file outside it.
 */
export function reportCwd(env: Env, cwd: string): string {
  const workspace = inGitHubActions(env) ? env.GITHUB_WORKSPACE : undefined;
  if (!workspace) return cwd;
  try {
    return fs.realpathSync.native(workspace);
  } catch {
    return workspace;
  }
}

/** The nearest directory at or above `dir` that holds a `.git` (a work tree or a submodule's file), if any. */
export function findRepositoryRoot(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (fs.existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}

/** The file to append the step summary to, when the github format runs in Actions. */
export function stepSummaryFile(env: Env, formats: readonly FormatName[]): string | undefined {
  return formats.includes('github') && env.GITHUB_STEP_SUMMARY ? env.GITHUB_STEP_SUMMARY : undefined;
}
