import { defineRule } from '../src/engine/rule.js';
import type { ControlPlaneId } from '../src/model/control-plane.js';
import { isLive, type ProxyGraph } from '../src/model/graph.js';

/** What usually makes the listener go missing, in the control plane's terms. */
const CHECK: Partial<Record<ControlPlaneId, string>> = {
  istio:
    'Istio writes its waypoint and ambient internal listeners (connect_originate, main_internal, connect_terminate) itself: check that istiod and the proxy are the same version and that the proxy accepted its last listener push (rejected-config)',
};
const ENVOY_CHECK = 'define a listener of that name with internal_listener: {} (and the envoy.bootstrap.internal_listener bootstrap extension), or fix server_listener_name';

export default defineRule({
  id: 'dangling-internal-listener',
  meta: {
    description: 'An endpoint connects to an internal listener (envoy_internal_address) that the proxy does not have.',
    defaultSeverity: 'error',
    messages: {
      missing:
        '{{owner}} has an endpoint that connects to internal listener "{{listener}}", which the proxy does not have: the connection cannot be made inside Envoy and requests get 503 (response flag UF, connection refused). To fix: {{check}}.',
      notInternal:
        '{{owner}} has an endpoint that connects to internal listener "{{listener}}", but the proxy\'s listener of that name is not an internal listener (it has no internal_listener): Envoy finds no internal listener to hand the connection to and requests get 503 (response flag UF). To fix: {{check}}.',
    },
  },
  run({ graph, target, report }) {
    if (!graph.hasSection('listener')) return; // a dump without listeners proves nothing about them
    const check = CHECK[target.controlPlane.id] ?? ENVOY_CHECK;
    const { internal, other } = listenerNames(graph);
    const refs = [
      ...graph.clusters.filter((c) => isLive(c.state)).flatMap((c) => (c.internalListeners ?? []).map((ref) => ({ ref, owner: `Cluster "${c.name}"`, name: c.name }))),
      ...graph.endpoints.filter((e) => isLive(e.state)).flatMap((e) => (e.internalListeners ?? []).map((ref) => ({ ref, owner: `The load assignment of cluster "${e.clusterName}"`, name: e.clusterName }))),
    ];
    const reported = new Set<string>(); // one finding per cluster and listener name, not per endpoint
    for (const { ref, owner, name } of refs) {
      if (internal.has(ref.listenerName)) continue;
      const key = `${name}\u0000${ref.listenerName}`;
      if (reported.has(key)) continue;
      reported.add(key);
      report({
        messageId: other.has(ref.listenerName) ? 'notInternal' : 'missing',
        data: { owner, listener: ref.listenerName, check },
        resource: { kind: 'cluster', name },
        origin: ref.origin,
      });
    }
  },
});

/** Names of the live internal listeners, and of the other live listeners. */
function listenerNames(graph: ProxyGraph): { internal: Set<string>; other: Set<string> } {
  const internal = new Set<string>();
  const other = new Set<string>();
  for (const listener of graph.listeners) {
    if (!isLive(listener.state)) continue;
    (listener.internal ? internal : other).add(listener.name);
  }
  return { internal, other };
}
