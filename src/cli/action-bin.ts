#!/usr/bin/env node
// The executable behind action.yml: runAction() with the real environment; anything unexpected is exit code 2.
import { runAction } from './action.js';
import { EXIT_USAGE_OR_INPUT } from './exit-codes.js';

runAction({ stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`envoy-lint action: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_USAGE_OR_INPUT;
  },
);
