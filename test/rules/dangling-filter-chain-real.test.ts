// dangling-filter-chain on every real dump. Read from the files (grep filter_chain_matcher): only the two Istio
// waypoint dumps have one, on listener main_internal.
// - istioctl proxy-config testdata: filter_chains inbound-vip|8000||httpbin…-http, inbound-vip|8100||httpbin…-http,
//   direct-tcp, direct-http; the matcher names exactly those (direct-http twice, for 'h2c' and 'http/1.1'): quiet.
// - istioctl compare testdata: main_internal keeps one chain, inbound-vip|9080||details.default.svc.cluster.local-http
//   (the testdata is trimmed), while its matcher still names 13 other inbound-vip chains and direct-http (twice) and
//   direct-tcp: each of those 16 actions sends connections to a chain the listener does not have — reported at the
//   action's value (the details one, line 600, resolves).
// Positions: the line of each `"value": "<chain>"` and the column of its opening quote, from grep -n.
import { describe, expect, it } from 'vitest';
import rule from '../../rules/dangling-filter-chain.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import { realDumpFiles } from './real-dump-files.js';

const COMPARE_DANGLING = [
  '567:52 inbound-vip|80||sleep.default.svc.cluster.local-http',
  '633:52 inbound-vip|9080||ratings.default.svc.cluster.local-http',
  '666:52 inbound-vip|9080||reviews.default.svc.cluster.local-http',
  '699:52 inbound-vip|9080||productpage.default.svc.cluster.local-http',
  '732:52 inbound-vip|9080||details-v1.default.svc.cluster.local-http',
  '765:52 inbound-vip|9080||productpage-v1.default.svc.cluster.local-http',
  '798:52 inbound-vip|9080||ratings-v1.default.svc.cluster.local-http',
  '831:52 inbound-vip|9080||reviews-v1.default.svc.cluster.local-http',
  '864:52 inbound-vip|9080||reviews-v2.default.svc.cluster.local-http',
  '897:52 inbound-vip|9080||reviews-v3.default.svc.cluster.local-http',
  '930:52 inbound-vip|80||bookinfo-gateway-istio.default.svc.cluster.local-http',
  '939:52 inbound-vip|15021||bookinfo-gateway-istio.default.svc.cluster.local-tcp',
  '972:52 inbound-vip|8080||reviews12.default.svc.cluster.local-http',
  '1033:52 direct-http',
  '1042:52 direct-http',
  '1054:46 direct-tcp',
];

const EXPECTED: Record<string, string[]> = {
  'istioctl_pkg_writer_compare_testdata_configdump.json': COMPARE_DANGLING,
};

describe('dangling-filter-chain on the real dumps', () => {
  for (const { name, file } of realDumpFiles()) {
    it(name, () => {
      const { report } = lintInputs([file], { rules: [rule] });
      expect(report.findings.map((f) => `${f.location?.line}:${f.location?.column} ${String(f.data?.name ?? '')}`)).toEqual(EXPECTED[name.split('/')[1] ?? ''] ?? []);
      for (const f of report.findings) {
        expect(f.resource).toEqual({ kind: 'listener', name: 'main_internal' });
        // An Istio waypoint (node id waypoint~…): the advice names istiod's own knobs.
        expect(f.message).toContain('istio.io/use-waypoint');
      }
    });
  }
});
