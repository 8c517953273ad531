// The GitHub Action's entry, run with a simulated Actions environment (not GitHub itself): annotations on stdout,
// the step summary, the SARIF file and the counts in $GITHUB_OUTPUT. action.yml is checked against the entry.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runAction } from '../../src/cli/action.js';
import { expandFiles } from '../../src/cli/action-inputs.js';
import { pinnedConfigText, ROOT, Sink, tempDir } from '../cli/helpers.js';

interface Simulated {
  env: Record<string, string>;
  summary: string;
  output: string;
  sarif: string;
}

/** A simulated run; the `config` input defaults to a config that pins the rules the counts below rely on. */
function simulate(inputs: Record<string, string>): Simulated {
  const dir = tempDir('envoy-lint-action-');
  const pinned = path.join(dir, 'pinned.envoy-lint.json');
  fs.writeFileSync(pinned, pinnedConfigText());
  inputs = { config: pinned, ...inputs };
  const sim = { summary: path.join(dir, 'summary.md'), output: path.join(dir, 'output.txt'), sarif: path.join(dir, 'results.sarif') };
  fs.writeFileSync(sim.summary, '');
  fs.writeFileSync(sim.output, '');
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ROOT,
    GITHUB_STEP_SUMMARY: sim.summary,
    GITHUB_OUTPUT: sim.output,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  return { env, ...sim };
}

async function runInProcess(sim: Simulated): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runAction({ stdout, stderr, env: sim.env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

function outputs(file: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => line.split('=') as [string, string]),
  );
}

describe('the action entry', () => {
  it('annotates, summarises, writes SARIF and the counts, and fails on an error', async () => {
    const sim = simulate({ files: 'fixtures/dangling-cluster/fail/route-cluster.json', 'sarif-file': '' });
    sim.env.INPUT_SARIF_FILE = path.join(path.dirname(sim.output), 'results.sarif');
    const result = await runInProcess(sim);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=fixtures\/dangling-cluster\/fail\/route-cluster\.json,line=356,col=34,endColumn=84,title=dangling-cluster::route config 9080/);
    expect(fs.readFileSync(sim.summary, 'utf8')).toContain('| Severity | Rule | Resource | Message | Location |');
    expect(outputs(sim.output)).toEqual({ 'error-count': '1', 'warning-count': '0', 'info-count': '0', 'failed-inputs': '0' });
    const sarif = JSON.parse(fs.readFileSync(sim.sarif, 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(['dangling-cluster']);
  });

  it('passes on warnings by default, fails with fail-on: warning, and expands globs', async () => {
    const files = 'fixtures/cluster-without-endpoints/fail/no-*.json';
    const passing = simulate({ files });
    const pass = await runInProcess(passing);
    expect(pass.code).toBe(0);
    expect(pass.stdout.trimEnd().split('\n').every((l) => l.startsWith('::warning file=fixtures/cluster-without-endpoints/fail/no-endpoints.json,'))).toBe(true);
    expect(outputs(passing.output)).toEqual({ 'error-count': '0', 'warning-count': '2', 'info-count': '0', 'failed-inputs': '0' });
    expect((await runInProcess(simulate({ files, 'fail-on': 'warning' }))).code).toBe(1);
  });

  it('counts inputs that could not be read in failed-inputs, with an annotation at the error, exit 2', async () => {
    const sim = simulate({ files: 'fixtures/dangling-cluster/fail/route-cluster.json fixtures/bad/truncated.json' });
    const result = await runInProcess(sim);
    expect(result.code).toBe(2);
    expect(outputs(sim.output)).toEqual({ 'error-count': '1', 'warning-count': '0', 'info-count': '0', 'failed-inputs': '1' });
    expect(result.stdout).toMatch(/^::error file=fixtures\/bad\/truncated\.json,line=\d+,col=\d+,title=envoy-lint%3A input could not be read::/m);
    expect(fs.readFileSync(sim.summary, 'utf8')).toContain('1 input could not be read');
  });

  it('uses the config input', async () => {
    const sim = simulate({ files: 'fixtures/dangling-cluster/fail/route-cluster.json', config: 'fixtures/config/invalid/unknown-rule.json' });
    const result = await runInProcess(sim);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('fixtures/config/invalid/unknown-rule.json:3:24: rules.dangling-clustr: unknown rule');
  });

  it('reports an empty files input or a glob that matches nothing as an annotation, exit 2', async () => {
    const empty = await runInProcess(simulate({ files: '  ' }));
    expect(empty.code).toBe(2);
    expect(empty.stdout).toMatch(/^::error title=envoy-lint::the "files" input is empty/);
    const none = await runInProcess(simulate({ files: 'nowhere/**/*.json' }));
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('no file matches "nowhere/**/*.json"');
  });

  it('expandFiles keeps plain paths and sorts glob matches', () => {
    expect(expandFiles(['a.json', 'fixtures/dangling-cluster/*/*.json'], ROOT)).toEqual([
      'a.json',
      ...fs
        .readdirSync(path.join(ROOT, 'fixtures/dangling-cluster/fail'))
        .filter((f) => f.endsWith('.json'))
        .map((f) => `fixtures/dangling-cluster/fail/${f}`)
        .sort(),
      'fixtures/dangling-cluster/pass/healthy-sidecar.json',
    ]);
  });
});

describe('action.yml', () => {
  const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { required?: boolean; default?: string }>;
    outputs: Record<string, { description: string; value?: string }>;
    runs: { using: string; main: string };
  };

  it('is a JavaScript action that runs the committed bundle', () => {
    expect(action.runs.using).toMatch(/^node(2[0-9]|[3-9][0-9])$/);
    expect(action.runs.main).toBe('dist/action/index.js');
    expect(fs.existsSync(path.join(ROOT, action.runs.main))).toBe(true);
  });

  it('declares the inputs the entry reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(['config', 'fail-on', 'files', 'iptables', 'plugins', 'sarif-file', 'working-directory']);
    expect(action.inputs.files?.required).toBe(true);
    const source = fs.readFileSync(path.join(ROOT, 'src/cli/action-inputs.ts'), 'utf8');
    for (const name of Object.keys(action.inputs)) expect(source, name).toContain(`actionInput(env, '${name}')`);
  });

  it('declares the outputs the entry writes (a JavaScript action\'s outputs need no value mapping)', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(['error-count', 'failed-inputs', 'info-count', 'warning-count']);
    for (const output of Object.values(action.outputs)) expect(output.value).toBeUndefined();
  });
});
