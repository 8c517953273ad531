// The reporters by format name (`--format`), and the helpers the CLI needs around them.

import type { Reporter } from './types.js';
import { compactReporter } from './compact.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export type FormatName = 'text' | 'compact' | 'json' | 'sarif' | 'github' | 'junit';

export const REPORTERS: Record<FormatName, Reporter> = {
  text: textReporter,
  compact: compactReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
  junit: junitReporter,
};

/** Every format name, in the order of --help. */
export const FORMAT_NAMES: readonly FormatName[] = Object.keys(REPORTERS) as FormatName[];

export function isFormatName(s: string): s is FormatName {
  return Object.prototype.hasOwnProperty.call(REPORTERS, s);
}

export { githubStepSummary } from './github.js';
export { compactReporter, githubReporter, jsonReporter, junitReporter, sarifReporter, textReporter };
export { neutralize } from './sanitize.js';
