// The flags the docs describe are the flags the commands have: docs/ci.md's table for the lint command, the README's
// `trace`, `route-check`, `explain` and `diff` sections for those subcommands. Read from each command's real --help, so a flag added,
// renamed or given a new choice without its documentation fails here.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ROOT, Sink } from './helpers.js';

interface HelpOption {
  flag: string;
  choices: string[];
}

/** The options of a command's --help: one entry per option, its wrapped description lines joined. */
async function helpOptions(argv: string[]): Promise<HelpOption[]> {
  const stdout = new Sink();
  await main([...argv, '--help'], { stdout, stderr: new Sink(), env: {}, cwd: ROOT });
  const entries: string[] = [];
  let inOptions = false;
  for (const line of stdout.text.split('\n')) {
    if (/^Options:/.test(line)) inOptions = true;
    else if (/^\S/.test(line)) inOptions = false;
    else if (inOptions && /^ {2}-/.test(line)) entries.push(line);
    else if (inOptions && entries.length > 0 && line.trim() !== '') entries[entries.length - 1] += ` ${line.trim()}`;
  }
  expect(entries.length, `options in ${argv.join(' ')} --help`).toBeGreaterThan(3);
  return entries
    .map((entry) => ({
      flag: /--[a-z][a-z-]*/.exec(entry)?.[0] ?? '',
      choices: [...(/\(choices: ([^)]*)/.exec(entry)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? ''),
    }))
    .filter((o) => o.flag !== '--help' && o.flag !== '--version');
}

function flagsIn(text: string): Set<string> {
  return new Set([...text.matchAll(/`[^`]*`/g)].flatMap((code) => [...code[0].matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0])));
}

function readmeSection(heading: string): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}`);
  expect(start, `README section "${heading}"`).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 4);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('docs/ci.md flag table', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
  const rows = new Map(
    doc
      .split('\n')
      .filter((l) => /^\| `-/.test(l))
      .map((row) => [/--[a-z][a-z-]*/.exec(row)?.[0] ?? '', row] as const),
  );

  it('has one row per flag of `envoy-lint --help`, and no row for a flag it does not have', async () => {
    const options = await helpOptions([]);
    expect([...rows.keys()].sort()).toEqual(options.map((o) => o.flag).sort());
  });

  it("names every choice a flag accepts", async () => {
    for (const option of await helpOptions([])) {
      for (const choice of option.choices) expect(rows.get(option.flag), `${option.flag} row names "${choice}"`).toContain(`\`${choice}\``);
    }
  });
});

describe.each([
  ['trace', 'Where does this request go? `trace`'],
  ['route-check', 'Route tests: `route-check`'],
  ['explain', 'Explain a log line: `explain`'],
  ['diff', 'Comparing two dumps: `diff`'],
])('the README section on %s', (command, heading) => {
  it(`names every flag of \`envoy-lint ${command} --help\`, and only those`, async () => {
    const documented = flagsIn(readmeSection(heading));
    const real = (await helpOptions([command])).map((o) => o.flag);
    expect([...documented].sort()).toEqual([...new Set(real)].sort());
  });
});
