// /clusters in its text form (what istioctl bug-report saves): recognised by its first line, each host's health read
// from its health_flags line (Envoy's HostUtility::healthFlagsToString words), IPv6 addresses kept whole.
import { describe, expect, it } from 'vitest';
import { looksLikeClustersText, readClustersText } from '../../src/load/clusters-text.js';

const TEXT = [
  'outbound|80||web.default.svc.cluster.local::observability_name::outbound|80||web.default.svc.cluster.local',
  'outbound|80||web.default.svc.cluster.local::default_priority::max_connections::4294967295',
  'outbound|80||web.default.svc.cluster.local::outlier::success_rate_average::-1',
  'outbound|80||web.default.svc.cluster.local::[fd00:10:244::7]:80::cx_active::0',
  'outbound|80||web.default.svc.cluster.local::[fd00:10:244::7]:80::health_flags::/failed_active_hc/failed_outlier_check',
  'outbound|80||web.default.svc.cluster.local::10.244.0.8:80::health_flags::/degraded_eds_health',
  'outbound|80||web.default.svc.cluster.local::10.244.0.9:80::health_flags::healthy',
  'outbound|80||web.default.svc.cluster.local::10.244.0.10:80::health_flags::/failed_eds_health/pending_dynamic_removal',
  'BlackHoleCluster::observability_name::BlackHoleCluster',
  '',
].join('\n');

describe('/clusters text', () => {
  it('is recognised by its first line, and not confused with iptables, YAML or other admin text', () => {
    expect(looksLikeClustersText(TEXT)).toBe(true);
    expect(looksLikeClustersText('outbound|80||web::10.0.0.1:80::health_flags::healthy\n')).toBe(true);
    expect(looksLikeClustersText('*nat\n:PREROUTING ACCEPT [0:0]\n')).toBe(false);
    expect(looksLikeClustersText('static_resources:\n  listeners: []\n')).toBe(false);
    expect(looksLikeClustersText('0.0.0.0_15001::0.0.0.0:15001\n')).toBe(false); // /listeners text
    expect(looksLikeClustersText('envoy_cluster_upstream_cx_total{cluster_name="x"} 0\n')).toBe(false);
  });

  it("reads each host's health, by its line", () => {
    const [web, blackhole] = readClustersText(TEXT, 3);
    expect(web?.name).toBe('outbound|80||web.default.svc.cluster.local');
    expect(web?.origin).toEqual({ input: 3, pointer: '', line: 1, column: 1 });
    expect(web?.hosts.map((h) => [h.address, h.out, h.degraded, h.origin.line])).toEqual([
      ['[fd00:10:244::7]:80', ['failed_active_health_check', 'failed_outlier_check'], false, 5],
      ['10.244.0.8:80', [], true, 6],
      ['10.244.0.9:80', [], false, 7],
      ['10.244.0.10:80', ['eds_health_status not HEALTHY (failed_eds_health)', 'pending_dynamic_removal'], false, 8],
    ]);
    expect(blackhole).toMatchObject({ name: 'BlackHoleCluster', hosts: [] });
  });
});
