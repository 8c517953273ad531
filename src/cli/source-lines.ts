// Source lines for the text reporter, split lazily and only for files that have findings.
import { inputLines, type LoadedInput } from '../load/input.js';

export function sourceLineLookup(inputs: readonly LoadedInput[]): (file: string, line: number) => string | undefined {
  const byFile = new Map(inputs.map((i) => [i.file, i]));
  const lookups = new Map<string, (line: number) => string | undefined>();
  return (file, line) => {
    const input = byFile.get(file);
    if (!input) return undefined;
    let lookup = lookups.get(file);
    if (!lookup) lookups.set(file, (lookup = inputLines(input)));
    return lookup(line);
  };
}
