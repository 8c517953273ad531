// The admin endpoint's /clusters output in its default text form, as `istioctl bug-report` saves it (it fetches
// `clusters`, not `clusters?format=json`). One stat per line, `::`-separated: cluster-wide lines
// (`<cluster>::observability_name::<name>`, `<cluster>::default_priority::max_connections::1024`,
// `<cluster>::outlier::success_rate_average::-1`, `<cluster>::added_via_api::true`) and per-host lines
// (`<cluster>::<address>::<stat>::<value>`), of which `health_flags` says why a host is out of rotation: `healthy`,
// or the flags Envoy's HostUtility::healthFlagsToString joins with `/` (`/failed_active_hc/failed_outlier_check`).
// Read into the same ClusterStatus as the JSON form, each value located by its line.
import type { ClusterStatus, HostStatus } from './runtime.js';

/** The keys of cluster-wide lines: the second field of such a line is one of these, never an address. */
const CLUSTER_KEYS = new Set(['observability_name', 'default_priority', 'high_priority', 'outlier', 'added_via_api', 'eds_service_name']);

/** A host line: cluster, address (an IPv6 address has `::` in it, so the stat is the last `::word::`), stat, value. */
const HOST_LINE = /^(.*?)::(.+)::([a-z_]+)::(.*)$/;
const CLUSTER_LINE = /^(.*?)::([a-z_]+)::/;

/** Text flags → the words of the JSON form (HostHealthStatus), so rules and messages speak one vocabulary. */
const FLAG_WORDS: Readonly<Record<string, string>> = {
  failed_active_hc: 'failed_active_health_check',
  failed_eds_health: 'eds_health_status not HEALTHY (failed_eds_health)',
  eds_status_draining: 'eds_health_status DRAINING',
};
const DEGRADED_FLAGS = new Set(['degraded_active_hc', 'degraded_eds_health']);

/** Whether text is /clusters in its text form: its first line is a cluster-wide or host stat line. */
export function looksLikeClustersText(text: string): boolean {
  const first = text.slice(0, 4096).split('\n', 1)[0]?.trim() ?? '';
  if (/\s/.test(first)) return false;
  const cluster = CLUSTER_LINE.exec(first);
  if (cluster && CLUSTER_KEYS.has(cluster[2] ?? '')) return true;
  const host = HOST_LINE.exec(first);
  return host !== null && /^(?:\[[0-9a-fA-F:.]+\]|[\w.-]+):\d+$|^\/|^envoy:\/\//.test(host[2] ?? '');
}

/** The clusters and their hosts' health in /clusters text; values point at their lines of input `input`. */
export function readClustersText(text: string, input: number): ClusterStatus[] {
  const clusters = new Map<string, { status: ClusterStatus; hosts: Map<string, HostStatus> }>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    const origin = { input, pointer: '', line: i + 1, column: 1 };
    const clusterLine = CLUSTER_LINE.exec(line);
    const host = clusterLine && CLUSTER_KEYS.has(clusterLine[2] ?? '') ? undefined : HOST_LINE.exec(line);
    const name = host?.[1] ?? clusterLine?.[1];
    if (name === undefined || name === '') continue;
    let entry = clusters.get(name);
    if (!entry) clusters.set(name, (entry = { status: { name, hosts: [], origin }, hosts: new Map() }));
    if (!host) continue;
    const [, , address = '?', stat, value = ''] = host;
    let status = entry.hosts.get(address);
    if (!status) {
      status = { address, out: [], degraded: false, origin };
      entry.hosts.set(address, status);
      entry.status.hosts.push(status);
    }
    if (stat !== 'health_flags') continue;
    status.origin = origin;
    for (const flag of value.split('/').filter((f) => f !== '' && f !== 'healthy')) {
      if (DEGRADED_FLAGS.has(flag)) status.degraded = true;
      else status.out.push(FLAG_WORDS[flag] ?? flag);
    }
  }
  return [...clusters.values()].map((c) => c.status);
}
