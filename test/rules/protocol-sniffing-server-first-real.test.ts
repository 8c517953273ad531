// protocol-sniffing-server-first on every real dump: quiet. Read from the files: no listener of them serves a
// server-first port (21, 25, 110, 119, 143, 587, 3306) with inspector-dependent chains; Istio's sniffing listeners
// (http_inspector, application_protocols http/1.1 and h2c, listener_filters_timeout 0s) are all on HTTP or unnamed
// client-first ports.
import { describe, expect, it } from 'vitest';
import rule from '../../rules/protocol-sniffing-server-first.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import { realDumpFiles } from './real-dump-files.js';

describe('protocol-sniffing-server-first on the real dumps', () => {
  const files = realDumpFiles();
  it('finds the real dumps', () => expect(files.length).toBeGreaterThan(10));
  for (const { name, file } of files) {
    it(name, () => {
      const { report } = lintInputs([file], { rules: [rule] });
      expect(report.findings.map((f) => f.message)).toEqual([]);
    });
  }
});
