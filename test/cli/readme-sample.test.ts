// The README's sample outputs are what the commands print: the first screen's
// `envoy-lint fixtures/example/config_dump.json fixtures/example/iptables-save.txt`, the `trace` and `explain` examples. Every
// line of a sample (each part between "..." elisions) must be in a real run's output, in order, and the exit code
// must be what the README says (1 for both: findings, and a request that ends in UH).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ROOT, Sink, cli } from './helpers.js';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The lines of the README's code block that starts with `firstLine`, without blank lines and "..." elisions. */
function readmeSample(firstLine: string): string[] {
  const start = README.indexOf(`\`\`\`\n${firstLine}`);
  const end = README.indexOf('```', start + 4);
  expect(start, `the README sample output block starting "${firstLine}"`).toBeGreaterThan(0);
  return README.slice(start + 4, end).split('\n').filter((l) => l.trim() !== '' && l.trim() !== '...');
}

/** The shell command of the README's `sh` block that starts with `prefix`, as argv (no quoting in these examples). */
function readmeCommand(prefix: string): string[] {
  const line = README.split('\n').find((l) => l.startsWith(prefix));
  expect(line, `the README command "${prefix}…"`).toBeDefined();
  return (line ?? '').replace(/^npx envoy-lint /, '').split(/\s+/);
}

function expectSampleIn(sample: string[], output: string): void {
  const out = output.split('\n');
  let at = 0;
  for (const line of sample) {
    const parts = line.split('...').map((p) => p.trimEnd()).filter((p) => p.trim() !== '');
    const indent = line.slice(0, line.length - line.trimStart().length);
    const found = out.findIndex((o, i) => i >= at && o.startsWith(indent) && parts.every((p) => o.includes(p.trimStart())));
    expect(found, `README line not in the output (after line ${at}): ${line}`).toBeGreaterThanOrEqual(0);
    at = found + 1;
  }
}

describe('the README sample outputs', () => {
  it('the first screen: what envoy-lint prints for the bundled example', async () => {
    const r = await cli(['fixtures/example/config_dump.json', 'fixtures/example/iptables-save.txt'], { cwd: ROOT });
    expect(r.exitCode).toBe(1);
    expectSampleIn(readmeSample('fixtures/example/config_dump.json'), r.stdout);
  });

  it('the explain example: what its command prints', async () => {
    const line = README.split('\n').find((l) => l.startsWith('npx envoy-lint explain '));
    const m = /^npx envoy-lint explain (\S+) --log '([^']+)'$/.exec(line ?? '');
    expect(m, 'the README explain command').not.toBeNull();
    const stdout = new Sink();
    const code = await main(['explain', m?.[1] ?? '', '--log', m?.[2] ?? ''], { stdout, stderr: new Sink(), env: {}, cwd: ROOT });
    expect(code).toBe(0);
    const sample = readmeSample('line 1: ');
    expect(sample.length).toBeGreaterThan(5);
    expectSampleIn(sample, stdout.text);
  });

  it('the trace example: what its command prints', async () => {
    const argv = readmeCommand('npx envoy-lint trace ');
    const stdout = new Sink();
    const code = await main(argv, { stdout, stderr: new Sink(), env: {}, cwd: ROOT });
    expect(code).toBe(1);
    const sample = readmeSample('trace ');
    expect(sample.length).toBeGreaterThan(5);
    expectSampleIn(sample, stdout.text);
  });
});
