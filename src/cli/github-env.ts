// What the CLI does differently inside GitHub Actions: github format by default, paths relative to the workspace,
// and a Markdown summary appended to $GITHUB_STEP_SUMMARY.
import type { FormatName } from '../report/index.js';

type Env = Readonly<Record<string, string | undefined>>;

export function inGitHubActions(env: Env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

export function defaultFormat(env: Env): FormatName {
  return inGitHubActions(env) ? 'github' : 'text';
}

/** The directory output paths are relative to: GITHUB_WORKSPACE in Actions (annotations and SARIF need it), else cwd. */
export function reportCwd(env: Env, cwd: string): string {
  return inGitHubActions(env) && env.GITHUB_WORKSPACE ? env.GITHUB_WORKSPACE : cwd;
}

/** The file to append the step summary to, when the github format runs in Actions. */
export function stepSummaryFile(env: Env, formats: readonly FormatName[]): string | undefined {
  return formats.includes('github') && env.GITHUB_STEP_SUMMARY ? env.GITHUB_STEP_SUMMARY : undefined;
}
