// The progress line: only on a terminal, only after about a second, at most every 100 ms, and erased at the end; and
// the detail it is fed while one big input is read.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressLine } from '../../src/cli/progress.js';
import { Sink, ROOT } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('progressLine', () => {
  it('writes nothing for the first second, then at most every 100 ms, and erases itself', () => {
    vi.useFakeTimers();
    const sink = new Sink(true);
    const progress = progressLine(sink, true);
    progress.update('early');
    expect(sink.text).toBe('');
    vi.advanceTimersByTime(1001);
    progress.update('scanned 10/600 MB');
    progress.update('too soon');
    vi.advanceTimersByTime(101);
    progress.update('scanned 20/600 MB');
    progress.clear();
    expect(sink.text).toBe('\r\u001b[2Kscanned 10/600 MB\r\u001b[2Kscanned 20/600 MB\r\u001b[2K');
  });

  it('stays silent off a terminal and when disabled (--quiet, --no-progress)', () => {
    vi.useFakeTimers();
    for (const [tty, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const sink = new Sink(tty);
      const progress = progressLine(sink, enabled);
      vi.advanceTimersByTime(5000);
      progress.update('x');
      progress.clear();
      expect(sink.text).toBe('');
    }
  });
});

describe('progress detail of a proxy', () => {
  it('hears the scan and the rules for an input read piecewise', async () => {
    const { runJob } = await import('../../src/fleet/job.js');
    const heard: string[] = [];
    const file = path.join(ROOT, 'fixtures/example/config_dump.json');
    runJob({ name: file, files: [file], iptables: [], settings: [], reading: { largeInputBytes: 1000 } }, undefined, (detail) => heard.push(detail));
    expect(heard[0]).toMatch(/^scanned \d+\.\d\/\d+\.\d MB$/);
    expect(heard[heard.length - 1]).toBe('running the rules');
  });
});
