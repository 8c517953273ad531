import { describe, expect, it } from 'vitest';
import { REPORTERS, githubStepSummary } from '../../src/report/index.js';
import { escapeData, escapeProperty } from '../../src/report/github.js';
import { markdownCell, markdownCode } from '../../src/markdown.js';
import type { Finding, Severity } from '../../src/engine/finding.js';
import { AWKWARD_NAME, FINDINGS, makeContext, makeReport } from './helpers.js';

/** What the Actions runner does to a command's message and property values (the inverse of the escaping). */
function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
function unescapeProperty(s: string): string {
  return s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%');
}

interface Command {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** Parse one workflow command line the way the runner does: `::name k=v,k=v::data`. */
function parseCommand(line: string): Command | undefined {
  if (!line.startsWith('::')) return undefined;
  const end = line.indexOf('::', 2);
  if (end < 0) return undefined;
  const head = line.slice(2, end);
  const space = head.indexOf(' ');
  const command = space < 0 ? head : head.slice(0, space);
  const properties: Record<string, string> = {};
  if (space >= 0) {
    for (const pair of head.slice(space + 1).split(',')) {
      const eq = pair.indexOf('=');
      properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { command, properties, message: unescapeData(line.slice(end + 2)) };
}

function lines(out: string): string[] {
  return out === '' ? [] : out.replace(/\n$/, '').split(/\r\n|\r|\n/);
}

function withFinding(patch: Partial<Finding>): Finding {
  return { ...(FINDINGS[0] as Finding), ...patch };
}

describe('github reporter', () => {
  it('escapes data and property values as the runner expects', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeData('%0A')).toBe('%250A');
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
    expect(escapeData('a:b,c')).toBe('a:b,c');
  });

  it('one command per finding, most severe first, round-tripping every field', () => {
    const out = REPORTERS.github(makeReport(), makeContext());
    const commands = lines(out).map(parseCommand);
    expect(commands.map((c) => c?.command)).toEqual(['error', 'error', 'warning', 'notice']);
    expect(commands[0]).toEqual({
      command: 'error',
      properties: { file: 'dumps/a.json', line: '4', col: '62', endColumn: '85', title: 'route-unknown-cluster' },
      message: FINDINGS[0]?.message,
    });
    // Within a severity the engine's order is kept.
    expect(commands[1]?.properties.file).toBe('dumps/b config.json');
    expect(commands[2]?.message).toBe(FINDINGS[2]?.message);
  });

  it('emits errors before warnings before notices even when they come interleaved', () => {
    const severities: Severity[] = ['info', 'warning', 'error', 'info', 'error', 'warning'];
    const findings = severities.map((severity, i) =>
      withFinding({ severity, ruleId: `r${i}`, location: { file: 'f.json', line: i + 1, column: 1, endLine: i + 1, endColumn: 1, pointer: '' } }),
    );
    const commands = lines(REPORTERS.github(makeReport(findings), makeContext())).map(parseCommand);
    expect(commands.map((c) => `${c?.command}:${c?.properties.title}`)).toEqual([
      'error:r2',
      'error:r4',
      'warning:r1',
      'warning:r5',
      'notice:r0',
      'notice:r3',
    ]);
  });

  it('paths are relative to cwd (GITHUB_WORKSPACE) and escaped in properties', () => {
    const finding = withFinding({
      ruleId: 'rule,with:odd%chars',
      location: { file: '/work/project/a,b:c.json', line: 1, column: 2, endLine: 1, endColumn: 2, pointer: '' },
    });
    const [line] = lines(REPORTERS.github(makeReport([finding]), makeContext()));
    expect(line).toBe('::error file=a%2Cb%3Ac.json,line=1,col=2,title=rule%2Cwith%3Aodd%25chars::' + escapeData(finding.message));
    expect(parseCommand(line ?? '')?.properties).toEqual({
      file: 'a,b:c.json',
      line: '1',
      col: '2',
      title: 'rule,with:odd%chars',
    });
  });

  it('a message cannot start another workflow command', () => {
    const payloads = [
      'ok\n::add-mask::secret',
      'ok\n::error file=x::pwned',
      'ok\r::stop-commands::token',
      'ok\r\n::warning::x',
      'ok%0A::error::already-escaped',
      'ok\u2028::error::x',
      'ok\u001b[2K\r::error::x',
    ];
    for (const message of payloads) {
      const finding = withFinding({ message, resource: { kind: 'cluster', name: message } });
      const out = REPORTERS.github(makeReport([finding]), makeContext({ cwd: '/work/project' }));
      const all = lines(out);
      expect(all, JSON.stringify(message)).toHaveLength(1);
      expect(out.match(/(^|[\r\n])::/g)).toHaveLength(1);
      const parsed = parseCommand(all[0] ?? '');
      expect(parsed?.command).toBe('error');
      // The text survives (after unescaping) except that terminal control characters are shown as escapes.
      const shown = parsed?.message.replace(/\\x([0-9a-f]{2})|\\u([0-9a-f]{4})/g, (_m, x?: string, u?: string) =>
        String.fromCharCode(parseInt(x ?? u ?? '', 16)),
      );
      expect(shown).toBe(message);
    }
  });

  it('prints nothing when there are no findings', () => {
    expect(REPORTERS.github(makeReport([]), makeContext())).toBe('');
  });
});

describe('githubStepSummary', () => {
  it('has the counts and a table row for every finding', () => {
    const md = githubStepSummary(makeReport(), makeContext());
    expect(md).toContain('4 problems (2 errors, 1 warning, 1 info)');
    const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'));
    const findingRows = rows.slice(3);
    expect(findingRows).toHaveLength(FINDINGS.length);
    for (const row of findingRows) {
      // Unescaped pipes delimit exactly 5 cells.
      expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
    }
    expect(findingRows[0]).toContain('default, ns:prod<br>second-line');
    expect(findingRows[0]).toContain('outbound\\|9080\\|\\|reviews');
    expect(findingRows[0]).toContain('dumps/a.json:4');
    expect(md).not.toContain(AWKWARD_NAME);
  });

  it('more findings than annotations can show are all in the table', () => {
    const findings = Array.from({ length: 25 }, (_, i) =>
      withFinding({ location: { file: '/work/project/x.json', line: i + 1, column: 1, endLine: i + 1, endColumn: 1, pointer: '' } }),
    );
    const report = { ...makeReport(findings) };
    const md = githubStepSummary(report, makeContext());
    for (let i = 1; i <= 25; i++) expect(md).toContain(`| x.json:${i} |`);
  });

  it('table cells are literal and single-line', () => {
    expect(markdownCell('a|b\nc\r\nd')).toBe('a\\|b<br>c<br>d');
    expect(markdownCell('<img src=x onerror=alert(1)> & *bold* [link](http://x) `code`')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &amp; \\*bold\\* \\[link\\](http://x) \\`code\\`',
    );
    // The summary neutralises controls before the cell escapes them.
    const md = githubStepSummary(makeReport([withFinding({ message: 'esc\u001b[31m' })]), makeContext());
    expect(md).toContain('| esc\\\\x1b\\[31m |');
  });

  it('code cells: a fence longer than any backtick run, `|` escaped, one line', () => {
    expect(markdownCode('a|b')).toBe('`a\\|b`');
    expect(markdownCode('x `y` z')).toBe('``x `y` z``');
    expect(markdownCode('`start')).toBe('`` `start ``');
    expect(markdownCode('one\ntwo')).toBe('`one two`');
  });

  it('says so when clean', () => {
    expect(githubStepSummary(makeReport([]), makeContext())).toContain('no problems');
  });
});
