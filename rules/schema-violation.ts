import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'schema-violation',
  meta: {
    description: "A value breaks Envoy's API as its protos and their validate rules define (a wrong JSON type, a number out of range, an unknown enum name), or the dump's envelope is malformed.",
    defaultSeverity: 'error',
    messages: {
      inResource: '{{kind}} "{{name}}": {{problem}}. Fix the value (Envoy would reject this resource); the rest of the input is still checked.',
      inInput: '{{problem}}; the rest of the input is still checked.',
    },
  },
  run({ graph, target, report }) {
    for (const problem of graph.problems) {
      if (problem.resource) {
        report({
          messageId: 'inResource',
          data: { kind: problem.resource.type.replace('_', ' '), name: problem.resource.name, problem: problem.message },
          resource: { kind: problem.resource.type, name: problem.resource.name },
          origin: problem.origin,
        });
      } else {
        report({ messageId: 'inInput', data: { problem: problem.message }, resource: { kind: 'input', name: target.inputFiles[problem.origin.input] ?? '' }, origin: problem.origin });
      }
    }
  },
});
