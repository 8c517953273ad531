import { defineRule } from '../src/engine/rule.js';
import { bindingModel, catchAllVirtualHost, isBlockAll } from '../src/model/binding.js';
import { BLACKHOLE_CLUSTER, isBlackHoleName, parseIstioClusterName } from '../src/model/istio.js';
import type { FilterChainNode, ListenerNode, RouteConfigNode } from '../src/model/graph.js';
import { knownServices, type KnownService } from '../src/model/ports/index.js';


/** Istio's loop guards and fallbacks: a chain of a listener matching that listener's own port, or a catch-all of 15001. */
function isGuardOrFallback(listener: ListenerNode, chain: FilterChainNode, fallbackChain: FilterChainNode | undefined): boolean {
  return chain.match.destinationPort === listener.port || chain === fallbackChain;
}

/** The port an HTTP route configuration serves: a listener's port whose HCM names it, else Istio's numeric name. */
function routeConfigPorts(listeners: readonly ListenerNode[], rc: RouteConfigNode): Set<number> {
  const ports = new Set<number>();
  for (const l of listeners) {
    for (const c of [...l.filterChains, ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])]) {
      const hcm = c.httpConnectionManager;
      if (l.port !== undefined && (hcm?.rds?.name === rc.name || hcm?.inlineRouteConfig === rc.name)) ports.add(l.port);
    }
  }
  if (ports.size === 0 && /^\d{1,5}$/.test(rc.name)) ports.add(Number(rc.name));
  return ports;
}

export default defineRule({
  id: 'blackhole-fallthrough',
  meta: {
    description: 'Traffic the mesh knows about ends in BlackHoleCluster (REGISTRY_ONLY fallback, a route or TCP proxy to it, or a block_all virtual host).',
    defaultSeverity: 'error',
    controlPlanes: ['istio'],
    messages: {
      policy:
        '{{listener}} sends connections no other listener takes to {{cluster}} (outboundTrafficPolicy REGISTRY_ONLY): destinations outside the service registry are dropped. This is intended when egress is locked down; add a ServiceEntry for each external host the workload needs.',
      noListener:
        'connections to {{destination}} (cluster {{cluster}}) have no listener of their own and fall through to {{fallback}}, so they are dropped. Make the proxy get a listener for port {{port}} (check rejected-config, the Sidecar resource\'s egress hosts and the Service port), or allow the traffic with outboundTrafficPolicy ALLOW_ANY.',
      reference:
        '{{owner}} sends its traffic to BlackHoleCluster, which has no endpoints: {{symptom}}. Point it at the intended cluster.',
      noVirtualHost:
        'HTTP requests to {{destination}} (cluster {{cluster}}) match no virtual host of route configuration "{{routeConfig}}" and hit its catch-all "{{vhost}}", so they are refused with 502 (REGISTRY_ONLY). Make the control plane send a virtual host for {{host}} (is the service exported to this namespace and listed in the Sidecar egress hosts?).',
    },
  },
  run({ graph, report }) {
    const binding = bindingModel(graph);
    const fallback = binding.outboundFallback();
    const services = knownServices(graph).filter((s) => s.direction === 'outbound');
    let policyReported = false;

    // 1. 15001's fallback is the black hole: say so once, then name each known destination that falls into it.
    if (fallback?.kind === 'blackhole') {
      policyReported = true;
      report({ messageId: 'policy', severity: 'info', data: { listener: fallback.listener.name, cluster: fallback.cluster ?? BLACKHOLE_CLUSTER }, resource: { kind: 'listener', name: fallback.listener.name }, origin: fallback.origin });
      for (const s of services) {
        if (binding.handlesOutboundPort(s.port)) continue;
        const cluster = s.clusters[0] ?? '';
        report({
          messageId: 'noListener',
          data: { destination: `${s.host}:${s.port}`, cluster, port: s.port, fallback: `${fallback.listener.name}'s ${fallback.cluster ?? BLACKHOLE_CLUSTER}` },
          resource: { kind: 'cluster', name: cluster },
          origin: s.origin,
        });
      }
    }

    // 2. A route or TCP proxy that names BlackHoleCluster outside Istio's guards and fallbacks.
    for (const l of graph.listeners) {
      for (const c of [...l.filterChains, ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])]) {
        if (isGuardOrFallback(l, c, fallback?.listener === l ? fallback.chain : undefined)) continue;
        for (const ref of c.tcpProxy?.clusters ?? []) {
          if (!isBlackHoleName(ref.name)) continue;
          // 15001's and 15006's catch-alls under REGISTRY_ONLY are the policy, not a defect.
          if ((l.useOriginalDst || l === binding.inbound) && !c.match.destinationPort) continue;
          report({ messageId: 'reference', data: { owner: ref.fromName, symptom: 'its TCP connections are closed at once (response flag UH)' }, resource: { kind: 'listener', name: l.name }, origin: ref.origin });
        }
      }
    }
    for (const rc of graph.routeConfigs) {
      for (const vh of rc.virtualHosts) {
        if (isBlockAll(vh)) continue; // block_all is the policy (reported below); any other `*` host is checked
        for (const route of vh.routes) {
          for (const ref of route.references) {
            if (!isBlackHoleName(ref.name)) continue;
            report({ messageId: 'reference', data: { owner: ref.fromName, symptom: 'its requests get 503 with response flag UH' }, resource: { kind: 'route_config', name: rc.name }, origin: ref.origin });
          }
        }
      }
    }

    // 3. HTTP route configurations whose catch-all is block_all while a known service on their port has no virtual host.
    const tcpClusters = new Set(graph.listeners.flatMap((l) => l.filterChains.flatMap((c) => c.tcpProxy?.clusters.map((r) => r.name) ?? [])));
    for (const rc of graph.routeConfigs) {
      const catchAll = catchAllVirtualHost(rc);
      if (!catchAll || !isBlockAll(catchAll)) continue;
      if (!policyReported) {
        policyReported = true;
        report({ messageId: 'policy', severity: 'info', data: { listener: `route configuration "${rc.name}"`, cluster: `virtual host "${catchAll.name}"` }, resource: { kind: 'route_config', name: rc.name }, origin: catchAll.nameOrigin ?? catchAll.origin });
      }
      const ports = routeConfigPorts(graph.listeners, rc);
      const routed = new Set(rc.virtualHosts.flatMap((vh) => vh.routes.flatMap((r) => r.references.map((ref) => ref.name))));
      const domains = new Set(rc.virtualHosts.filter((vh) => vh !== catchAll).flatMap((vh) => vh.domains));
      const covered = (s: KnownService): boolean =>
        s.clusters.some((c) => routed.has(c) || tcpClusters.has(c)) || domains.has(s.host) || domains.has(`${s.host}:${s.port}`);
      for (const s of services) {
        if (!ports.has(s.port) || covered(s)) continue;
        if (!parseIstioClusterName(s.clusters[0] ?? '')) continue;
        report({
          messageId: 'noVirtualHost',
          data: { destination: `${s.host}:${s.port}`, cluster: s.clusters[0] ?? '', routeConfig: rc.name, vhost: catchAll.name, host: s.host },
          resource: { kind: 'route_config', name: rc.name },
          origin: catchAll.nameOrigin ?? catchAll.origin,
        });
      }
    }
  },
});
