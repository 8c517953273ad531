// --format / --output-file pairing, the GitHub Actions defaults, and what each output target receives.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatPairing } from '../../src/cli/formats.js';
import { UsageError } from '../../src/cli/errors.js';
import { CLEAN, cli, ESLINT_COMPACT, ONE_ERROR, ROOT, pinnedDir, tempDir, TWO_WARNINGS } from './helpers.js';

function pair(args: Array<['f' | 'o', string]>, cwd = '/w'): Array<{ format: string; outputFile?: string }> {
  const pairing = new FormatPairing();
  for (const [flag, value] of args) {
    if (flag === 'f') pairing.addFormat(value);
    else pairing.addOutput(value);
  }
  return pairing.resolve('text', cwd);
}

describe('FormatPairing', () => {
  it('SARIF carries the exit code the run ends with (invocations[0].exitCode)', async () => {
    const exitOf = async (argv: string[]) => {
      const r = await cli(['-f', 'sarif', ...argv]);
      return [r.exitCode, (JSON.parse(r.stdout) as { runs: Array<{ invocations: Array<{ exitCode?: number }> }> }).runs[0]?.invocations[0]?.exitCode];
    };
    expect(await exitOf([ONE_ERROR])).toEqual([1, 1]);
    expect(await exitOf([CLEAN])).toEqual([0, 0]);
    expect(await exitOf(['--fail-on', 'warning', TWO_WARNINGS])).toEqual([1, 1]);
  });

  it('gives each -o to the -f just before it; the rest print to stdout', () => {
    expect(pair([['f', 'github'], ['f', 'sarif'], ['o', 'x.sarif']])).toEqual([{ format: 'github' }, { format: 'sarif', outputFile: '/w/x.sarif' }]);
    expect(pair([['f', 'json'], ['o', 'a.json'], ['f', 'junit'], ['o', 'b.xml'], ['f', 'text']])).toEqual([
      { format: 'json', outputFile: '/w/a.json' },
      { format: 'junit', outputFile: '/w/b.xml' },
      { format: 'text' },
    ]);
  });

  it('gives an -o before any -f to the next -f, or to the default format', () => {
    expect(pair([['o', 'r.json'], ['f', 'json']])).toEqual([{ format: 'json', outputFile: '/w/r.json' }]);
    expect(pair([['o', 'r.txt']])).toEqual([{ format: 'text', outputFile: '/w/r.txt' }]);
    expect(pair([])).toEqual([{ format: 'text' }]);
  });

  it('rejects two stdout formats, two -o for one -f and one file for two formats', () => {
    expect(() => pair([['f', 'json'], ['f', 'text']])).toThrow(/json and text would both print to stdout/);
    expect(() => pair([['f', 'json'], ['o', 'a'], ['o', 'b']])).toThrow(UsageError);
    expect(() => pair([['o', 'a'], ['o', 'b'], ['f', 'json']])).toThrow(UsageError);
    expect(() => pair([['f', 'json'], ['o', 'a'], ['f', 'sarif'], ['o', 'a']])).toThrow(/named for two formats/);
  });
});

describe('--format and --output-file', () => {
  it('writes each format to its file and at most one to stdout', async () => {
    const cwd = pinnedDir();
    const result = await cli(['-f', 'github', '-f', 'sarif', '-o', 'out/envoy-lint.sarif', '-f', 'json', '-o', 'report.json', ONE_ERROR], { cwd });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^::error file=.*route-cluster\.json,line=356,col=34,endColumn=84,title=dangling-cluster::/);
    const sarif = JSON.parse(fs.readFileSync(path.join(cwd, 'out/envoy-lint.sarif'), 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results).toHaveLength(1);
    const json = JSON.parse(fs.readFileSync(path.join(cwd, 'report.json'), 'utf8')) as { summary: unknown };
    expect(json.summary).toEqual({ error: 1, warning: 0, info: 0, failedInputs: 0 });
  });

  it('rejects two formats on stdout with exit 2', async () => {
    const result = await cli(['-f', 'json', '-f', 'text', CLEAN]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('envoy-lint: --format json and text would both print to stdout; give all but one an --output-file (-o)\n');
  });

  it('rejects an unknown format with exit 2', async () => {
    expect((await cli(['-f', 'xml', CLEAN])).exitCode).toBe(2);
  });

  it('compact output is read by VS Code\'s $eslint-compact regex, line by line', async () => {
    const result = await cli(['--format', 'compact', ONE_ERROR, TWO_WARNINGS]);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      const match = ESLINT_COMPACT.exec(line);
      expect(match, line).not.toBeNull();
      expect(path.isAbsolute(match?.[1] ?? '')).toBe(true);
    }
  });
});

describe('in GitHub Actions', () => {
  function actionsEnv(workspace: string, summary?: string): Record<string, string> {
    return { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, ...(summary ? { GITHUB_STEP_SUMMARY: summary } : {}) };
  }

  it('defaults to the github format with paths relative to GITHUB_WORKSPACE, and appends the step summary', async () => {
    const summary = path.join(tempDir(), 'summary.md');
    fs.writeFileSync(summary, 'earlier step\n');
    const result = await cli([ONE_ERROR, TWO_WARNINGS], { env: actionsEnv(ROOT, summary) });
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::error file=fixtures\/dangling-cluster\/fail\/route-cluster\.json,line=356,col=34,endColumn=84,title=dangling-cluster::/);
    expect(lines.slice(1).every((l) => l.startsWith('::warning file=fixtures/cluster-without-endpoints/fail/no-endpoints.json,'))).toBe(true);
    const written = fs.readFileSync(summary, 'utf8');
    expect(written.startsWith('earlier step\n## envoy-lint')).toBe(true);
    expect(written).toContain('| Severity | Rule | Resource | Message | Location |');
    expect(written).toContain('fixtures/dangling-cluster/fail/route-cluster.json:356');
  });

  it('keeps an explicit --format', async () => {
    const result = await cli(['-f', 'compact', ONE_ERROR], { env: actionsEnv(ROOT) });
    expect(result.stdout.trimEnd()).toMatch(ESLINT_COMPACT);
  });

  it('does not write a step summary for other formats', async () => {
    const summary = path.join(tempDir(), 'summary.md');
    await cli(['-f', 'json', ONE_ERROR], { env: actionsEnv(ROOT, summary) });
    expect(fs.existsSync(summary)).toBe(false);
  });
});
