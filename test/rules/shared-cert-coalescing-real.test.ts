// shared-cert-coalescing on every real dump: quiet. Read from the files: the TLS chains with ALPN h2 are mesh sidecars'
// (Istio, OSM), whose TLS clients are other Envoys and are skipped, and Istio's waypoint connect_terminate, one chain;
// no gateway dump here serves two server_names from one certificate.
import { describe, expect, it } from 'vitest';
import rule from '../../rules/shared-cert-coalescing.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import { realDumpFiles } from './real-dump-files.js';

describe('shared-cert-coalescing on the real dumps', () => {
  const files = realDumpFiles();
  it('finds the real dumps', () => expect(files.length).toBeGreaterThan(10));
  for (const { name, file } of files) {
    it(name, () => {
      const { report } = lintInputs([file], { rules: [rule] });
      expect(report.findings.map((f) => f.message)).toEqual([]);
    });
  }
});
