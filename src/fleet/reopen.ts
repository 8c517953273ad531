// The fleet's mesh findings are placed after every job is over (mesh/place.ts), so their inputs are read again: only
// the inputs a mesh finding points into, each once, through the same reader as the first time (so the positions are
// the same). A file is stamped (size, modification time) before its job reads it; one that no longer has its stamp
// changed since, and its findings keep their pointers without lines, with an input error, as a big file that changes
// while it is linted does.
import fs from 'node:fs';
import { InputError } from '../load/errors.js';
import { displayName, readInput, type InputRef, type ReadTuning, type SourcePositions } from '../load/input.js';
import type { FileLocator } from '../mesh/place.js';

interface Stamp {
  size: number;
  mtimeMs: number;
}

function stampOf(path: string): Stamp | undefined {
  try {
    const { size, mtimeMs } = fs.statSync(path);
    return { size, mtimeMs };
  } catch {
    return undefined;
  }
}

const sameStamp = (a: Stamp | undefined, b: Stamp | undefined): boolean => a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs;

export class Reopener {
  /** Each input by the name findings give it, with its stamp (none for bytes in memory, which cannot change). */
  private readonly inputs = new Map<string, { ref: InputRef; stamp?: Stamp }>();
  private readonly opened = new Map<string, SourcePositions | undefined>();

  /** Stamps `refs` now: call it before the jobs read them. A pipe ('-') cannot be read again and is left out. */
  constructor(
    refs: readonly InputRef[],
    private readonly reading: ReadTuning | undefined,
    private readonly onError: (error: InputError) => void,
  ) {
    for (const ref of refs) {
      if (ref === '-') continue;
      const stamp = typeof ref === 'string' ? stampOf(ref) : undefined;
      this.inputs.set(displayName(ref), { ref, ...(stamp ? { stamp } : {}) });
    }
  }

  private positions(file: string): SourcePositions | undefined {
    if (!this.opened.has(file)) this.opened.set(file, this.guarded(() => this.read(file)));
    return this.opened.get(file);
  }

  private read(file: string): SourcePositions | undefined {
    const input = this.inputs.get(file);
    if (!input) return undefined;
    const { ref, stamp } = input;
    const checkUnchanged = (): void => {
      if (typeof ref === 'string' && !sameStamp(stamp, stampOf(ref))) throw new InputError(file, 'the file changed after it was read: lint a copy that nothing writes to');
    };
    checkUnchanged();
    const positions = readInput(ref, 0, this.reading ?? {}).input.positions;
    checkUnchanged();
    return positions;
  }

  readonly locate: FileLocator = (file, pointers) => this.guarded(() => this.positions(file)?.locate(pointers));

  lineTexts(file: string, lines: Iterable<number>): Map<number, string> {
    return this.guarded(() => this.positions(file)?.lineTexts(lines)) ?? new Map();
  }

  private guarded<T>(read: () => T | undefined): T | undefined {
    try {
      return read();
    } catch (error) {
      // Reading it again, or a big file's positions reading it later, finds it changed (or gone).
      if (!(error instanceof InputError)) throw error;
      this.onError(error);
      return undefined;
    }
  }
}
