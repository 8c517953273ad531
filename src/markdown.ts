// Text for Markdown table cells, shared by every Markdown output (the github step summary, explain's and diff's
// --format markdown). A leaf: it imports nothing, so control characters are each caller's to neutralise first
// (src/report/sanitize.ts, or the CLI's terminalLines), where the one set of unsafe characters is applied.

/**
 * `s` as literal Markdown text on one line: Markdown and HTML specials escaped (so a name cannot become a link, an
 * image or a tag), newlines as `<br>`, and `|` escaped so a table cell cannot end early. Also valid outside tables.
 */
export function markdownCell(s: string): string {
  return s
    .replace(/[\\`*_[\]~|#!]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

/**
 * `s` as a code span inside a table cell. Backslash escapes do not work inside code, so the fence is made longer
 * than any run of backticks in `s`; GFM takes `\|` out of a cell before it reads the code span, so `|` is still
 * escaped; newlines (which would end the table row) become spaces, as a code span shows them anyway.
 */
export function markdownCode(s: string): string {
  const text = s.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  // A space each side keeps a backtick at either end from joining the fence (CommonMark strips one of each).
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
