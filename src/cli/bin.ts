#!/usr/bin/env node
// The executable behind `envoy-lint`. `--version` is answered here, before the linter itself is loaded, so that
// scripts and editors that ask for it pay for a bare Node start; everything else goes to run.ts.
import { TOOL_VERSION } from '../pipeline/version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) process.stdout.write(`${TOOL_VERSION}\n`);
else {
  // The shipped CLI is one minified bundle: with --debug, stack traces name the TypeScript sources instead.
  if (args.includes('--debug')) process.setSourceMapsEnabled(true);
  await import('./run.js');
}
