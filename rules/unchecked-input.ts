import { defineRule } from '../src/engine/rule.js';
import { bindingModel } from '../src/model/binding.js';

export default defineRule({
  id: 'unchecked-input',
  meta: {
    description: 'Part of an input was skipped or cannot be checked, so the findings may be incomplete.',
    defaultSeverity: 'info',
    messages: {
      note: '{{message}}; findings that depend on it may be incomplete.',
      emptyDump:
        'the dump holds no listeners, clusters or routes (no resource in any section), so there was nothing to check. Check that the admin URL is the right proxy\'s /config_dump, that a ?resource= or ?mask= filter names a section that has resources, and that the proxy has received configuration from its control plane yet.',
      runtimeOnly:
        'only the admin endpoint\'s run-time output ({{files}}) was given for this proxy, no config dump: the run-time rules ran, the configuration was not checked. Give the proxy\'s /config_dump?include_eds beside it (the same directory, or on the same command line).',
      otherControlPlane:
        'the iptables were not checked against the proxy by {{rules}}: those rules know Istio\'s capture (ports 15001/15006, uid 1337), and this proxy is {{controlPlane}} ({{detectedBy}}). If it is an Istio sidecar, pass --control-plane istio.',
      noIptables:
        "no iptables input was given, so the iptables checks (inbound-port-not-captured, iptables-redirect-without-listener, outbound-capture-gap, iptables-parse-error) did not run for this sidecar. Pass the pod's `iptables-save` output (e.g. `kubectl debug` / `nsenter -t PID -n iptables-save`) beside the dump to check which ports the sidecar really captures.",
    },
  },
  run({ graph, target, report }) {
    for (const origin of graph.emptyDumps) report({ messageId: 'emptyDump', resource: { kind: 'input', name: target.inputFiles[origin.input] ?? '' }, origin });
    const runtimeInputs = Object.values(target.runtime?.files ?? {});
    const [firstRuntime] = runtimeInputs;
    const configSections = ['listener', 'route_config', 'cluster', 'endpoints', 'secret', 'extension_config'] as const;
    if (firstRuntime !== undefined && !configSections.some((t) => graph.hasSection(t)) && graph.emptyDumps.length === 0) {
      const files = [...new Set(runtimeInputs)].map((i) => target.inputFiles[i] ?? '').join(', ');
      report({ messageId: 'runtimeOnly', data: { files }, resource: { kind: 'input', name: target.inputFiles[firstRuntime] ?? '' }, origin: { input: firstRuntime, pointer: '' } });
    }
    for (const note of graph.notes) {
      report({ messageId: 'note', data: { message: note.message }, resource: { kind: 'input', name: target.inputFiles[note.origin.input] ?? '' }, origin: note.origin });
    }
    // An Istio sidecar without its iptables: the capture checks (Istio-only) had nothing to read.
    if (target.iptables.length === 0 && target.controlPlane.id === 'istio') {
      const binding = bindingModel(graph);
      const listener = binding.inbound ?? binding.originalDst[0];
      if (binding.isSidecar && listener) report({ messageId: 'noIptables', resource: { kind: 'listener', name: listener.name }, origin: listener.nameOrigin ?? listener.origin });
    }
    // Rules for another control plane's proxies did not run; with iptables given, the user expected them to.
    const [iptables] = target.iptables;
    if (iptables && target.notRun && target.notRun.length > 0) {
      const { advice, detectedBy } = target.controlPlane;
      report({
        messageId: 'otherControlPlane',
        data: { rules: target.notRun.join(', '), controlPlane: advice.name, detectedBy },
        resource: { kind: 'input', name: iptables.file },
        origin: { input: iptables.input, pointer: '', line: 1 },
      });
    }
  },
});
