// `npm run new-rule -- <rule-id> [--description "One sentence."] [--root DIR]`: starts a built-in rule in the house
// style. Writes rules/<id>.ts (a working rule to replace: it reports listeners whose name its `names` option lists),
// rules/<id>.md with the fixed sections, a failing and a passing fixture in fixtures/<id>/ (the failing one's
// `.expected` found by searching the written text), a ruleTester case in test/rules/<id>.test.ts, the registry entry in
// rules/index.ts and the README's table row. The result passes the meta-tests untouched (test/new-rule.test.ts).
import fs from 'node:fs';
import path from 'node:path';

const USAGE = 'usage: npm run new-rule -- <rule-id> [--description "One sentence."]';

function parseArgs(argv) {
  const out = { id: undefined, description: undefined, root: path.resolve(new URL('..', import.meta.url).pathname) };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--description') out.description = argv[++i];
    else if (arg === '--root') out.root = path.resolve(argv[++i] ?? '.');
    else if (out.id === undefined) out.id = arg;
    else throw new Error(`unexpected argument ${arg}; ${USAGE}`);
  }
  if (!out.id) throw new Error(USAGE);
  if (!/^[a-z]+(-[a-z0-9]+)*$/.test(out.id)) throw new Error(`rule id "${out.id}" must be kebab-case (letters, digits, dashes)`);
  out.description ??= 'A listener has a name that the `names` option lists.';
  if (!/^[A-Z].*\.$/.test(out.description)) throw new Error('the description must be one sentence: a capital letter first, a full stop last');
  return out;
}

const camel = (id) => id.replace(/-([a-z0-9])/g, (_m, c) => c.toUpperCase());

function ruleSource(id, description) {
  return `import { defineRule } from '../src/engine/rule.js';

// The starting point of a new rule: it reports every listener whose name the \`names\` option lists. Replace the logic,
// the message and the docs with the rule's own; keep the id, the messageIds the tests name, and the origin (the value a
// finding points at, not the resource's start).
export default defineRule({
  id: ${JSON.stringify(id)},
  meta: {
    description: ${JSON.stringify(description)},
    defaultSeverity: 'warning',
    messages: {
      named: 'listener {{name}} has a name that the ${id} rule\\'s "names" option lists: rename the listener, or take the name out of the option.',
    },
    optionsSchema: { type: 'object', properties: { names: { type: 'array', items: { type: 'string' } } }, additionalProperties: false },
  },
  defaultOptions: { names: ['example'] as string[] },
  run({ graph, options, report }) {
    for (const listener of graph.listeners) {
      if (!options.names.includes(listener.name)) continue;
      report({ messageId: 'named', data: { name: listener.name }, resource: { kind: 'listener', name: listener.name }, origin: listener.nameOrigin ?? listener.origin });
    }
  },
});
`;
}

function docSource(id, description) {
  return `# ${id}

${description}

Default severity: **warning**

## What it does
Reports every listener whose \`name\` is in the rule's \`names\` option (default \`["example"]\`), at the name's value.

## Why it matters
A rule starts here: replace this with what breaks when the rule fires, and the response flag or status users see.

## Example
### Failing
\`fixtures/${id}/fail/listener-named-example.json\`: a listener named \`example\`.

### Passing
\`fixtures/${id}/pass/listener-named-http.json\`: the same listener named \`http\`.

## How to fix
Rename the listener, or take its name out of the \`names\` option.

## Control planes
All control planes.

## References
- [Listener name](https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/listener/v3/listener.proto): the field this rule reads.

## Options
- \`names\` (string array, default \`["example"]\`): the listener names to report.
`;
}

function dumpWithListener(name) {
  return `${JSON.stringify(
    {
      configs: [
        {
          '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
          dynamic_listeners: [
            {
              name,
              active_state: {
                version_info: '1',
                listener: { '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener', name, address: { socket_address: { address: '0.0.0.0', port_value: 8080 } } },
              },
            },
          ],
        },
      ],
    },
    null,
    2,
  )}\n`;
}

/** `file:line:column` of the second `"name": "<value>"` (the listener's own name, after the dynamic wrapper's). */
function position(text, value) {
  const needle = `"name": ${JSON.stringify(value)}`;
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i].indexOf(needle);
    if (at !== -1 && seen++ === 1) return { line: i + 1, column: at + '"name": '.length + 1 };
  }
  throw new Error(`${needle} not found twice`);
}

function testSource(id) {
  return `import rule from '../../rules/${id}.js';
import { ruleTester } from '../rule-tester.js';

const listener = (name: string) => ({ name, address: { socket_address: { address: '0.0.0.0', port_value: 8080 } } });

ruleTester(rule, {
  valid: [{ name: 'a listener the option does not name', listeners: [listener('http')] }],
  invalid: [
    {
      name: 'a listener the option names',
      listeners: [listener('example')],
      errors: [{ messageId: 'named', text: '"example"' }],
    },
  ],
});
`;
}

function insertRegistry(source, id) {
  const name = camel(id);
  if (source.includes(`from './${id}.js'`)) throw new Error(`rules/index.ts already imports ${id}`);
  const lines = source.split('\n');
  const imports = lines.map((l, i) => [l, i]).filter(([l]) => /^import \w+ from '\.\/[\w-]+\.js';$/.test(l));
  const after = imports.filter(([l]) => /'\.\/([\w-]+)\.js'/.exec(l)[1] < id).at(-1) ?? [undefined, (imports[0]?.[1] ?? 1) - 1];
  lines.splice(after[1] + 1, 0, `import ${name} from './${id}.js';`);
  const start = lines.findIndex((l) => l.startsWith('export const BUILTIN_RULES'));
  const entries = [];
  for (let i = start + 1; lines[i] !== '];'; i++) entries.push([lines[i].trim().replace(/,$/, ''), i]);
  const ids = new Map(imports.map(([l]) => { const m = /^import (\w+) from '\.\/([\w-]+)\.js';$/.exec(l); return [m[1], m[2]]; }));
  const before = entries.filter(([v]) => (ids.get(v) ?? '') < id).at(-1);
  lines.splice((before ? before[1] : start) + 1, 0, `  ${name},`);
  return lines.join('\n');
}

function insertReadmeRow(source, id, description) {
  const lines = source.split('\n');
  const rows = lines.map((l, i) => [l, i]).filter(([l]) => /^\| \[`[a-z0-9-]+`\]\(rules\/[a-z0-9-]+\.md\) \|/.test(l));
  const last = rows.at(-1);
  if (!last) throw new Error('README.md has no rules table');
  lines.splice(last[1] + 1, 0, `| [\`${id}\`](rules/${id}.md) | warning | ${description.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase())} |`);
  return lines.join('\n');
}

function write(root, rel, text) {
  const file = path.join(root, rel);
  if (fs.existsSync(file)) throw new Error(`${rel} exists already`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return rel;
}

function main() {
  const { id, description, root } = parseArgs(process.argv.slice(2));
  const written = [];
  written.push(write(root, `rules/${id}.ts`, ruleSource(id, description)));
  written.push(write(root, `rules/${id}.md`, docSource(id, description)));
  const failing = dumpWithListener('example');
  written.push(write(root, `fixtures/${id}/fail/listener-named-example.json`, failing));
  const at = position(failing, 'example');
  written.push(write(root, `fixtures/${id}/fail/listener-named-example.expected`, `listener-named-example.json:${at.line}:${at.column} warning ${id}/named listener:example\n`));
  written.push(write(root, `fixtures/${id}/pass/listener-named-http.json`, dumpWithListener('http')));
  written.push(write(root, `test/rules/${id}.test.ts`, testSource(id)));
  const index = path.join(root, 'rules/index.ts');
  fs.writeFileSync(index, insertRegistry(fs.readFileSync(index, 'utf8'), id));
  const readme = path.join(root, 'README.md');
  fs.writeFileSync(readme, insertReadmeRow(fs.readFileSync(readme, 'utf8'), id, description));
  console.log(`new rule ${id}:\n${[...written, 'rules/index.ts (registry entry)', 'README.md (rules table row)'].map((f) => `  ${f}`).join('\n')}`);
}

try {
  main();
} catch (error) {
  console.error(`new-rule: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
