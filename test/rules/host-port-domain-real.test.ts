// host-port-domain on every real dump: quiet. Read from the files: Istio writes host, host:port and the short names
// for every service port; the ingress gateways of Envoy Gateway listen on 10080/10443 (the Gateway's 80/443, no port in
// Host); OSM's outbound-listener (14001) is transparent and its route domains carry ports; the remaining route
// configurations are served on 80 or their domains are "*" (Kuma's dump serves none).
import { describe, expect, it } from 'vitest';
import rule from '../../rules/host-port-domain.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import { realDumpFiles } from './real-dump-files.js';

describe('host-port-domain on the real dumps', () => {
  const files = realDumpFiles();
  it('finds the real dumps', () => expect(files.length).toBeGreaterThan(10));
  for (const { name, file } of files) {
    it(name, () => {
      const { report } = lintInputs([file], { rules: [rule] });
      expect(report.findings.map((f) => f.message)).toEqual([]);
    });
  }
});
