// YAML errors in envoy-lint's words: several documents in one file, and nesting too deep for the YAML library's
// recursive composer (refused before it runs, so no stack overflow and no stack trace).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { MAX_YAML_BYTES, MAX_YAML_DEPTH, parseYaml } from '../../src/load/parse-yaml.js';
import { InputError } from '../../src/load/errors.js';
import { ROOT, Sink, tempDir } from '../cli/helpers.js';

async function run(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(argv, { stdout, stderr, env: {}, cwd });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Writes `text` to `name` in a fresh directory and lints it; the run's stderr must be exactly one line. */
async function lintOne(name: string, text: string): Promise<{ code: number; line: string; file: string }> {
  const dir = tempDir();
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const { code, stderr } = await run([file], dir);
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return { code, line: lines[0] ?? '', file };
}

function refusal(text: string): InputError {
  try {
    parseYaml(text, 'x.yaml');
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('parseYaml accepted the text');
}

describe('several YAML documents in one input', () => {
  it('is one line at the second document, without the YAML library advice', async () => {
    const { code, line, file } = await lintOne('two.yaml', 'static_resources:\n  listeners: []\n---\nstatic_resources:\n  clusters: []\n');
    expect(code).toBe(2);
    expect(line).toBe(`envoy-lint: ${file}:3:1: several YAML documents: pass one per file`);
  });

  it('counts a leading --- as the start of the first document', () => {
    const error = refusal('---\na: 1\n---\nb: 2\n');
    expect(error.oneLine()).toBe('x.yaml:3:1: several YAML documents: pass one per file');
  });

  it('reports a syntax error of the first document before the second document', () => {
    expect(refusal('a: 1\na: 2\n---\nb: 2\n').oneLine()).toMatch(/^x\.yaml:2:1: invalid YAML: Map keys must be unique/);
  });

  it('is the same wording for a YAML config file', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'lint.yaml');
    fs.writeFileSync(config, 'rules: {}\n---\nrules: {}\n');
    const { code, stderr } = await run(['-c', config, '--print-config'], dir);
    expect(code).toBe(2);
    expect(stderr).toBe('envoy-lint: lint.yaml:2:1: several YAML documents: pass one per file\n');
  });
});

describe('a route-check test file', () => {
  const example = path.join(ROOT, 'fixtures/example/config_dump.json');
  for (const [what, text, expected] of [
    ['several documents', 'tests: []\n---\ntests: []\n', '2:1: several YAML documents: pass one per file'],
    ['nested 100,000 deep', `tests:\n  - ${'- '.repeat(100_000)}x\n`, `2:${2 * MAX_YAML_DEPTH + 1}: YAML nested deeper than ${MAX_YAML_DEPTH} levels`],
  ] as const) {
    it(`${what}: one line at the place, exit code 2`, async () => {
      const dir = tempDir();
      const tests = path.join(dir, 'routes.test.yaml');
      fs.writeFileSync(tests, text);
      const { code, stderr } = await run(['route-check', '--tests', tests, example, '--route-config', '9080'], dir);
      expect(code).toBe(2);
      expect(stderr).toBe(`envoy-lint route-check: ${tests}:${expected}\n`);
    });
  }
});

describe('YAML nested too deep', () => {
  it(`accepts ${MAX_YAML_DEPTH} levels and refuses one more, at the collection that is one too many`, () => {
    const data = parseYaml(`${'- '.repeat(MAX_YAML_DEPTH)}x\n`, 'x.yaml').data;
    let depth = 0;
    for (let v: unknown = data; Array.isArray(v); v = (v as unknown[])[0]) depth++;
    expect(depth).toBe(MAX_YAML_DEPTH);
    const error = refusal(`${'- '.repeat(MAX_YAML_DEPTH + 1)}x\n`);
    expect(error.oneLine()).toBe(`x.yaml:1:${2 * MAX_YAML_DEPTH + 1}: YAML nested deeper than ${MAX_YAML_DEPTH} levels`);
  });

  it('counts keys of block maps, indented over many lines', () => {
    const text = Array.from({ length: MAX_YAML_DEPTH + 1 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';
    expect(refusal(text).oneLine()).toBe(`x.yaml:${MAX_YAML_DEPTH + 1}:${MAX_YAML_DEPTH + 1}: YAML nested deeper than ${MAX_YAML_DEPTH} levels`);
  });

  // Flow collections open after a key: a line starting with `[` or `{` would be read as the start of JSON.
  for (const [what, text, line] of [
    ['100,000 nested "- "', `static_resources:\n  listeners:\n    ${'- '.repeat(100_000)}x\n`, 3],
    ['100,000 unclosed "["', `static_resources:\n  listeners: ${'['.repeat(100_000)}\n`, 2],
    ['100,000 nested "{a: "', `static_resources:\n  listeners: ${'{a: '.repeat(100_000)}\n`, 2],
  ] as const) {
    it(`${what} is one line naming file:line:col, exit code 2`, async () => {
      const { code, line: printed, file } = await lintOne('deep.yaml', text);
      expect(code).toBe(2);
      expect(printed).toMatch(new RegExp(`^envoy-lint: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:\\d+: YAML nested deeper than ${MAX_YAML_DEPTH} levels$`));
      expect(printed).not.toMatch(/call stack/i);
    });
  }
});

describe('YAML too big to read as YAML', () => {
  it('is refused at once with the size and how to convert it, not after minutes out of heap', async () => {
    const entry = '  - name: c\n    connect_timeout: 1s\n';
    const text = `static_resources:\n  clusters:\n${entry.repeat(Math.ceil((MAX_YAML_BYTES + 1024) / entry.length))}`;
    const { code, line } = await lintOne('big.yaml', text);
    expect(code).toBe(2);
    expect(line).toMatch(/big\.yaml:1:1: YAML of 8 MiB: larger than envoy-lint reads as YAML \(8 MiB\); convert it to JSON \(yq -o json /);
  });
});
