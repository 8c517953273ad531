// What the summaries say about findings the run counted but the report does not list, so that a summary never says
// "no problems" over findings that were hidden (--quiet) or moved into a baseline (--write-baseline).
import type { Finding } from '../engine/finding.js';
import { plural } from '../report/summary.js';
import type { Withheld } from '../report/types.js';

/** The warnings and info --quiet leaves out of the listed findings, or undefined when it hid nothing. */
export function hiddenByQuiet(counted: readonly Finding[], shown: readonly Finding[]): Withheld | undefined {
  const count = counted.length - shown.length;
  if (count <= 0) return undefined;
  const warnings = counted.filter((f) => f.severity === 'warning').length - shown.filter((f) => f.severity === 'warning').length;
  const parts = [...(warnings > 0 ? [plural(warnings, 'warning', 'warnings')] : []), ...(count - warnings > 0 ? [`${count - warnings} info`] : [])];
  return { count, note: `--quiet hid ${parts.join(', ')}` };
}

/** The findings --write-baseline wrote instead of listing them. */
export function writtenToBaseline(count: number, file: string): Withheld | undefined {
  return count > 0 ? { count, note: `${plural(count, 'finding', 'findings')} written to the baseline ${file}` } : undefined;
}
