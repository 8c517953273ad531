// Origins → `file:line:column`, resolved with the loader's position maps: those named in advance (`prefetch`) in one
// pass per input, any other on first use.
import type { Origin } from '../generated/graph.js';
import { locateOrigins, type LoadedInput } from '../load/input.js';

export interface Located {
  file: string;
  line: number;
  column: number;
}

export interface OriginLocator {
  /** Locates these origins together: one pass over each input instead of one per origin (big inputs). */
  prefetch(origins: Iterable<Origin>): void;
  locate(origin: Origin): Located | undefined;
  text(origin: Origin): string | undefined;
}

export function originLocator(inputs: readonly LoadedInput[]): OriginLocator {
  const cache = new Map<string, Located>();
  const prefetch = (origins: Iterable<Origin>): void => {
    const wanted = [...origins].filter((o) => o.line === undefined && !cache.has(`${o.input}\u0000${o.pointer}`));
    const spanOf = locateOrigins(inputs, wanted);
    for (const origin of wanted) {
      const span = spanOf(origin);
      if (span) cache.set(`${origin.input}\u0000${origin.pointer}`, { file: inputs[origin.input]?.file ?? '', line: span.line, column: span.column });
    }
  };
  const locate = (origin: Origin): Located | undefined => {
    const input = inputs[origin.input];
    if (!input) return undefined;
    if (origin.line !== undefined) return { file: input.file, line: origin.line, column: 1 };
    const key = `${origin.input}\u0000${origin.pointer}`;
    let hit = cache.get(key);
    if (!hit) {
      const pos = input.positions.locate([origin.pointer]).get(origin.pointer) ?? { line: 1, column: 1 };
      hit = { file: input.file, line: pos.line, column: pos.column };
      cache.set(key, hit);
    }
    return hit;
  };
  return {
    prefetch,
    locate,
    text(origin) {
      const l = locate(origin);
      return l ? `${l.file}:${l.line}:${l.column}` : undefined;
    },
  };
}
