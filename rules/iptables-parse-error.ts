import { defineRule } from '../src/engine/rule.js';
import { chainProblems } from '../src/model/interception/index.js';

export default defineRule({
  id: 'iptables-parse-error',
  meta: {
    description: 'A line of the iptables input could not be read as a rule, or the rule set jumps to a chain that does not exist.',
    defaultSeverity: 'error',
    messages: {
      unparsed:
        'cannot read "{{text}}" (line {{line}}, column {{column}}): expected {{expected}}. This line is ignored, so what envoy-lint says about interception may miss it; paste the unedited `iptables-save` output (or fix the damaged line).',
      chain:
        '{{message}}: iptables-restore refuses such a rule set, so the paste was edited or damaged, and envoy-lint treats the jump as not taken. Paste the unedited `iptables-save` output.',
    },
  },
  run({ target, report }) {
    for (const input of target.iptables) {
      for (const e of input.parse.errors) {
        report({
          messageId: 'unparsed',
          data: { text: e.text, line: e.line, column: e.column, expected: e.expected },
          resource: { kind: 'input', name: input.file },
          origin: { input: input.input, pointer: '', line: e.line, column: e.column },
        });
      }
      for (const rules of input.parse.families) {
        for (const p of chainProblems(rules)) {
          report({
            messageId: 'chain',
            data: { message: p.message },
            resource: { kind: 'iptables_rule', name: `${p.table}/${p.chain}` },
            origin: { input: input.input, pointer: '', line: p.line },
          });
        }
      }
    }
  },
});
