// `npm run new-rule -- <id>` writes a rule that passes the meta-tests untouched: run it in a scratch copy of the
// repository (rules, README and the meta-tests copied; src, fixtures and node_modules linked) and run the registry,
// docs, fixtures and ruleTester tests there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-new-rule-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function copy(rel: string): void {
  fs.mkdirSync(path.dirname(path.join(scratch, rel)), { recursive: true });
  fs.cpSync(path.join(ROOT, rel), path.join(scratch, rel), { recursive: true });
}

function link(rel: string): void {
  fs.mkdirSync(path.dirname(path.join(scratch, rel)), { recursive: true });
  fs.symlinkSync(path.join(ROOT, rel), path.join(scratch, rel));
}

describe('npm run new-rule', () => {
  it('writes a rule, its doc, fixtures, ruleTester case, registry entry and README row that pass the meta-tests', () => {
    for (const rel of ['rules', 'README.md', 'test/meta.test.ts', 'test/rules', 'test/rule-tester.ts', 'package.json']) copy(rel);
    for (const rel of ['src', 'schemas', 'node_modules', 'scripts']) link(rel);
    fs.mkdirSync(path.join(scratch, 'fixtures'));
    for (const entry of fs.readdirSync(path.join(ROOT, 'fixtures'))) link(`fixtures/${entry}`);

    const made = spawnSync(process.execPath, [path.join(ROOT, 'scripts/new-rule.mjs'), 'listener-name-example', '--root', scratch], { encoding: 'utf8' });
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toContain('rules/listener-name-example.ts');
    const index = fs.readFileSync(path.join(scratch, 'rules/index.ts'), 'utf8');
    const ids = [...index.matchAll(/^import \w+ from '\.\/([\w-]+)\.js';$/gm)].map((m) => m[1]);
    expect(ids).toContain('listener-name-example');
    expect(ids).toEqual([...ids].sort());

    const vitest = path.join(ROOT, 'node_modules/vitest/vitest.mjs');
    const files = ['test/meta.test.ts', 'test/rules/fixtures.test.ts', 'test/rules/listener-name-example.test.ts'];
    const run = spawnSync(process.execPath, [vitest, 'run', '--root', scratch, ...files, '-t', 'rules, docs and registry|rule fixtures|ruleTester'], { encoding: 'utf8', cwd: scratch });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/listener-name-example/);

    const again = spawnSync(process.execPath, [path.join(ROOT, 'scripts/new-rule.mjs'), 'listener-name-example', '--root', scratch], { encoding: 'utf8' });
    expect(again.status).toBe(2);
    expect(again.stderr).toBe('new-rule: rules/listener-name-example.ts exists already\n');
    const bad = spawnSync(process.execPath, [path.join(ROOT, 'scripts/new-rule.mjs'), 'Not_Kebab', '--root', scratch], { encoding: 'utf8' });
    expect(bad.stderr).toMatch(/must be kebab-case/);
  }, 120_000);
});
