import { defineRule } from '../src/engine/rule.js';
import { bindingModel } from '../src/model/binding.js';
import { EXPECTED_INBOUND_BYPASS, fallbackSymptom, knownServices } from '../src/model/ports/index.js';

export default defineRule({
  id: 'missing-port-listener',
  meta: {
    description: 'A sidecar knows a service port (an outbound or inbound cluster) but no listener handles that port.',
    defaultSeverity: 'warning',
    controlPlanes: ['istio'],
    messages: {
      outbound:
        'the proxy has cluster {{cluster}} for port {{port}}, but no listener handles port {{port}} (no <address>_{{port}}, no 0.0.0.0_{{port}}, no chain of {{listener}} for it): connections to {{destination}} {{symptom}}. Check that the listener was not rejected (rejected-config) or left out by a Sidecar resource, and that the service port is declared in the Service or ServiceEntry.',
      inbound:
        'the proxy has inbound cluster {{cluster}}, but {{listener}} has no filter chain for destination port {{port}}: inbound connections to port {{port}} are taken by its catch-all chains instead, so the port\'s own protocol, policy and telemetry settings do not apply. Check that the workload\'s Service declares port {{port}} (targetPort) and that the listener update was not rejected.',
    },
  },
  run({ graph, report }) {
    const binding = bindingModel(graph);
    if (!binding.isSidecar) return; // gateways have no 15001 hand-off: their service clusters need no listener
    const fallback = binding.outboundFallback();
    const inboundPorts = binding.inboundChainPorts();
    for (const s of knownServices(graph)) {
      const cluster = s.clusters[0] ?? '';
      if (s.direction === 'outbound') {
        if (binding.handlesOutboundPort(s.port)) continue;
        report({
          messageId: 'outbound',
          data: { cluster, port: s.port, listener: fallback?.listener.name ?? 'the outbound listener', destination: `${s.host}:${s.port}`, symptom: fallbackSymptom(fallback) },
          resource: { kind: 'cluster', name: cluster },
          origin: s.origin,
        });
      } else {
        const inbound = binding.inbound;
        if (!inbound || EXPECTED_INBOUND_BYPASS.has(s.port) || s.port === inbound.port) continue;
        if (inboundPorts.has(s.port)) continue;
        report({
          messageId: 'inbound',
          data: { cluster, port: s.port, listener: inbound.name },
          resource: { kind: 'cluster', name: cluster },
          origin: s.origin,
        });
      }
    }
  },
});
