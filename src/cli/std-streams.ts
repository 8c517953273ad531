// A failed write to stdout or stderr (`> /dev/full`, a reader that closed the pipe: `| head`) ends the run with exit
// code 2, instead of Node's stack trace and exit code 1, which CI reads as "findings": the report did not reach its
// reader, so the run did not do its job, whatever the findings were. A failed stdout is said in one line on stderr,
// except EPIPE: a reader that stops reading (`| head`) did so on purpose, and Unix tools end quietly then.
import fs from 'node:fs';
import { EXIT_USAGE_OR_INPUT } from './exit-codes.js';

interface ErrorSource {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

export interface StandardStreams {
  stdout: ErrorSource;
  stderr: ErrorSource;
  /** Straight to file descriptor 2, synchronously: the stderr stream object may be in an error state of its own. */
  writeStderr(text: string): void;
  exit(code: number): void;
}

function processStreams(): StandardStreams {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    writeStderr: (text) => void fs.writeSync(2, text),
    exit: (code) => process.exit(code),
  };
}

function reason(error: NodeJS.ErrnoException): string {
  return error.code ?? error.message;
}

/** Installs the handlers; the first failure decides (later writes fail too, and must not add lines). */
export function exitOnStreamErrors(streams: StandardStreams = processStreams()): void {
  let failed = false;
  const fail = (name: 'stdout' | 'stderr', error: NodeJS.ErrnoException): void => {
    if (failed) return;
    failed = true;
    if (name === 'stdout' && error.code !== 'EPIPE') {
      try {
        streams.writeStderr(`envoy-lint: cannot write to standard output: ${reason(error)}\n`);
      } catch {
        // stderr is gone too: the exit code is all that is left
      }
    }
    streams.exit(EXIT_USAGE_OR_INPUT);
  };
  streams.stdout.on('error', (error) => fail('stdout', error));
  streams.stderr.on('error', (error) => fail('stderr', error));
}
