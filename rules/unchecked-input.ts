import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'unchecked-input',
  meta: {
    description: 'Part of an input was skipped or cannot be checked, so the findings may be incomplete.',
    defaultSeverity: 'info',
    messages: {
      note: '{{message}}; findings that depend on it may be incomplete.',
      otherControlPlane:
        'the iptables were not checked against the proxy by {{rules}}: those rules know Istio\'s capture (ports 15001/15006, uid 1337), and this proxy is {{controlPlane}} ({{detectedBy}}). If it is an Istio sidecar, pass --control-plane istio.',
    },
  },
  run({ graph, target, report }) {
    for (const note of graph.notes) {
      report({ messageId: 'note', data: { message: note.message }, resource: { kind: 'input', name: target.inputFiles[note.origin.input] ?? '' }, origin: note.origin });
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
