import { defineRule, type RuleReport } from '../src/engine/rule.js';
import type { ControlPlane } from '../src/model/control-plane.js';
import type { ListenerNode, ProxyGraph, RouteConfigNode, VirtualHostNode } from '../src/model/graph.js';
import { domainKind, virtualHostIndex } from '../src/match/virtual-host.js';

/** Ports whose number clients leave out of the Host header (RFC 9110 §7.2: the scheme's default port may be omitted). */
const DEFAULT_PORTS = new Set([80, 443]);

/**
 * Container ports that gateways of these control planes listen on for a Service's 80/443 by default (the Service maps
 * 80 → 8080, so clients still send no port). Envoy Gateway instead adds 10000 to privileged ports (80 → 10080).
 */
const GATEWAY_MAPPED_PORTS = new Set([8080, 8443]);

/** The port a client puts in Host for a connection that reached `port` on this proxy, or undefined when unknown. */
export function clientPort(port: number, controlPlane: Pick<ControlPlane, 'id' | 'role'>): number | undefined {
  const id = controlPlane.id;
  if (id === 'envoy-gateway' && port >= 10000 && port - 10000 < 1024) return port - 10000;
  const gateway = (id === 'istio' && controlPlane.role === 'gateway') || id === 'contour' || id === 'gloo';
  if (gateway && GATEWAY_MAPPED_PORTS.has(port)) return undefined;
  return port;
}

/** The listener port of each route configuration served over plain HTTP connection managers that keep the port in Host. */
function servingPorts(graph: ProxyGraph, controlPlane: ControlPlane): Map<string, Map<number, ListenerNode>> {
  const out = new Map<string, Map<number, ListenerNode>>();
  const add = (listener: ListenerNode, name: string, port: number): void => {
    const ports = out.get(name) ?? new Map<number, ListenerNode>();
    if (!ports.has(port)) ports.set(port, listener);
    out.set(name, ports);
  };
  for (const listener of graph.listeners) {
    if (listener.state === 'error' || listener.state === 'draining' || listener.internal) continue;
    for (const chain of [...listener.filterChains, ...(listener.defaultFilterChain ? [listener.defaultFilterChain] : [])]) {
      const hcm = chain.httpConnectionManager;
      if (!hcm || hcm.stripAnyHostPort || hcm.stripMatchingHostPort || hcm.scopedRoutes) continue;
      const name = hcm.rds?.name ?? hcm.inlineRouteConfig;
      // A transparent listener (use_original_dst, Istio's 15001, OSM's 14001) takes connections for any port: only a
      // chain's destination_port says which port the client dialled.
      const port = chain.match.destinationPort ?? (listener.useOriginalDst ? undefined : listener.port);
      if (name === undefined || port === undefined || port === 0) continue;
      const client = clientPort(port, controlPlane);
      if (client === undefined || DEFAULT_PORTS.has(client)) continue;
      add(listener, name, client);
    }
  }
  return out;
}

/** Whether any domain carries a port (`reviews:9080`, `foo.com:*`): the control plane writes port forms itself. */
function listsPorts(rc: RouteConfigNode): boolean {
  return rc.virtualHosts.some((vh) => vh.domains.some((d) => (d.startsWith('[') ? d.slice(d.indexOf(']') + 1) : d).includes(':')));
}

/** A host this domain stands for: the domain itself, or a name its suffix wildcard matches. */
function sampleHost(domain: string): string | undefined {
  const kind = domainKind(domain);
  if (kind === 'exact') return domain;
  if (kind === 'suffix') return `x${domain.slice(1)}`;
  return undefined; // `foo.*` and `*` match the host:port form too
}

export default defineRule({
  id: 'host-port-domain',
  meta: {
    description:
      'A route configuration served on a port other than 80/443 whose domains name hosts without that port, so a request whose Host carries the port (as HTTP clients send it) matches no virtual host or the wrong one.',
    defaultSeverity: 'warning',
    messages: {
      noVirtualHost:
        'virtual host {{vhost}} of route configuration {{routeConfig}} lists {{hosts}} without a port{{others}}, and listener {{listener}} serves it on port {{port}}: clients put the port in Host ("{{example}}"), which Envoy compares with the domains as written, so the request matches no virtual host: 404 with response flag NR. Add the {{host}}:{{port}} forms to the domains (or the prefix wildcard {{host}}:*), or set strip_any_host_port on the connection manager (ignore_port_in_host_matching on the route configuration).',
      otherVirtualHost:
        'virtual host {{vhost}} of route configuration {{routeConfig}} lists {{hosts}} without a port{{others}}, and listener {{listener}} serves it on port {{port}}: clients put the port in Host ("{{example}}"), which Envoy compares with the domains as written, so the request goes to virtual host {{other}} instead ({{reason}}). Add the {{host}}:{{port}} forms to the domains (or the prefix wildcard {{host}}:*), or set strip_any_host_port on the connection manager (ignore_port_in_host_matching on the route configuration).',
    },
  },
  run({ graph, target, report }) {
    for (const [name, ports] of servingPorts(graph, target.controlPlane)) {
      const rc = graph.routeConfig(name);
      if (!rc || rc.state === 'error' || rc.state === 'draining' || rc.ignorePortInHostMatching || listsPorts(rc)) continue;
      const select = virtualHostIndex(rc);
      // One finding per route configuration and port (a mesh's has thousands of virtual hosts written alike), at the
      // first virtual host that loses its host:port form, counting the others.
      for (const [port, listener] of ports) {
        let first: { vh: VirtualHostNode; lost: Lost[] } | undefined;
        let count = 0;
        for (const vh of rc.virtualHosts) {
          const lost = lostDomains(vh, port, select);
          if (lost.length === 0) continue;
          count++;
          first ??= { vh, lost };
        }
        if (first) reportFirst(rc, first.vh, first.lost, count, port, listener, report);
      }
    }
  },
});

type Report = (report: RuleReport<'noVirtualHost' | 'otherVirtualHost'>) => void;
interface Lost {
  index: number;
  domain: string;
  example: string;
  other?: VirtualHostNode;
  reason: string;
}

/** The domains of `vh` whose host:port form Envoy would not send to `vh`. */
function lostDomains(vh: VirtualHostNode, port: number, select: ReturnType<typeof virtualHostIndex>): Lost[] {
  const lost: Lost[] = [];
  vh.domains.forEach((domain, index) => {
    const host = sampleHost(domain);
    if (host === undefined) return;
    const example = `${host}:${port}`;
    const sel = select(example);
    if (sel.vhost === vh) return;
    lost.push({ index, domain, example, ...(sel.vhost ? { other: sel.vhost } : {}), reason: sel.reason });
  });
  return lost;
}

function reportFirst(rc: RouteConfigNode, vh: VirtualHostNode, lost: readonly Lost[], count: number, port: number, listener: ListenerNode, report: Report): void {
  const [first] = lost;
  if (!first) return;
  const data = {
    vhost: vh.name,
    routeConfig: rc.name,
    hosts: lost.map((l) => `"${l.domain}"`).join(', '),
    others: count > 1 ? ` (and ${count - 1} more virtual host(s) of it are written the same way)` : '',
    listener: listener.name,
    port,
    example: first.example,
    host: first.domain,
  };
  const origin = { input: vh.origin.input, pointer: `${vh.origin.pointer}/domains/${first.index}` };
  const resource = { kind: 'virtual_host' as const, name: vh.name };
  if (first.other) report({ messageId: 'otherVirtualHost', data: { ...data, other: first.other.name, reason: first.reason }, resource, origin });
  else report({ messageId: 'noVirtualHost', data, resource, origin });
}
