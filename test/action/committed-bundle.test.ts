// The Action as a workflow runs it: the committed bundle (dist/action/), started from a folder that holds only what a
// checkout of the repository holds and no node_modules anywhere above it, with the variables the runner sets. And the
// committed bundle is what the sources build: a stale bundle would run yesterday's code in everyone's pipelines.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import { pinnedConfigText, ROOT, tempDir } from '../cli/helpers.js';

const BUNDLE_DIR = path.join(ROOT, 'dist/action');

/** A checkout of the action without node_modules: what `uses: owner/envoy-lint@v1` fetches, minus what the run ignores. */
function checkout(): string {
  const dir = tempDir('envoy-lint-checkout-');
  for (const file of ['action.yml', 'package.json']) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  fs.cpSync(BUNDLE_DIR, path.join(dir, 'dist/action'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'rules'), path.join(dir, 'rules'), { recursive: true, filter: (f) => !f.endsWith('.ts') });
  return dir;
}

/** A workspace with a dump in a subdirectory, as a user's repository would have. */
function workspace(): string {
  const dir = tempDir('envoy-lint-workspace-');
  fs.mkdirSync(path.join(dir, '.git'));
  fs.mkdirSync(path.join(dir, 'mesh/dumps'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'fixtures/dangling-cluster/fail/route-cluster.json'), path.join(dir, 'mesh/dumps/route-cluster.json'));
  fs.writeFileSync(path.join(dir, 'mesh/pinned.envoy-lint.json'), pinnedConfigText());
  return dir;
}

function runAction(actionDir: string, ws: string, inputs: Record<string, string>): { status: number | null; stdout: string; stderr: string; output: string; ms: number } {
  const output = path.join(ws, '..', `${path.basename(ws)}-output.txt`);
  fs.writeFileSync(output, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws, GITHUB_OUTPUT: output };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value; // the runner keeps dashes
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [path.join(actionDir, 'dist/action/index.js')], { cwd: ws, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { status: child.status, stdout: child.stdout, stderr: child.stderr, output: fs.readFileSync(output, 'utf8'), ms };
}

describe('the committed action bundle', () => {
  it('runs from a bare checkout: annotations relative to the workspace, working-directory, outputs', () => {
    const ws = workspace();
    const result = runAction(checkout(), ws, { files: 'dumps/*.json', config: 'pinned.envoy-lint.json', 'working-directory': 'mesh', 'fail-on': '' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^::error file=mesh\/dumps\/route-cluster\.json,line=356,col=34,endColumn=84,title=dangling-cluster::/);
    expect(result.output).toBe('error-count=1\nwarning-count=0\ninfo-count=0\nfailed-inputs=0\n');
    // The composite action it replaces spent 38-53 s in npm ci and tsc before linting; this bound only catches a
    // return to that (the start-up itself is measured by npm run bench, not here).
    expect(result.ms).toBeLessThan(10_000);
  });

  it('reads a bundle (a .tar.gz) with the tar reader inside the bundle, from a checkout without node_modules', () => {
    const ws = workspace();
    const pod = path.join(ws, 'bug-report/proxies/default/reviews-1');
    fs.mkdirSync(pod, { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'fixtures/dangling-cluster/fail/route-cluster.json'), path.join(pod, 'config_dump'));
    tar.c({ gzip: true, file: path.join(ws, 'bug-report.tar.gz'), cwd: ws, sync: true, portable: true }, ['bug-report']);
    fs.rmSync(path.join(ws, 'bug-report'), { recursive: true });
    const result = runAction(checkout(), ws, { files: 'bug-report.tar.gz', config: 'mesh/pinned.envoy-lint.json', 'fail-on': '' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^::error file=bug-report\.tar\.gz!\/bug-report\/proxies\/default\/reviews-1\/config_dump,line=356,col=34,endColumn=84,title=dangling-cluster::/m);
    expect(result.output).toContain('failed-inputs=0\n');
  });

  it('a working-directory that does not exist is one annotation, exit 2', () => {
    const result = runAction(checkout(), workspace(), { files: 'x.json', 'working-directory': 'nope' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('::error title=envoy-lint::working-directory: "nope" is not a directory of the workspace\n');
  });

  it('is what the sources build (run `npm run build:action` and commit dist/action/ when this fails)', () => {
    const fresh = tempDir('envoy-lint-action-build-');
    const built = spawnSync(process.execPath, [path.join(ROOT, 'scripts/bundle-action.mjs'), '--out', fresh], { cwd: ROOT, encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    const names = (dir: string): string[] => fs.readdirSync(dir).sort();
    expect(names(BUNDLE_DIR)).toEqual(names(fresh));
    for (const name of names(fresh)) {
      const same = fs.readFileSync(path.join(fresh, name)).equals(fs.readFileSync(path.join(BUNDLE_DIR, name)));
      expect(same, `dist/action/${name} is stale: run npm run build:action and commit it`).toBe(true);
    }
  });
});
