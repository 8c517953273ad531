// .vscode/tasks.json is a working example: the default task feeds compact output to $eslint-compact, the second
// uses a matcher of our own (owner envoy-lint) with the same regex; both read every line the CLI prints.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, DIST_BIN, ESLINT_COMPACT, ONE_ERROR, ROOT, TWO_WARNINGS } from './helpers.js';

interface Task {
  label: string;
  args: string[];
  problemMatcher: string | { owner: string; fileLocation: string; pattern: { regexp: string; file: number; line: number; column: number; severity: number; message: number; code: number } };
  group?: { kind: string; isDefault?: boolean };
}

const tasks = (JSON.parse(fs.readFileSync(path.join(ROOT, '.vscode/tasks.json'), 'utf8')) as { tasks: Task[] }).tasks;

describe('.vscode/tasks.json', () => {
  it('has a default task using $eslint-compact on --format compact output', () => {
    const task = tasks.find((t) => t.group?.isDefault);
    expect(task?.problemMatcher).toBe('$eslint-compact');
    expect(task?.args.join(' ')).toContain('--format compact');
  });

  it('has a task with an envoy-lint matcher that reads every line of real compact output', async () => {
    const task = tasks.find((t) => typeof t.problemMatcher === 'object');
    const matcher = task?.problemMatcher;
    if (typeof matcher !== 'object') throw new Error('no named matcher');
    expect(matcher.owner).toBe('envoy-lint');
    expect(matcher.fileLocation).toBe('absolute');
    expect(matcher.pattern.regexp).toBe(ESLINT_COMPACT.source);
    const regex = new RegExp(matcher.pattern.regexp);
    const { stdout } = await cli(['--format', 'compact', ONE_ERROR, TWO_WARNINGS]);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const match = regex.exec(line);
      expect(match, line).not.toBeNull();
      expect(fs.existsSync(match?.[matcher.pattern.file] ?? '')).toBe(true);
      expect(Number(match?.[matcher.pattern.line])).toBeGreaterThan(0);
      expect(['Error', 'Warning', 'Info']).toContain(match?.[matcher.pattern.severity]);
    }
  });
});

describe('the built CLI (end to end)', () => {
  const built = fs.existsSync(DIST_BIN);
  it.skipIf(!built)('prints compact output VS Code reads, and exits 1 for an error', () => {
    const child = spawnSync(process.execPath, [DIST_BIN, '--format', 'compact', ONE_ERROR], { cwd: ROOT, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(child.status).toBe(1);
    const lines = child.stdout.trimEnd().split('\n');
    expect(lines.some((l) => l.includes('Error - ') && l.endsWith('(dangling-cluster)'))).toBe(true);
    for (const line of lines) expect(line).toMatch(ESLINT_COMPACT);
  });
  it.skipIf(!built)('exits 2 with a located message for a bad config', () => {
    const child = spawnSync(process.execPath, [DIST_BIN, '--config', 'unknown-rule.json', ONE_ERROR], { cwd: path.join(ROOT, 'fixtures/config/invalid'), env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(child.status).toBe(2);
    expect(child.stderr).toBe(fs.readFileSync(path.join(ROOT, 'fixtures/config/invalid/unknown-rule.expected'), 'utf8'));
  });
  if (!built) it.skip('dist/bin/envoy-lint.js is missing: run `npm run build` to run the end-to-end tests', () => undefined);
});
