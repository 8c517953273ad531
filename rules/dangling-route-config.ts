import { defineRule } from '../src/engine/rule.js';
import { warmingOnlyReferences } from '../src/model/warming.js';

export default defineRule({
  id: 'dangling-route-config',
  meta: {
    description: 'An HTTP connection manager names an RDS route configuration that the proxy does not have.',
    defaultSeverity: 'error',
    messages: {
      missing:
        '{{owner}} asks RDS for route configuration "{{name}}", which the proxy does not have: requests on this chain get 404 with response flag NR. Make {{server}} send "{{name}}" or point rds.route_config_name at an existing route configuration.',
      sectionAbsent:
        'the inputs hold no route configurations (no RoutesConfigDump): {{count}} RDS reference(s) were not checked. Include the routes section (a full /config_dump, or {{command}}) to check them.',
    },
  },
  run({ graph, target, report }) {
    const refs = graph.references.filter((r) => r.targetKind === 'route_config');
    if (refs.length === 0) return;
    if (!graph.hasSection('route_config')) {
      report({ messageId: 'sectionAbsent', severity: 'info', data: { count: refs.length, command: target.controlPlane.advice.sectionCommand('routes') }, resource: { kind: 'input', name: target.inputFiles[graph.origin.input] ?? '' }, origin: graph.origin });
      return;
    }
    // A listener that is still warming (no earlier version serving) waits for its route configuration and serves
    // nothing: rejected-config reports it once, with what it waits for, instead of a 404 per chain.
    const warming = warmingOnlyReferences(graph);
    for (const ref of refs) {
      if (graph.resolves(ref) === false && !warming.has(ref)) {
        report({ messageId: 'missing', data: { owner: ref.fromName, name: ref.name, server: target.controlPlane.advice.server }, resource: { kind: 'route_config', name: ref.name }, origin: ref.origin });
      }
    }
  },
});
