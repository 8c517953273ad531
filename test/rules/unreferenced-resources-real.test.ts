// unreferenced-resources on every real dump: quiet. Read from the files: they are small; the largest, istioctl's
// productpage sidecar, has 55 clusters of which only BlackHoleCluster is named by nothing (1 < 10); the others hold
// at most one unreachable cluster (an unused v1 subset, Kuma's admin cluster, a policy cluster).
import { describe, expect, it } from 'vitest';
import rule from '../../rules/unreferenced-resources.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import { realDumpFiles } from './real-dump-files.js';

describe('unreferenced-resources on the real dumps', () => {
  const files = realDumpFiles();
  it('finds the real dumps', () => expect(files.length).toBeGreaterThan(10));
  for (const { name, file } of files) {
    it(name, () => {
      const { report } = lintInputs([file], { rules: [rule] });
      expect(report.findings.map((f) => f.message)).toEqual([]);
    });
  }
});
