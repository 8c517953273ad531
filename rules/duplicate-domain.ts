import { defineRule } from '../src/engine/rule.js';
import type { RouteConfigNode, VirtualHostNode } from '../src/model/graph.js';
import { selectVirtualHost, stripPort } from '../src/match/virtual-host.js';

/** Ports that some domain of the route configuration spells out (`reviews:9080` → 9080). */
function listedPorts(rc: RouteConfigNode): Set<string> {
  const ports = new Set<string>();
  for (const vh of rc.virtualHosts) {
    for (const d of vh.domains) {
      const host = stripPort(d);
      if (host !== d && !d.includes('*')) ports.add(d.slice(host.length + 1));
    }
  }
  return ports;
}

export default defineRule({
  id: 'duplicate-domain',
  meta: {
    description: 'The same domain appears in two virtual hosts of one route configuration, or a host lacks the host:port form its neighbours list.',
    defaultSeverity: 'error',
    messages: {
      duplicate:
        'domain "{{domain}}" of virtual host {{vhost}} is already listed by virtual host {{first}} in route configuration {{routeConfig}}: Envoy rejects the whole route configuration ("{{envoyError}}"), so the update is NACKed. Keep the domain in one virtual host.',
      repeated:
        'virtual host {{vhost}} of route configuration {{routeConfig}} lists domain "{{domain}}" twice (domains are compared without case): Envoy rejects the whole route configuration ("{{envoyError}}"), so the update is NACKed. List it once.',
      portMissing:
        'virtual host {{vhost}} lists {{hosts}} without the :{{port}} form, while other virtual hosts of route configuration {{routeConfig}} list their host:{{port}} forms: a request with Host "{{host}}:{{port}}" {{fallback}}. Add the host:{{port}} forms to the domains (or set ignore_port_in_host_matching).',
    },
  },
  run({ graph, report }) {
    for (const rc of graph.routeConfigs) {
      if (rc.state === 'error' || rc.state === 'draining') continue;
      // 1. Duplicates across virtual hosts. Envoy lower-cases domains before checking (RouteMatcher constructor).
      // Every domain of every virtual host goes into one map, so a repeat inside one virtual host is rejected too.
      const seen = new Map<string, VirtualHostNode>();
      for (const vh of rc.virtualHosts) {
        const own = new Set<string>();
        for (const written of vh.domains) {
          const domain = written.toLowerCase();
          const first = seen.get(domain);
          if (!first && !own.has(domain)) {
            seen.set(domain, vh);
            own.add(domain);
            continue;
          }
          const resource = { kind: 'virtual_host' as const, name: vh.name };
          const origin = vh.nameOrigin ?? vh.origin;
          // RouteMatcher's two errors: one for a second "*", one for any other repeat.
          const envoyError = domain === '*' ? 'Only a single wildcard domain is permitted' : 'Only unique values for domains are permitted';
          if (own.has(domain)) report({ messageId: 'repeated', data: { domain, vhost: vh.name, routeConfig: rc.name, envoyError }, resource, origin });
          else report({ messageId: 'duplicate', data: { domain, vhost: vh.name, first: first?.name ?? '', routeConfig: rc.name, envoyError }, resource, origin });
          own.add(domain);
        }
      }
      // 2. host without host:port when the neighbours list ports (Istio writes both forms for every host).
      if (rc.ignorePortInHostMatching) continue;
      const ports = listedPorts(rc);
      if (ports.size !== 1) continue; // one port per route configuration (Istio's per-port RDS): the expected form is clear
      const [port = ''] = ports;
      const all = new Set(rc.virtualHosts.flatMap((v) => v.domains.map((d) => d.toLowerCase())));
      const missingOf = (vh: VirtualHostNode): string[] => vh.domains.filter((d) => !d.includes('*') && stripPort(d) === d && !all.has(`${d.toLowerCase()}:${port}`));
      const missingBy = new Map(rc.virtualHosts.map((vh) => [vh, missingOf(vh)]));
      // The virtual hosts with a named domain that break the both-forms convention (found once: asking per virtual host
      // made the rule quadratic in a route configuration's virtual hosts).
      const breaking = rc.virtualHosts.filter((v) => v.domains.some((d) => !d.includes('*')) && (missingBy.get(v)?.length ?? 0) > 0);
      for (const vh of rc.virtualHosts) {
        const missing = missingBy.get(vh) ?? [];
        // Only when every other virtual host follows the convention: then this one is the odd one out.
        if (missing.length === 0 || breaking.some((o) => o !== vh)) continue;
        const [host] = missing;
        if (host === undefined) continue;
        const sel = selectVirtualHost(rc, `${host}:${port}`);
        const fallback = sel.vhost ? `goes to virtual host ${sel.vhost.name} instead (${sel.reason})` : 'matches no virtual host: 404, response flag NR';
        const hosts = missing.map((d) => `"${d}"`).join(', ');
        report({ messageId: 'portMissing', severity: 'warning', data: { vhost: vh.name, hosts, host, port, routeConfig: rc.name, fallback }, resource: { kind: 'virtual_host', name: vh.name }, origin: vh.nameOrigin ?? vh.origin });
      }
    }
  },
});
