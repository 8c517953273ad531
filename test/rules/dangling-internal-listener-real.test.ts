// dangling-internal-listener on every real dump. Read from the files: only two name internal listeners. istioctl's
// proxy-config testdata (a waypoint dump trimmed to one listener, main_internal) has an EDS endpoint of
// inbound-vip|8100|http|httpbin... connecting to connect_originate, which the dump does not hold: reported. The
// compare testdata waypoint has connect_originate and main_internal as internal listeners and no endpoint naming a
// missing one. No other dump uses envoy_internal_address.
import { describe } from 'vitest';
import rule from '../../rules/dangling-internal-listener.js';
import { findingsOnRealDumps } from './real-dump-files.js';

const EXPECTED: Record<string, string[]> = {
  'istioctl_pkg_proxyconfig_testdata_config_dump.json': ['184:51 missing cluster:inbound-vip|8100|http|httpbin.default.svc.cluster.local'],
};

describe('dangling-internal-listener on the real dumps', () =>
  findingsOnRealDumps(rule, EXPECTED, (f) => `${f.location?.line}:${f.location?.column} ${f.messageId} ${f.resource.kind}:${f.resource.name}`));
