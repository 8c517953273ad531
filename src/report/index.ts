// The reporters by format name (`--format`), and the helpers the CLI needs around them.

import type { Reporter } from './types.js';
import { compactReporter } from './compact.js';
import { dotReporter } from './dot.js';
import { githubReporter } from './github.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { mermaidReporter } from './mermaid.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';

export type FormatName = 'text' | 'compact' | 'json' | 'sarif' | 'github' | 'junit' | 'html' | 'dot' | 'mermaid';

export const REPORTERS: Record<FormatName, Reporter> = {
  text: textReporter,
  compact: compactReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  github: githubReporter,
  junit: junitReporter,
  html: htmlReporter,
  dot: dotReporter,
  mermaid: mermaidReporter,
};

/** Every format name, in the order of --help. */
export const FORMAT_NAMES: readonly FormatName[] = Object.keys(REPORTERS) as FormatName[];

export function isFormatName(s: string): s is FormatName {
  return Object.prototype.hasOwnProperty.call(REPORTERS, s);
}

export { githubStepSummary } from './github.js';
export { compactReporter, dotReporter, githubReporter, htmlReporter, jsonReporter, junitReporter, mermaidReporter, sarifReporter, textReporter };
export { neutralize } from './sanitize.js';
