// What every subcommand (trace, route-check, explain, diff) shares: where it writes, its commander program wired to
// those sinks (usage and errors neutralised like every other line), and parsing argv into an exit code or on.
import { type Command, CommanderError } from 'commander';
import { EXIT_CLEAN, EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { terminalText } from './terminal.js';

export interface SubcommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
}

/** `cmd` throwing instead of exiting, and writing its help and errors to `io`, neutralised. */
export function writingTo(cmd: Command, io: SubcommandIo): Command {
  return cmd.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(terminalText(s)), writeErr: (s) => io.stderr.write(terminalText(s)) });
}

/** Parses `argv`; the exit code when commander has already answered (--help: 0, a usage error: 2), else undefined. */
export function parseArgs(cmd: Command, argv: readonly string[]): number | undefined {
  try {
    cmd.parse([...argv], { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CLEAN : EXIT_USAGE_OR_INPUT;
    throw error;
  }
}
