// What `envoy-lint` runs (loaded by bin.ts): main(), with anything unexpected turned into exit code 2 without a stack
// trace.
import { main } from './main.js';
import { EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { rerunWithLargerHeap } from './heap.js';
import { terminalLines, terminalText } from './terminal.js';

// `envoy-lint ... | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const rerun = rerunWithLargerHeap(process.argv.slice(2));
if (rerun !== undefined) process.exitCode = rerun;
else main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const debug = process.argv.includes('--debug');
    process.stderr.write(terminalLines(`envoy-lint: internal error: ${error instanceof Error ? error.message : String(error)}`));
    if (debug && error instanceof Error && error.stack) process.stderr.write(terminalText(error.stack));
    process.exitCode = EXIT_USAGE_OR_INPUT;
  },
);
