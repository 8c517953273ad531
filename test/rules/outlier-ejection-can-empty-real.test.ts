// outlier-ejection-can-empty on every real dump: quiet. Read from the files: Envoy Gateway's outlier_detection {} has
// no common_lb_config.healthy_panic_threshold (Envoy's 50% applies); Kuma's enforces no detector (all enforcing_* 0);
// Istio's bootstrap golden has outlier_detection under cluster_manager (an event log path), not on a cluster; no Istio
// dump here has a DestinationRule with outlier detection.
import { describe, expect, it } from 'vitest';
import rule from '../../rules/outlier-ejection-can-empty.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import { realDumpFiles } from './real-dump-files.js';

describe('outlier-ejection-can-empty on the real dumps', () => {
  const files = realDumpFiles();
  it('finds the real dumps', () => expect(files.length).toBeGreaterThan(10));
  for (const { name, file } of files) {
    it(name, () => {
      const { report } = lintInputs([file], { rules: [rule] });
      expect(report.findings.map((f) => f.message)).toEqual([]);
    });
  }
});
