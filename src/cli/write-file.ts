// Writing an output file (a report, a baseline): creates the directory; a failure is a one-line usage error.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

/**
 * mkdir -p, one level at a time: Node's own `recursive: true` spins forever where mkdir answers ENOENT for a parent
 * that exists (`/proc/nope`), so each level is tried once, its parent made first when it is missing.
 */
function makeDirectory(dir: string, depth = 0): void {
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && fs.statSync(dir).isDirectory()) return;
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir || depth > 64) throw error;
    makeDirectory(parent, depth + 1);
    fs.mkdirSync(dir);
  }
}

export function writeTextFile(file: string, text: string, what: string): void {
  try {
    makeDirectory(path.dirname(file));
    fs.writeFileSync(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${what} ${file}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
  }
}

export function appendTextFile(file: string, text: string, what: string): void {
  try {
    fs.appendFileSync(file, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot append to ${what} ${file}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
  }
}
