// What `envoy-lint` runs (loaded by bin.ts): main(), with anything unexpected turned into exit code 2 without a stack
// trace.
import { main } from './main.js';
import { EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { rerunWithLargerHeap } from './heap.js';
import { exitOnStreamErrors } from './std-streams.js';
import { terminalLines, terminalText } from './terminal.js';

exitOnStreamErrors();

// When the CLI re-runs itself with a larger heap, the child does the work and this process ends as it does.
if (!rerunWithLargerHeap(process.argv.slice(2))) main(process.argv.slice(2)).then(
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
