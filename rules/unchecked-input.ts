import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'unchecked-input',
  meta: {
    description: 'Part of an input was skipped or cannot be checked, so the findings may be incomplete.',
    defaultSeverity: 'info',
    messages: {
      note: '{{message}}; findings that depend on it may be incomplete.',
    },
  },
  run({ graph, target, report }) {
    for (const note of graph.notes) {
      report({ messageId: 'note', data: { message: note.message }, resource: { kind: 'input', name: target.inputFiles[note.origin.input] ?? '' }, origin: note.origin });
    }
  },
});
