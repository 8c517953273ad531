// Issue 20: the JUnit report wrote every warning as a <failure> whatever --fail-on said, so a job that passed showed
// failed tests. Now its failures are exactly what fails the exit code.
import { describe, expect, it } from 'vitest';
import { cli, TWO_WARNINGS } from '../cli/helpers.js';

const failures = (xml: string): number => (xml.match(/<failure /g) ?? []).length;

describe('--format junit agrees with the exit code', () => {
  it('warnings pass under the default --fail-on error (exit 0)', async () => {
    const run = await cli([TWO_WARNINGS, '-f', 'junit']);
    expect(run.exitCode).toBe(0);
    expect(failures(run.stdout)).toBe(0);
    expect(run.stdout).toContain('<system-out>warning: ');
  });

  it('warnings fail with --fail-on warning, and past --max-warnings (exit 1)', async () => {
    for (const flags of [['--fail-on', 'warning'], ['--max-warnings', '1']]) {
      const run = await cli([TWO_WARNINGS, '-f', 'junit', ...flags]);
      expect(run.exitCode, flags.join(' ')).toBe(1);
      expect(failures(run.stdout), flags.join(' ')).toBe(2);
    }
    const within = await cli([TWO_WARNINGS, '-f', 'junit', '--max-warnings', '2']);
    expect(within.exitCode).toBe(0);
    expect(failures(within.stdout)).toBe(0);
  });
});
