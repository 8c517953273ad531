// The way out for every line the CLI writes itself (the reporters neutralise their own output): stderr messages,
// trace and route-check text, the fleet summary, --list-rules. Names in them come from dumps, file names, plugins and
// argv, any of which may hold terminal control (OSC 52 clipboard writes, CSI clear-screen, CR, bidi overrides).
import { neutralize } from '../report/sanitize.js';

/**
 * `lines` as terminal text: each line neutralised, so a control or newline inside one shows as `\x1b`, `\x0a`, and
 * cannot act on the terminal or forge a line, then each ended by '\n'.
 */
export function terminalLines(lines: string | readonly string[]): string {
  return (typeof lines === 'string' ? [lines] : lines).map((line) => `${neutralize(line)}\n`).join('');
}

/** Text made of lines already (commander's usage and errors, a stack trace): its newlines kept, the rest neutralised. */
export function terminalText(text: string): string {
  return terminalLines(text.replace(/\n$/, '').split('\n'));
}
