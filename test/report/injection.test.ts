import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { neutralize } from '../../src/report/sanitize.js';
import { MAX_SOURCE_WIDTH, sourceFrame } from '../../src/report/text.js';
import type { Finding } from '../../src/engine/finding.js';
import { FINDINGS, makeContext, makeReport } from './helpers.js';

const ESLINT_COMPACT = /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/;

/** Characters that must never reach a terminal raw (besides the newlines that end our own lines). */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** Our own colour codes, which are the only escape sequences text output may contain with colour on. */
// eslint-disable-next-line no-control-regex
const OUR_SGR = /\u001b\[(?:0|1|2|4|31|32|33|34)m/g;

const HOSTILE = [
  '\u001b[2J\u001b[H', // clear screen, cursor home
  '\u001b]0;owned\u0007', // OSC: set window title
  '\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\', // OSC 8 hyperlink
  '\u009b31m', // C1 CSI
  'ok\rFAKE', // carriage return overwrite
  'a\bb\u007f', // backspace, DEL
  'line\nsecond: line 1, col 1, Error - forged (rule)',
  'bidi \u202eevil\u202c',
  'sep\u2028x',
];

function hostileFinding(text: string, base: Finding = FINDINGS[0] as Finding): Finding {
  return { ...base, message: `msg ${text}`, resource: { kind: 'cluster', name: `name ${text}` } };
}

function hostileSourceContext(text: string) {
  return makeContext({ sourceLine: () => `  "name": "${text}", "x": 1` });
}

describe('neutralize', () => {
  it('renders controls as visible escapes', () => {
    expect(neutralize('a\u001b[31mb')).toBe('a\\x1b[31mb');
    expect(neutralize('\u009b\u0085\u007f\u0000\n\t')).toBe('\\u009b\\u0085\\x7f\\x00\\x0a\\x09');
    expect(neutralize('\u202e\u2028')).toBe('\\u202e\\u2028');
    expect(neutralize('plain ünïcødé 😀 €')).toBe('plain ünïcødé 😀 €');
  });
});

describe('text and compact neutralise hostile names, messages and source lines', () => {
  for (const payload of HOSTILE) {
    it(`text: ${JSON.stringify(payload)}`, () => {
      for (const color of [false, true]) {
        const report = makeReport([hostileFinding(payload)]);
        const out = REPORTERS.text(report, { ...hostileSourceContext(payload), color });
        const stripped = out.replace(OUR_SGR, '');
        expect(stripped).not.toMatch(RAW_CONTROL);
        expect(stripped).not.toContain('\u001b');
        // file header, finding, resource, the line above (context), source, caret, blank, summary
        expect(stripped.split('\n')).toHaveLength(9);
        expect(stripped).toContain(neutralize(`name ${payload}`));
      }
    });

    it(`compact: ${JSON.stringify(payload)}`, () => {
      const out = REPORTERS.compact(makeReport([hostileFinding(payload)]), makeContext());
      expect(out).not.toMatch(RAW_CONTROL);
      expect(out.endsWith('\n')).toBe(true);
      const lines = out.slice(0, -1).split('\n');
      expect(lines).toHaveLength(1);
      const m = ESLINT_COMPACT.exec(lines[0] ?? '');
      expect(m?.slice(1, 5)).toEqual(['/work/project/dumps/a.json', '4', '62', 'Error']);
      expect(m?.[6]).toBe('route-unknown-cluster');
    });
  }

  it('property: any message and resource name keeps text and compact output to one safe line each', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), (message, name) => {
        const finding: Finding = { ...(FINDINGS[0] as Finding), message, resource: { kind: 'cluster', name } };
        const report = makeReport([finding]);
        const context = makeContext({ sourceLine: () => message });

        const text = REPORTERS.text(report, context);
        expect(text).not.toMatch(RAW_CONTROL);
        expect(text.split('\n').length).toBeLessThanOrEqual(9);

        const compact = REPORTERS.compact(report, context);
        expect(compact).not.toMatch(RAW_CONTROL);
        const lines = compact.slice(0, -1).split('\n');
        expect(lines).toHaveLength(1);
        const m = ESLINT_COMPACT.exec(lines[0] ?? '');
        expect(m?.slice(1, 5)).toEqual(['/work/project/dumps/a.json', '4', '62', 'Error']);
        expect(m?.[6]).toBe('route-unknown-cluster');
      }),
      { numRuns: 300 },
    );
  });

  it('property: github output has exactly one command line per finding, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { minLength: 1, maxLength: 5 }), (messages) => {
        const findings = messages.map((message) => ({ ...(FINDINGS[0] as Finding), message }));
        const out = REPORTERS.github(makeReport(findings), makeContext());
        const lines = out.slice(0, -1).split(/\r\n|\r|\n/);
        expect(lines).toHaveLength(messages.length);
        for (const line of lines) expect(line.startsWith('::error file=dumps/a.json,line=4,col=62,endColumn=85,title=route-unknown-cluster::')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('source frame', () => {
  it('keeps the caret under the column when controls before it are escaped', () => {
    const frame = sourceFrame('\u001b[31m"x": 1', 6);
    expect(frame.text).toBe('\\x1b[31m"x": 1');
    expect(frame.text.slice(frame.caret)).toBe('"x": 1');
  });

  it('cuts very long (minified) lines to a window around the column', () => {
    const line = `${'a'.repeat(5000)}HERE${'b'.repeat(5000)}`;
    const frame = sourceFrame(line, 5001);
    expect(frame.text.length).toBeLessThanOrEqual(MAX_SOURCE_WIDTH + 2);
    expect(frame.text.startsWith('…')).toBe(true);
    expect(frame.text.endsWith('…')).toBe(true);
    expect(frame.text.slice(frame.caret, frame.caret + 4)).toBe('HERE');
  });

  it('handles columns past the end of the line and at the start', () => {
    expect(sourceFrame('abc', 10)).toEqual({ text: 'abc', caret: 3, width: 1 });
    expect(sourceFrame('abc', 1)).toEqual({ text: 'abc', caret: 0, width: 3 });
    expect(sourceFrame('abc', 2, 3)).toEqual({ text: 'abc', caret: 1, width: 1 });
    const end = sourceFrame('x'.repeat(500), 500);
    expect(end.text.endsWith('x')).toBe(true);
    expect(end.caret).toBe(end.text.length - 1);
  });
});
