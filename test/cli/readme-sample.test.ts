// The README's first screen shows what `envoy-lint fixtures/example/config_dump.json fixtures/example/iptables-save.txt`
// prints. Every line of that sample (each part between "..." elisions) must be in a real run's output, in order,
// and the exit code must be what the README says (1: it has findings).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli } from './helpers.js';

function readmeSample(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('```\nfixtures/example/config_dump.json');
  const end = readme.indexOf('```', start + 4);
  expect(start, 'the README sample output block').toBeGreaterThan(0);
  return readme.slice(start + 4, end).split('\n').filter((l) => l.trim() !== '' && l.trim() !== '...');
}

describe('the README sample output', () => {
  it('is what envoy-lint prints for the bundled example', async () => {
    const r = await cli(['fixtures/example/config_dump.json', 'fixtures/example/iptables-save.txt'], { cwd: ROOT });
    expect(r.exitCode).toBe(1);
    const out = r.stdout.split('\n');
    let at = 0;
    for (const line of readmeSample()) {
      const parts = line.split('...').map((p) => p.trimEnd()).filter((p) => p.trim() !== '');
      const found = out.findIndex((o, i) => i >= at && parts.every((p) => o.includes(p.trimStart())) && o.startsWith(line.slice(0, line.length - line.trimStart().length)));
      expect(found, `README line not in the output (after line ${at}): ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
  });
});
