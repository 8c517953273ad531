// --jobs by default: one thread up to 2 cores (measured: a second one is no faster there), then half the cores.
import { describe, expect, it } from 'vitest';
import { defaultJobs } from '../../src/fleet/run.js';

describe('defaultJobs', () => {
  it('is 1 up to 2 cores, half the cores beyond, at most 8', () => {
    expect([1, 2, 3, 4, 6, 8, 16, 64].map((cores) => defaultJobs(cores))).toEqual([1, 1, 1, 2, 3, 4, 8, 8]);
  });

  it('is at least 1 on this machine', () => {
    expect(defaultJobs()).toBeGreaterThanOrEqual(1);
  });
});
