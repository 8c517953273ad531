// How inputs are grouped into proxies: per directory, each complete config dump alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planProxies } from '../../src/fleet/plan.js';
import { displayName } from '../../src/load/input.js';
import { lintFleet } from '../../src/fleet/run.js';

const FIX = path.resolve(__dirname, '../../fixtures');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-fleet-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function layout(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(tmp, 'fleet-'));
  for (const [rel, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.copyFileSync(source, path.join(root, rel));
  }
  return root;
}

const DUMP = path.join(FIX, 'example/config_dump.json');
const IPT = path.join(FIX, 'example/iptables-save.txt');
const ISTIOCTL = path.join(FIX, 'dangling-cluster/fail/route-cluster.istioctl');

describe('planProxies', () => {
  it('files named on the command line form one proxy (istioctl sections, a dump and its iptables)', () => {
    const sections = fs.readdirSync(ISTIOCTL).filter((f) => f.endsWith('.json')).map((f) => path.join(ISTIOCTL, f));
    expect(planProxies(sections).proxies).toHaveLength(1);
    expect(planProxies([DUMP, IPT]).proxies).toEqual([{ name: DUMP, files: [DUMP, IPT], iptables: [] }]);
  });

  it('each complete config dump is its own proxy; a directory of pods is one proxy per pod', () => {
    const root = layout({ 'pod-a/config_dump.json': DUMP, 'pod-a/iptables-save.txt': IPT, 'pod-b/config_dump.json': DUMP, 'two/x.json': DUMP, 'two/y.json': DUMP });
    const plan = planProxies([root]);
    expect(plan.isFleet).toBe(true);
    expect(plan.proxies.map((p) => p.files.map((f) => path.relative(root, displayName(f))))).toEqual([
      ['pod-a/config_dump.json', 'pod-a/iptables-save.txt'],
      ['pod-b/config_dump.json'],
      ['two/x.json'],
      ['two/y.json'],
    ]);
  });

  it('follows symbolic links to pod directories and files, ends link cycles, and reports broken links', () => {
    const pods = layout({ 'pod-a/config_dump.json': DUMP, 'pod-b/config_dump.json': DUMP });
    const root = fs.mkdtempSync(path.join(tmp, 'links-'));
    fs.symlinkSync(path.join(pods, 'pod-a'), path.join(root, 'pod-a'));
    fs.mkdirSync(path.join(root, 'pod-b'));
    fs.symlinkSync(path.join(pods, 'pod-b/config_dump.json'), path.join(root, 'pod-b/config_dump.json'));
    fs.symlinkSync(root, path.join(root, 'loop'));
    fs.symlinkSync(path.join(root, 'missing'), path.join(root, 'pod-c'));
    const plan = planProxies([root]);
    expect(plan.proxies.map((p) => p.files.map((f) => path.relative(root, displayName(f))))).toEqual([['pod-a/config_dump.json'], ['pod-b/config_dump.json']]);
    expect(plan.errors.map((e) => e.oneLine())).toEqual([`${path.join(root, 'pod-c')}: is a broken symbolic link: its target does not exist`]);
  });

  it('an empty directory is an input error', () => {
    const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
    expect(planProxies([empty]).errors.map((e) => e.oneLine())).toEqual([`${empty}: is a directory with no files in it: expected config dumps, istioctl JSON, bootstraps or iptables text`]);
  });
});

describe('lintFleet', () => {
  it('keeps findings grouped per proxy in plan order and counts rules per proxy', async () => {
    const root = layout({ 'pod-a/config_dump.json': DUMP, 'pod-a/iptables-save.txt': IPT, 'pod-b/config_dump.json': DUMP });
    const result = await lintFleet([root], { jobs: 1 });
    const files = result.report.findings.map((f) => path.relative(root, f.location.file));
    const firstB = files.findIndex((f) => f.startsWith('pod-b'));
    expect(firstB).toBeGreaterThan(0);
    expect(files.slice(firstB).every((f) => f.startsWith('pod-b'))).toBe(true);
    expect(result.fleet.proxies).toBe(2);
    expect(result.fleet.rules['dangling-cluster']).toBe(2);
    expect(result.fleet.rules['inbound-port-not-captured']).toBe(1); // pod-a: the planted port
    expect(result.fleet.rules['unchecked-input']).toBe(1); // pod-b: no iptables (info)
    expect(result.sourceLine(result.report.findings[0]!.location.file, result.report.findings[0]!.location.line)).toBeDefined();
  });
});

describe('the CLI on a fleet', () => {
  const bin = path.resolve(__dirname, '../../dist/bin/envoy-lint.js');
  it.skipIf(!fs.existsSync(bin))('prints the same report with --jobs 1 and --jobs 2 (worker threads), and a fleet summary on stderr', async () => {
    const { spawnSync } = await import('node:child_process');
    const root = layout({ 'pod-a/config_dump.json': DUMP, 'pod-a/iptables-save.txt': IPT, 'pod-b/config_dump.json': DUMP, 'pod-c/config_dump.json': path.join(FIX, 'dangling-cluster/pass/healthy-sidecar.json') });
    const run = (jobs: string) => spawnSync(process.execPath, [bin, '--jobs', jobs, root], { encoding: 'utf8' });
    const one = run('1');
    const two = run('2');
    expect(one.status).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(one.stderr).toContain('fleet: 3 proxies linted');
    expect(one.stderr).toMatch(/dangling-cluster\s+on 2 of 3/);
  });

  it.skipIf(!fs.existsSync(bin))('lints an archive bundle the same on worker threads: its members reach them (shared, not copied)', async () => {
    const { spawnSync } = await import('node:child_process');
    const tar = await import('tar');
    const root = layout({ 'bug-report/proxies/a/pod-1/config_dump': DUMP, 'bug-report/proxies/a/pod-2/config_dump': DUMP, 'bug-report/proxies/b/pod-3/config_dump': path.join(FIX, 'dangling-cluster/pass/healthy-sidecar.json') });
    const file = path.join(root, 'bundle.tar.gz');
    tar.c({ gzip: true, file, cwd: root, sync: true }, ['bug-report']);
    const run = (jobs: string) => spawnSync(process.execPath, [bin, '--jobs', jobs, '-f', 'json', file], { encoding: 'utf8' });
    const one = run('1');
    const two = run('2');
    expect(one.status).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(one.stdout) as { proxies: Array<{ name: string }> };
    expect(report.proxies.map((p) => p.name)).toEqual(['a/pod-1', 'a/pod-2', 'b/pod-3']);
  });
});
