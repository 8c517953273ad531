// Pairing `--format` with `--output-file`: each -o names the file of the -f just before it (an -o before any -f
// goes with the next one); a format without -o prints to stdout, and at most one may.
import path from 'node:path';
import { isFormatName, type FormatName } from '../report/index.js';
import { UsageError } from './errors.js';

export interface FormatRequest {
  format: FormatName;
  /** Absolute path of the output file; undefined means stdout. */
  outputFile?: string;
}

interface Pending {
  format: string;
  outputFile?: string;
}

/** Collects -f and -o in the order they appear on the command line. */
export class FormatPairing {
  private readonly requests: Pending[] = [];
  private waitingOutput: string | undefined;

  addFormat(format: string): void {
    const request: Pending = { format };
    if (this.waitingOutput !== undefined) [request.outputFile, this.waitingOutput] = [this.waitingOutput, undefined];
    this.requests.push(request);
  }

  addOutput(file: string): void {
    const last = this.requests[this.requests.length - 1];
    if (last && last.outputFile === undefined) {
      last.outputFile = file;
      return;
    }
    if (!last && this.waitingOutput === undefined) {
      this.waitingOutput = file;
      return;
    }
    const owner = last ? `--format ${last.format} already writes to ${last.outputFile ?? ''}` : `"${this.waitingOutput ?? ''}" is already waiting for a --format`;
    throw new UsageError(`--output-file ${file}: ${owner}; put each -o right after the -f it is for`);
  }

  /** The requests, with the default format when none was given; paths resolved against `cwd`. */
  resolve(defaultFormat: FormatName, cwd: string): FormatRequest[] {
    const pending = this.requests.length > 0 ? this.requests : [{ format: defaultFormat, ...(this.waitingOutput !== undefined ? { outputFile: this.waitingOutput } : {}) }];
    const out: FormatRequest[] = pending.map(({ format, outputFile }) => {
      if (!isFormatName(format)) throw new UsageError(`--format: unknown format "${format}"`);
      return outputFile === undefined ? { format } : { format, outputFile: path.resolve(cwd, outputFile) };
    });
    const toStdout = out.filter((r) => r.outputFile === undefined);
    if (toStdout.length > 1) {
      throw new UsageError(`--format ${toStdout.map((r) => r.format).join(' and ')} would ${toStdout.length === 2 ? 'both' : 'all'} print to stdout; give all but one an --output-file (-o)`);
    }
    const files = out.flatMap((r) => (r.outputFile !== undefined ? [r.outputFile] : []));
    const twice = files.find((f, i) => files.indexOf(f) !== i);
    if (twice !== undefined) throw new UsageError(`--output-file ${twice} is named for two formats`);
    return out;
  }
}
