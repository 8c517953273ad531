// The GitHub Action's entry (action.yml runs its bundle, dist/action/index.js): runs the CLI on the action's inputs with
// annotations on stdout, and writes the finding counts to $GITHUB_OUTPUT.
import { escapeData } from '../report/github.js';
import { actionArgv, actionCwd } from './action-inputs.js';
import { UsageError } from './errors.js';
import { EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { run, type CliIo } from './main.js';
import { appendTextFile } from './write-file.js';

/** Runs the action; returns the exit code (1 fails the step when findings reach fail-on). */
export async function runAction(io: CliIo): Promise<number> {
  try {
    const cwd = io.cwd ?? actionCwd(io.env, process.cwd());
    const argv = actionArgv(io.env, cwd);
    const { exitCode, report } = await run(argv, { ...io, cwd });
    const outputFile = io.env.GITHUB_OUTPUT;
    if (report && outputFile) {
      const { error, warning, info, failedInputs } = report.summary;
      appendTextFile(outputFile, `error-count=${error}\nwarning-count=${warning}\ninfo-count=${info}\nfailed-inputs=${failedInputs}\n`, 'GITHUB_OUTPUT');
    }
    return exitCode;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stdout.write(`::error title=envoy-lint::${escapeData(error.message)}\n`);
    return EXIT_USAGE_OR_INPUT;
  }
}
