// A problem in the config file: a JSON pointer to the offending value and a message; located when reported.
import { InputError } from '../load/errors.js';
import { pointerSegments } from '../load/json/locate.js';
import type { ParsedConfigFile } from './parse.js';

export interface ConfigProblem {
  pointer: string;
  message: string;
}

/** `/ignore/2/resource` → `ignore[2].resource`, the way the config's author reads it. */
export function readablePath(pointer: string): string {
  let out = '';
  for (const segment of pointerSegments(pointer)) {
    out += /^\d+$/.test(segment) ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** Each problem as `file:line:col: path: message`, in the order of the file. */
export function locateProblems(parsed: ParsedConfigFile, problems: readonly ConfigProblem[]): InputError[] {
  const positions = parsed.locate(problems.map((p) => p.pointer));
  return problems
    .map((p) => {
      const pos = positions.get(p.pointer) ?? { line: 1, column: 1 };
      const where = readablePath(p.pointer);
      return new InputError(parsed.file, where === '' ? p.message : `${where}: ${p.message}`, pos.line, pos.column);
    })
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
