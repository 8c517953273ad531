// Writing an output file (a report, a baseline): creates the directory; a failure is a one-line usage error.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

export function writeTextFile(file: string, text: string, what: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
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
