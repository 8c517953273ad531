// Source lines for the text reporter, split lazily and only for files that have findings.
import type { LoadedInput } from '../load/input.js';

export function sourceLineLookup(inputs: readonly LoadedInput[]): (file: string, line: number) => string | undefined {
  const byFile = new Map(inputs.map((i) => [i.file, i]));
  const starts = new Map<string, number[]>();
  return (file, line) => {
    const input = byFile.get(file);
    if (!input) return undefined;
    let lineStarts = starts.get(file);
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = input.text.indexOf('\n'); i !== -1; i = input.text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
      starts.set(file, lineStarts);
    }
    const start = lineStarts[line - 1];
    if (start === undefined) return undefined;
    const end = lineStarts[line] ?? input.text.length + 1;
    return input.text.slice(start, end - 1).replace(/\r$/, '');
  };
}
