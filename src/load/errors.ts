// Input problems: an input that cannot be read at all (InputError, exit 2) and recoverable notes about an input.

export class InputError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** The one-line form printed on stderr: `file:line:col: message`. */
  oneLine(): string {
    const where = this.line !== undefined ? `${this.file}:${this.line}:${this.column ?? 1}` : this.file;
    return `${where}: ${this.message.replace(/[\r\n]+/g, ' ')}`;
  }
}

/** Something worth telling the user about an input that was still read (kubectl noise skipped, ...). */
export interface InputNote {
  file: string;
  line: number;
  column: number;
  message: string;
}
