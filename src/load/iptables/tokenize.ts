// Splits one line into whitespace-separated tokens, keeping 1-based columns for errors.
// Double quotes group (iptables-save quotes `--comment` text, with \" escapes). A token that
// starts with `#` ends the line: people annotate pasted rules with trailing comments, and
// iptables itself never prints a bare `#` inside a rule.

export interface Token {
  text: string;
  column: number;
}

export interface Tokenized {
  tokens: Token[];
  /** Column of an unterminated quote, if any. */
  unterminatedQuote: number | null;
}

export function tokenize(line: string): Tokenized {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] ?? '')) i++;
    if (i >= line.length) break;
    if (line[i] === '#') break;
    const start = i;
    let text = '';
    while (i < line.length && !/\s/.test(line[i] ?? '')) {
      const ch = line[i] ?? '';
      if (ch === '"') {
        i++;
        let closed = false;
        while (i < line.length) {
          const c = line[i] ?? '';
          if (c === '\\' && i + 1 < line.length) {
            text += line[i + 1] ?? '';
            i += 2;
            continue;
          }
          if (c === '"') {
            closed = true;
            i++;
            break;
          }
          text += c;
          i++;
        }
        if (!closed) return { tokens, unterminatedQuote: start + 1 };
        continue;
      }
      text += ch;
      i++;
    }
    tokens.push({ text, column: start + 1 });
  }
  return { tokens, unterminatedQuote: null };
}
