// Issue 20: long messages were printed as one line that the terminal hard-wrapped mid-word (even inside the rule id).
// On a terminal the text format now wraps at word boundaries to its width; piped output is unchanged.
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { loadTextWrapping } from '../../src/report/text.js';
import type { Finding } from '../../src/engine/finding.js';
import { cli, ONE_ERROR, Sink } from '../cli/helpers.js';
import { run } from '../../src/cli/main.js';
import { FINDINGS, makeContext, makeReport } from './helpers.js';

const LONG: Finding = {
  ...(FINDINGS[0] as Finding),
  message: 'listener 0.0.0.0_8080, filter chain 0 asks RDS for route configuration "8080", which the proxy does not have: requests on this chain get 404 with response flag NR. Check the control plane.',
  ruleId: 'dangling-route-config',
};

const headLines = (out: string): string[] => {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.includes('dumps/a.json:'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('    at '));
  return lines.slice(start, end);
};

describe('text output wraps to the terminal width', () => {
  // The CLI loads the wrapping library only for a terminal; a caller of the reporter with a width loads it first.
  beforeAll(loadTextWrapping);

  it('wraps on word boundaries within the width, keeps the rule id whole and indents continuation lines', () => {
    for (const width of [60, 80, 100]) {
      const head = headLines(REPORTERS.text(makeReport([LONG]), makeContext({ width })));
      expect(head.length, `width ${width}`).toBeGreaterThan(1);
      for (const line of head) expect(line.length, line).toBeLessThanOrEqual(width);
      for (const line of head.slice(1)) expect(line.startsWith('      ') && line[6] !== ' ', line).toBe(true);
      expect(head.join(' ')).toContain('[dangling-route-config]');
      // No word is cut: joining the lines gives back the message.
      expect(head.map((l) => l.trim()).join(' ')).toContain(LONG.message);
    }
  });

  it('without a width (piped) each finding stays on one line', () => {
    expect(headLines(REPORTERS.text(makeReport([LONG]), makeContext()))).toHaveLength(1);
  });

  it('the CLI wraps for a terminal and not for a pipe', async () => {
    const tty = Object.assign(new Sink(true), { columns: 70 });
    const stderr = new Sink();
    await run([ONE_ERROR, '--rule', 'cluster-without-endpoints=off'], { stdout: tty, stderr, env: { NO_COLOR: '1' } });
    const ttyLines = tty.text.split('\n').filter((l) => l !== '');
    // Code frames show the source as it is (cut at 120 columns); the messages are what wraps.
    for (const line of ttyLines.filter((l) => !/^\s+\d*\s*\|/.test(l))) expect(line.length, line).toBeLessThanOrEqual(70);
    const piped = await cli([ONE_ERROR, '--rule', 'cluster-without-endpoints=off']);
    expect(piped.stdout.split('\n').some((l) => l.length > 70)).toBe(true);
  });
});
