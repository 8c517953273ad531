// Origins → `file:line:column`, resolved lazily per input with the loader's position maps (one pass per input).
import type { Origin } from '../generated/graph.js';
import { locatePointers, type LoadedInput } from '../load/input.js';

export interface Located {
  file: string;
  line: number;
  column: number;
}

export function originLocator(inputs: readonly LoadedInput[]): { locate(origin: Origin): Located | undefined; text(origin: Origin): string | undefined } {
  const cache = new Map<string, Located>();
  const locate = (origin: Origin): Located | undefined => {
    const input = inputs[origin.input];
    if (!input) return undefined;
    if (origin.line !== undefined) return { file: input.file, line: origin.line, column: 1 };
    const key = `${origin.input}\u0000${origin.pointer}`;
    let hit = cache.get(key);
    if (!hit) {
      const pos = locatePointers(input, [origin.pointer]).get(origin.pointer) ?? { line: 1, column: 1 };
      hit = { file: input.file, line: pos.line, column: pos.column };
      cache.set(key, hit);
    }
    return hit;
  };
  return {
    locate,
    text(origin) {
      const l = locate(origin);
      return l ? `${l.file}:${l.line}:${l.column}` : undefined;
    },
  };
}
