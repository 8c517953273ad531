import { defineRule } from '../src/engine/rule.js';
import type { ControlPlaneId } from '../src/model/control-plane.js';

/**
 * What to check, in the control plane's terms, when its filter_chain_matcher names a chain it did not send. Istio is
 * the one control plane known to generate filter_chain_matcher (the waypoint's main_internal listener: one chain per
 * service VIP and port, `inbound-vip|<port>||<host>-http|tcp`, and direct-http / direct-tcp).
 */
const CHECK: Partial<Record<ControlPlaneId, string>> = {
  istio:
    'istiod generates this matcher (an ambient waypoint\'s main_internal listener): the chain for that service and port is missing, so check that the Service still exists with that port and is bound to this waypoint (label istio.io/use-waypoint), and compare with `istioctl proxy-config listener <waypoint-pod> --name {{listener}} -o json`',
};

export default defineRule({
  id: 'dangling-filter-chain',
  meta: {
    description: 'A filter_chain_matcher action names a filter chain the listener does not have, so connections it picks are closed.',
    defaultSeverity: 'error',
    messages: {
      missing:
        'listener {{listener}}: filter_chain_matcher sends connections to filter chain "{{name}}", which the listener\'s filter_chains do not have{{defaultNote}}: Envoy accepts the listener, and closes every connection the matcher picks for it (response flag NR, filter_chain_not_found). {{fix}}.',
    },
  },
  run({ graph, target, report }) {
    const check = CHECK[target.controlPlane.id];
    for (const listener of graph.listeners) {
      for (const ref of listener.references) {
        if (ref.via !== 'filter_chain_matcher' || graph.resolves(ref) !== false) continue;
        const isDefault = listener.defaultFilterChain?.name === ref.name;
        const fix = check
          ? check.replace('{{listener}}', listener.name)
          : `Make ${target.controlPlane.advice.server} send a filter chain named "${ref.name}" in the listener's filter_chains, or point the action at one it has`;
        report({
          messageId: 'missing',
          data: {
            listener: listener.name,
            name: ref.name,
            defaultNote: isDefault ? ' (it is the default_filter_chain\'s name, but Envoy looks the name up among filter_chains only and does not fall back to the default chain)' : '',
            fix,
          },
          resource: { kind: 'listener', name: listener.name },
          origin: ref.origin,
        });
      }
    }
  },
});
