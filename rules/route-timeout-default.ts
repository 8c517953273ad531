import { defineRule } from '../src/engine/rule.js';
import type { ControlPlaneId } from '../src/model/control-plane.js';
import type { RouteNode } from '../src/model/graph.js';

/** Where the route timeout is set, in the control plane's terms. */
const TIMEOUT_KNOB: Partial<Record<ControlPlaneId, string>> = {
  istio: "the VirtualService's http[].timeout",
  'envoy-gateway': "the HTTPRoute's rules[].timeouts.request (or a BackendTrafficPolicy's timeout.http.requestTimeout)",
  contour: "the HTTPProxy's routes[].timeoutPolicy.response",
  kuma: "a MeshTimeout's http.requestTimeout",
  gloo: "the route's options.timeout",
  consul: "the service-router route's destination.requestTimeout",
};
const ENVOY_KNOB = 'the route action\'s timeout ("0s" disables it)';

/** Routes of one configuration without a timeout that the finding names before "and N more". */
const NAMED_ROUTES = 3;

export default defineRule({
  id: 'route-timeout-default',
  meta: {
    description: "Routes forward without a timeout, so Envoy's 15 s default cuts longer requests, or gRPC routes cap streams with a finite timeout.",
    defaultSeverity: 'info',
    messages: {
      noTimeout:
        '{{count}} route(s) of route configuration "{{config}}" forward to a cluster without a timeout, so Envoy\'s default of 15 s applies: a response that takes longer (a report, an upload, a long poll, a server-sent event stream) is cut with 504 and response flag UT. Routes: {{routes}}. If some backends need longer, set {{knob}} explicitly (0s disables it).',
      grpcStream:
        'gRPC route {{route}} has a {{timeout}} route timeout and does not take the grpc-timeout header (max_stream_duration.grpc_timeout_header_max unset): a streaming call that stays open longer is cut with 504 and response flag UT, and a client\'s longer deadline is not honoured. Set {{knob}} to 0s for streaming services, or set max_stream_duration.grpc_timeout_header_max so the client\'s deadline applies.',
    },
  },
  run({ graph, target, report }) {
    const knob = TIMEOUT_KNOB[target.controlPlane.id] ?? ENVOY_KNOB;
    // A known control plane's bootstrap is its own plumbing (stats, health probes, its agent): routes there, or to
    // its bootstrap clusters, answer locally. Without a known control plane the bootstrap is the configuration.
    const ownPlumbing = target.controlPlane.id !== 'unknown';
    const toBootstrapCluster = (route: RouteNode): boolean =>
      route.references.length > 0 && route.references.every((r) => r.targetKind !== 'cluster' || graph.cluster(r.name)?.state === 'static');
    for (const config of graph.routeConfigs) {
      if (config.state === 'error' || (ownPlumbing && config.state === 'static')) continue;
      const untimed: RouteNode[] = [];
      for (const host of config.virtualHosts) {
        for (const route of host.routes) {
          if (route.action !== 'cluster' && route.action !== 'weighted_clusters' && route.action !== 'cluster_header') continue;
          // A CONNECT tunnel never completes its request, so the route timeout (which starts then) never runs.
          if (route.match?.connectMatcher) continue;
          if (ownPlumbing && toBootstrapCluster(route)) continue;
          const details = route.actionDetails;
          const timeout = details?.timeout;
          if (route.match?.grpc) {
            const seconds = timeout === undefined ? 15 : durationSeconds(timeout);
            if (seconds !== undefined && seconds > 0 && details?.grpcTimeoutHeaderMax === undefined) {
              report({
                messageId: 'grpcStream',
                data: { route: route.displayName, timeout: timeout === undefined ? "15 s (Envoy's default)" : timeout, knob },
                resource: { kind: 'route', name: route.displayName },
                origin: details?.timeoutOrigin ?? details?.actionOrigin ?? route.origin,
              });
            }
            continue;
          }
          if (timeout === undefined) untimed.push(route);
        }
      }
      const first = untimed[0];
      if (!first) continue;
      const named = untimed.slice(0, NAMED_ROUTES).map((r) => r.displayName.replace(/^route config [^,]*, /, ''));
      const more = untimed.length > NAMED_ROUTES ? ` and ${untimed.length - NAMED_ROUTES} more` : '';
      report({
        messageId: 'noTimeout',
        data: { count: untimed.length, config: config.name, routes: named.join('; ') + more, knob },
        resource: { kind: 'route', name: first.displayName },
        origin: first.actionDetails?.actionOrigin ?? first.origin,
      });
    }
  },
});

/** A protobuf JSON Duration ("15s", "0.250s") in seconds; undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?)s$/.exec(text);
  return m ? Number(m[1]) : undefined;
}
