#!/usr/bin/env node
// The executable behind action.yml: runAction() with the real environment; anything unexpected is exit code 2.
import { runAction } from './action.js';
import { EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { terminalText } from './terminal.js';

runAction({ stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // The stack helps in a workflow log; its text (a message may quote a file or resource name) is neutralised.
    process.stderr.write(terminalText(`envoy-lint action: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    process.exitCode = EXIT_USAGE_OR_INPUT;
  },
);
