// dangling-internal-listener on every real dump. Read from the files: only two name internal listeners. istioctl's
// proxy-config testdata (a waypoint dump trimmed to one listener, main_internal) has an EDS endpoint of
// inbound-vip|8100|http|httpbin... connecting to connect_originate, which the dump does not hold: reported. The
// compare testdata waypoint has connect_originate and main_internal as internal listeners and no endpoint naming a
// missing one. No other dump uses envoy_internal_address.
import { describe, expect, it } from 'vitest';
import rule from '../../rules/dangling-internal-listener.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import { realDumpFiles } from './real-dump-files.js';

const EXPECTED: Record<string, string[]> = {
  'istioctl_pkg_proxyconfig_testdata_config_dump.json': ['184:51 missing cluster:inbound-vip|8100|http|httpbin.default.svc.cluster.local'],
};

describe('dangling-internal-listener on the real dumps', () => {
  for (const { name, file } of realDumpFiles()) {
    it(name, () => {
      const { report } = lintInputs([file], { rules: [rule] });
      expect(report.findings.map((f) => `${f.location?.line}:${f.location?.column} ${f.messageId} ${f.resource.kind}:${f.resource.name}`)).toEqual(EXPECTED[name.split('/')[1] ?? ''] ?? []);
    });
  }
});
