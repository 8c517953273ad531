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
        'domain "{{domain}}" of virtual host {{vhost}} is already listed by virtual host {{first}} in route configuration {{routeConfig}}: Envoy rejects the whole route configuration ("Only unique values for domains are permitted"), so the update is NACKed. Keep the domain in one virtual host.',
      portMissing:
        'virtual host {{vhost}} lists {{hosts}} without the :{{port}} form, while other virtual hosts of route configuration {{routeConfig}} list their host:{{port}} forms: a request with Host "{{host}}:{{port}}" {{fallback}}. Add the host:{{port}} forms to the domains (or set ignore_port_in_host_matching).',
    },
  },
  run({ graph, report }) {
    for (const rc of graph.routeConfigs) {
      if (rc.state === 'error' || rc.state === 'draining') continue;
      // 1. Duplicates across virtual hosts. Envoy lower-cases domains before checking (RouteMatcher constructor).
      const seen = new Map<string, VirtualHostNode>();
      for (const vh of rc.virtualHosts) {
        for (const domain of new Set(vh.domains.map((d) => d.toLowerCase()))) {
          const first = seen.get(domain);
          if (first && first !== vh) {
            report({ messageId: 'duplicate', data: { domain, vhost: vh.name, first: first.name, routeConfig: rc.name }, resource: { kind: 'virtual_host', name: vh.name }, origin: vh.nameOrigin ?? vh.origin });
          } else if (!first) seen.set(domain, vh);
        }
      }
      // 2. host without host:port when the neighbours list ports (Istio writes both forms for every host).
      if (rc.ignorePortInHostMatching) continue;
      const ports = listedPorts(rc);
      if (ports.size !== 1) continue; // one port per route configuration (Istio's per-port RDS): the expected form is clear
      const [port = ''] = ports;
      const all = new Set(rc.virtualHosts.flatMap((v) => v.domains.map((d) => d.toLowerCase())));
      const missingOf = (vh: VirtualHostNode): string[] => vh.domains.filter((d) => !d.includes('*') && stripPort(d) === d && !all.has(`${d.toLowerCase()}:${port}`));
      const named = rc.virtualHosts.filter((v) => v.domains.some((d) => !d.includes('*')));
      for (const vh of rc.virtualHosts) {
        const missing = missingOf(vh);
        // Only when every other virtual host follows the both-forms convention: then this one is the odd one out.
        if (missing.length === 0 || named.some((o) => o !== vh && missingOf(o).length > 0)) continue;
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
