import { describe, expect, it } from 'vitest';
import { REPORTERS, FORMAT_NAMES, isFormatName, githubStepSummary } from '../../src/report/index.js';
import type { FormatName } from '../../src/report/index.js';
import { expectGolden, makeContext, makeReport } from './helpers.js';

const EXTENSION: Record<FormatName, string> = {
  text: 'txt',
  compact: 'txt',
  json: 'json',
  sarif: 'sarif.json',
  github: 'txt',
  junit: 'xml',
  html: 'html',
  dot: 'dot',
  mermaid: 'mmd',
};

describe('golden output', () => {
  for (const format of FORMAT_NAMES) {
    it(`${format}`, () => {
      expectGolden(`${format}.${EXTENSION[format]}`, REPORTERS[format](makeReport(), makeContext()));
    });
    it(`${format} (no findings)`, () => {
      expectGolden(`${format}-clean.${EXTENSION[format]}`, REPORTERS[format](makeReport([]), makeContext()));
    });
  }

  it('text with colour', () => {
    expectGolden('text-color.txt', REPORTERS.text(makeReport(), makeContext({ color: true })));
  });

  it('github step summary', () => {
    expectGolden('github-summary.md', githubStepSummary(makeReport(), makeContext()));
    expectGolden('github-summary-clean.md', githubStepSummary(makeReport([]), makeContext()));
  });
});

describe('REPORTERS', () => {
  it('has one reporter per format name', () => {
    expect([...FORMAT_NAMES].sort()).toEqual(['compact', 'dot', 'github', 'html', 'json', 'junit', 'mermaid', 'sarif', 'text']);
  });

  it('isFormatName accepts exactly the format names', () => {
    for (const format of FORMAT_NAMES) expect(isFormatName(format)).toBe(true);
    for (const other of ['', 'TEXT', 'xml', 'toString', '__proto__', 'constructor']) expect(isFormatName(other)).toBe(false);
  });

  it('reporters are pure: same input, same output, input unchanged', () => {
    for (const format of FORMAT_NAMES) {
      const report = makeReport();
      const before = JSON.stringify(report);
      const first = REPORTERS[format](report, makeContext());
      expect(REPORTERS[format](report, makeContext())).toBe(first);
      expect(JSON.stringify(report)).toBe(before);
    }
  });

  it('text colours only when context.color', () => {
    expect(REPORTERS.text(makeReport(), makeContext())).not.toContain('\u001b');
    expect(REPORTERS.text(makeReport(), makeContext({ color: true }))).toContain('\u001b[31merror\u001b[0m');
  });

  it('text ends with the summary line', () => {
    const lines = REPORTERS.text(makeReport(), makeContext()).trimEnd().split('\n');
    expect(lines.at(-1)).toBe('✖ 4 problems (2 errors, 1 warning, 1 info)');
    expect(REPORTERS.text(makeReport([]), makeContext())).toBe('no problems\n');
  });

  it('json is the report itself with keys in contract order', () => {
    const report = makeReport();
    // Build a finding with keys in a scrambled order: the output order must not depend on it.
    const [first, ...rest] = report.findings;
    if (!first) throw new Error('fixture has findings');
    const scrambled = {
      ...report,
      summary: { failedInputs: 0, info: report.summary.info, error: report.summary.error, warning: report.summary.warning },
      findings: [
        {
          location: { pointer: first.location.pointer, endColumn: first.location.endColumn, endLine: first.location.endLine, column: first.location.column, line: first.location.line, file: first.location.file },
          messageId: first.messageId,
          message: first.message,
          resource: { name: first.resource.name, kind: first.resource.kind },
          severity: first.severity,
          ruleId: first.ruleId,
        },
        ...rest,
      ],
    };
    const out = REPORTERS.json(scrambled, makeContext());
    expect(out).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(JSON.parse(out)).toEqual(report);
  });
});
