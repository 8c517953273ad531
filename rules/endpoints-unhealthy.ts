import { defineRule } from '../src/engine/rule.js';
import type { ClusterStatus, HostStatus } from '../src/load/runtime.js';

/** Envoy's healthy_panic_threshold when a cluster does not set one: below 50% healthy, it sends to every host. */
const DEFAULT_PANIC_PERCENT = 50;

function hostList(hosts: readonly HostStatus[]): string {
  const shown = hosts.slice(0, 5).map((h) => `${h.address} (${h.out.join(', ')})`);
  return shown.join('; ') + (hosts.length > 5 ? `; and ${hosts.length - 5} more` : '');
}

/** What to look at for the reasons the hosts are out. */
function advice(out: readonly HostStatus[]): string {
  const reasons = new Set(out.flatMap((h) => h.out));
  const tips: string[] = [];
  if (reasons.has('failed_outlier_check')) tips.push("outlier detection ejected them after consecutive errors: look at the upstream's 5xx/connect failures (the cluster's outlier_detection says how many and for how long)");
  if (reasons.has('failed_active_health_check') || reasons.has('active_hc_timeout')) tips.push('they fail the active health check: check its path and port against what the service answers');
  if ([...reasons].some((r) => r.startsWith('eds_health_status'))) tips.push('the control plane marks them unhealthy or draining in EDS: their pods are not ready (readiness probes) or are terminating');
  if (reasons.has('pending_dynamic_removal')) tips.push('they are being removed (no longer in EDS)');
  return tips.length > 0 ? tips.join('; ') : 'see the admin /clusters output for each host';
}

export default defineRule({
  id: 'endpoints-unhealthy',
  meta: {
    description:
      "A cluster's endpoints are all out of rotation at run time (ejected by outlier detection, failing health checks, or unhealthy or draining in EDS), so requests get 503 UH, or more than half of them are.",
    defaultSeverity: 'error',
    messages: {
      allOut:
        'all {{count}} endpoint(s) of cluster "{{name}}" are out of rotation in the proxy\'s /clusters output: {{hosts}}. Requests routed to it get 503 with response flag UH. Why: {{advice}}.',
      mostOut:
        '{{out}} of the {{count}} endpoints of cluster "{{name}}" are out of rotation in the proxy\'s /clusters output: {{hosts}}. The rest carry all the load{{panic}}. Why: {{advice}}.',
    },
  },
  run({ target, graph, report }) {
    for (const status of target.runtime?.clusters ?? []) {
      const out = status.hosts.filter((h) => h.out.length > 0);
      if (status.hosts.length === 0 || out.length * 2 <= status.hosts.length) continue;
      const data = { name: status.name, count: status.hosts.length, out: out.length, hosts: hostList(out), advice: advice(out) };
      const resource = { kind: 'cluster' as const, name: status.name };
      if (out.length === status.hosts.length) {
        report({ messageId: 'allOut', data, resource, origin: status.origin });
        continue;
      }
      report({ messageId: 'mostOut', severity: 'warning', data: { ...data, panic: panicNote(status, graph.cluster(status.name)?.healthyPanicThreshold) }, resource, origin: status.origin });
    }
  },
});

/** Below the panic threshold Envoy spreads requests over every host again, the ones out of rotation included. */
function panicNote(status: ClusterStatus, threshold: number | undefined): string {
  const percent = threshold ?? DEFAULT_PANIC_PERCENT;
  const healthy = ((status.hosts.length - status.hosts.filter((h) => h.out.length > 0).length) / status.hosts.length) * 100;
  if (percent > 0 && healthy < percent) return `; below the healthy panic threshold (${percent}%) Envoy sends to every host again, the bad ones included, so some requests fail`;
  return '';
}
