// route-timeout-default on every real dump. What a reader finds in them (a scan for route actions without `timeout`):
// - Istio sidecars and gateways write `timeout: 0s` on every route; their own bootstrap routes (prometheus_stats,
//   agent, health on 15021/15090) have none but send to bootstrap clusters: quiet. The trimmed istioctl testdata that
//   hold only listeners or route configurations (no node, no clusters) cannot be told to be Istio's, so their
//   bootstrap routes are taken for the configuration itself and reported (`--control-plane istio` silences them).
// - Two old (Istio 1.0-era) dumps route istio-pilot's 8080 without a timeout: reported.
// - Envoy Gateway writes no route timeout unless an HTTPRoute sets `timeouts`: each of its route configurations is
//   reported once (one gateway in in.all/out.all, two in the multiple-xds translation).
// - OSM's outbound and inbound route configurations have none, nor its prometheus listener's route: reported; its
//   bootstrap probes (liveness/readiness/startup to static clusters) are not.
// - Kuma's dump has no HTTP routes to a cluster.
import { describe, expect, it } from 'vitest';
import rule from '../../rules/route-timeout-default.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import { atAndMessageId, findingsOnRealDumps, realDumpFiles } from './real-dump-files.js';

/** Expected findings (`line:column messageId`) by file name; every other real dump: none. */
const EXPECTED: Record<string, string[]> = {
  'istioctl_pkg_authz_testdata_configdump.yaml': ['36:26 noTimeout', '89:26 noTimeout'],
  'istioctl_pkg_writer_envoy_configdump_testdata_routes_empty-gateway_configdump.json': ['20:20 noTimeout', '44:20 noTimeout'],
  'istioctl_pkg_writer_compare_testdata_envoyconfigdump.json': ['381:74 noTimeout'],
  'pilot_pkg_proxy_envoy_configdump_testdata_configdump.json': ['112:74 noTimeout'],
  'envoyproxy_gateway_internal_cmd_egctl_testdata_config_in_in.all.json': ['2213:50 noTimeout'],
  'envoyproxy_gateway_internal_cmd_egctl_testdata_config_out_out.all.json': ['2215:34 noTimeout'],
  'envoyproxy_gateway_internal_cmd_egctl_testdata_translate_out_multiple-xds.route.json': ['50:30 noTimeout', '113:30 noTimeout'],
  'openservicemesh_osm_pkg_cli_verifier_testdata_sample-envoy-config-dump-bookbuyer.json': ['468:20 noTimeout'],
  'openservicemesh_osm_pkg_cli_verifier_testdata_sample-envoy-config-dump-bookstore.json': ['1657:27 noTimeout', '1862:20 noTimeout', '1965:20 noTimeout'],
};

describe('route-timeout-default on the real dumps', () => {
  findingsOnRealDumps(rule, EXPECTED, atAndMessageId, true);
  it('an Istio dump told so keeps its bootstrap routes to itself', () => {
    const file = realDumpFiles().find((f) => f.name.endsWith('routes_empty-gateway_configdump.json'));
    if (!file) throw new Error('fixture missing');
    expect(lintInputs([file.file], { rules: [rule], controlPlane: 'istio' }).report.findings).toEqual([]);
  });
});
