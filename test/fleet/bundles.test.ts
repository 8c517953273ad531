// Bundles as fleets: an `istioctl bug-report` tree (the layout of istio's tools/bug-report: bug-report/proxies/<ns>/<pod>/
// with each admin output named after its path) and an `egctl x collect` tree (config-dumps/<ns>/<pod>.json), built here
// from the fixtures' real-format files, lint as one proxy per pod, with the same findings as the loose fixture
// directories; as a .tar.gz they give the same again. Damaged, truncated and bomb archives are input errors that name
// the archive (and the member to blame).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import { planProxies } from '../../src/fleet/plan.js';
import { readArchive } from '../../src/load/archive.js';
import { loadProxies } from '../../src/pipeline/proxies.js';
import type { Report } from '../../src/engine/report.js';
import { main } from '../../src/cli/main.js';
import { ROOT, Sink, cli, tempDir } from '../cli/helpers.js';
import { diff } from '../diff/helpers.js';

const FIX = path.join(ROOT, 'fixtures');
/** Pod → [file in the bundle, fixture it is a copy of]. Each pod's files are one loose fixture directory. */
const PODS: Record<string, { loose: string; files: Record<string, string> }> = {
  'default/ratings-client': { loose: 'endpoints-unhealthy/fail/ejected-and-failing', files: { config_dump: 'config_dump.json', clusters: 'clusters.json' } },
  'default/text-clusters': { loose: 'endpoints-unhealthy/fail/ejected-text', files: { config_dump: 'config_dump.json', clusters: 'clusters' } },
  'default/old-certs': { loose: 'certificate-expiry/fail/expired-and-future', files: { config_dump: 'config_dump.json', certs: 'certs.json' } },
  'istio-system/starting': { loose: 'proxy-not-live/fail/initializing', files: { config_dump: 'config_dump.json', server_info: 'server_info.json' } },
  // A real sidecar dump from istioctl's test data (fixtures/real/SOURCES.md), alone in its pod's folder.
  'default/productpage-v1-7d4b9c': { loose: 'real/istioctl_cmd_istioctl_testdata_auth_productpage_config_dump.json', files: { config_dump: '' } },
};
/** What else a bug report holds (not proxy data): cluster state, istiod's debug output, the proxies' other outputs. */
const OTHER_FILES: Record<string, string> = {
  'bug-report/bug-report.log': 'log line\n',
  'bug-report/cluster/k8s-resources': 'apiVersion: v1\nitems: []\nkind: List\n',
  'bug-report/cluster/cluster-context': 'kind-kind\n',
  'bug-report/istio/istio-system/istiod-5d8f/debug/syncz': '[]\n',
  'bug-report/analyze/all/all': 'Info [IST0102] ...\n',
  'bug-report/proxies/default/ratings-client/listeners': '0.0.0.0_15001::0.0.0.0:15001\n',
  'bug-report/proxies/default/ratings-client/stats/prometheus': '# TYPE envoy_cluster_upstream_cx_total counter\n',
  'bug-report/proxies/default/ratings-client/runtime': '{"entries": {}, "layers": []}\n',
  'bug-report/proxies/default/ratings-client/netstat': 'Active Internet connections (servers and established)\n',
};

function write(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}

/** A bug-report tree under a fresh directory; returns that directory (the tree is its `bug-report/`). */
function bugReportTree(): string {
  const root = tempDir('envoy-lint-bundle-');
  const files: Record<string, string | Buffer> = { ...OTHER_FILES };
  for (const [pod, { loose, files: podFiles }] of Object.entries(PODS)) {
    // '' is the loose fixture itself (a single dump rather than a directory of files).
    for (const [name, fixture] of Object.entries(podFiles)) files[`bug-report/proxies/${pod}/${name}`] = fs.readFileSync(path.join(FIX, loose, fixture));
  }
  write(root, files);
  return root;
}

function archive(root: string, file: string, entries = ['bug-report'], gzip = true): string {
  tar.c({ gzip, file, cwd: root, sync: true, portable: true }, entries);
  return file;
}

/** A report's findings without where they are (the same finding in a bundle and a loose file). */
function findings(report: Report, proxy?: string): string[] {
  return report.findings.filter((f) => proxy === undefined || f.proxy === proxy).map((f) => `${path.basename(f.location.file).replace(/\.json$/, '').replace(/^istioctl_.*_config_dump$/, 'config_dump')}:${f.location.line}:${f.location.column} ${f.severity} ${f.ruleId}/${f.messageId} ${f.message}`).sort();
}

async function lintJson(args: string[], env: Record<string, string> = {}): Promise<{ exitCode: number; report: Report | undefined; stderr: string }> {
  const r = await cli(['-f', 'json', '--no-progress', ...args], { cwd: tempDir(), env });
  return { exitCode: r.exitCode, report: r.stdout.trim() ? (JSON.parse(r.stdout) as Report) : undefined, stderr: r.stderr };
}

describe('an istioctl bug-report bundle', () => {
  it('extracted: one proxy per pod, named namespace/pod, with the findings of its loose files', async () => {
    const root = bugReportTree();
    const { report, stderr } = await lintJson([path.join(root, 'bug-report')]);
    expect(stderr).toBe('');
    expect(report?.proxies.map((p) => p.name).sort()).toEqual(Object.keys(PODS).sort());
    for (const [pod, { loose, files }] of Object.entries(PODS)) {
      const alone = await lintJson([path.join(FIX, loose)]);
      expect(findings(report!, pod), pod).toEqual(findings(alone.report!));
      expect(report?.proxies.find((p) => p.name === pod)?.files.map((f) => path.basename(f)).sort(), pod).toEqual(Object.keys(files).sort());
    }
    // No file that is not proxy data was read: no input error, and none of them is among the inputs.
    expect(report?.inputs.every((i) => i.status === 'ok')).toBe(true);
    expect(report?.inputs.map((i) => path.basename(i.file))).not.toContain('listeners');
  });

  it('as the .tar.gz it is shipped as: the same proxies and findings, files named archive!/member', async () => {
    const root = bugReportTree();
    const extracted = await lintJson([path.join(root, 'bug-report')]);
    const file = archive(root, path.join(root, 'bug-report-20261203.tar.gz'));
    const { report, exitCode } = await lintJson([file]);
    expect(exitCode).toBe(extracted.exitCode);
    expect(report?.proxies.map((p) => p.name)).toEqual(extracted.report?.proxies.map((p) => p.name));
    expect(findings(report!)).toEqual(findings(extracted.report!));
    expect(report?.findings[0]?.location.file).toMatch(/bug-report-20261203\.tar\.gz!\/bug-report\/proxies\/[^/]+\/[^/]+\/[a-z_]+$/);
    // The proxy's Envoy version where the bundle says it (server_info).
    expect(report?.proxies.find((p) => p.name === 'istio-system/starting')?.envoyVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('lists what it left unread with --debug only', async () => {
    const root = bugReportTree();
    const file = archive(root, path.join(root, 'br.tgz'));
    const quiet = await cli(['--no-progress', file], { cwd: tempDir() });
    expect(quiet.stderr).not.toContain('left unread');
    const debug = await cli(['--no-progress', '--debug', file], { cwd: tempDir() });
    const listed = debug.stderr.split('\n').filter((l) => l.includes('!/')).map((l) => l.trim().replace(/^.*!\//, ''));
    expect(listed.sort()).toEqual(Object.keys(OTHER_FILES).sort());
  });

  it('a plain tar (not gzipped) is read too', async () => {
    const root = bugReportTree();
    const { report } = await lintJson([archive(root, path.join(root, 'br.tar'), ['bug-report'], false)]);
    expect(report?.proxies).toHaveLength(Object.keys(PODS).length);
  });
});

describe('diff of two bug reports', () => {
  it('pairs their proxies by namespace/pod, archive against archive or against the extracted folder', async () => {
    const before = bugReportTree();
    const after = bugReportTree();
    const dump = path.join(after, 'bug-report/proxies/default/ratings-client/config_dump');
    fs.writeFileSync(dump, fs.readFileSync(dump, 'utf8').replace('"route_config_name": "9080"', '"route_config_name": "9081"'));
    const a = archive(before, path.join(before, 'a.tar.gz'));
    const b = archive(after, path.join(after, 'b.tar.gz'));
    const changed = await diff('--format', 'json', a, b);
    expect(changed.stderr).toBe('');
    expect(changed.code).toBe(1);
    const report = JSON.parse(changed.stdout) as { proxies: Array<{ name: string; kind: string }> };
    expect(report.proxies.filter((p) => p.kind !== 'same')).toEqual([expect.objectContaining({ name: 'default/ratings-client', kind: 'changed' })]);
    expect(report.proxies.map((p) => p.name).sort()).toEqual(Object.keys(PODS).sort());
    const same = await diff(a, path.join(before, 'bug-report'));
    expect(same.code).toBe(0);
  });
});

describe('an egctl x collect bundle', () => {
  it('is one proxy per config-dumps/<namespace>/<pod>.json; the rest is not read', async () => {
    const root = tempDir('envoy-lint-collect-');
    const dump = fs.readFileSync(path.join(FIX, 'example/config_dump.json'));
    write(root, {
      'config-dumps/envoy-gateway-system/envoy-default-eg-e41e7b31-7b9f8.json': dump,
      'config-dumps/envoy-gateway-system/envoy-default-eg-e41e7b31-x2k4q.json': dump,
      'config-dumps/errors.log': 'failed to get config dump for pod envoy-gateway-system/envoy-x: timeout\n',
      'cluster-resources/pods/envoy-gateway-system.json': '{"kind": "PodList", "items": []}\n',
      'envoy-gateway-system/logs/envoy-gateway.log': 'started\n',
    });
    const { report } = await lintJson([root]);
    expect(report?.proxies.map((p) => p.name)).toEqual(['envoy-gateway-system/envoy-default-eg-e41e7b31-7b9f8', 'envoy-gateway-system/envoy-default-eg-e41e7b31-x2k4q']);
    expect(report?.inputs.every((i) => i.status === 'ok')).toBe(true);
    const alone = await lintJson([path.join(FIX, 'example/config_dump.json')]);
    expect(findings(report!, 'envoy-gateway-system/envoy-default-eg-e41e7b31-7b9f8').map((f) => f.replace(/^[^:]+:/, ''))).toEqual(findings(alone.report!).map((f) => f.replace(/^[^:]+:/, '')));
  });
});

describe('archives that cannot be read', () => {
  it('a truncated archive names the member it ends inside (exit 2)', async () => {
    const root = bugReportTree();
    const whole = zlib.gunzipSync(fs.readFileSync(archive(root, path.join(root, 'full.tar.gz'))));
    // Cut inside the first config_dump's data: its header is the 512-byte block whose name field ends so.
    const header = Math.floor(whole.indexOf('/config_dump\0') / 512) * 512;
    const member = whole.toString('latin1', header, whole.indexOf(0, header));
    const cut = path.join(root, 'cut.tar');
    fs.writeFileSync(cut, whole.subarray(0, header + 512 + 100));
    const r = await cli(['--no-progress', cut], { cwd: tempDir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`envoy-lint: ${cut}: archive member ${member}: cut short: the archive ends inside it (a truncated download or copy?)`);
  });

  it('a truncated download of the .tar.gz is refused the same way', () => {
    const root = bugReportTree();
    const gz = fs.readFileSync(archive(root, path.join(root, 'full.tar.gz')));
    const cut = path.join(root, 'cut.tar.gz');
    fs.writeFileSync(cut, gz.subarray(0, Math.floor(gz.length / 2)));
    expect(() => readArchive(cut)).toThrow(/archive member bug-report\/\S+: cut short/);
  });

  it('a damaged header is an input error, the other inputs still linted', async () => {
    const root = bugReportTree();
    const whole = zlib.gunzipSync(fs.readFileSync(archive(root, path.join(root, 'full.tar.gz'))));
    const damaged = Buffer.from(whole);
    damaged.fill(0x41, 0, 100); // the first header's name field: its checksum no longer matches
    const bad = path.join(root, 'bad.tar');
    fs.writeFileSync(bad, damaged);
    const { exitCode, report, stderr } = await lintJson([bad, path.join(FIX, 'example/config_dump.json')]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(new RegExp(`^envoy-lint: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*damaged archive`));
    expect(report?.inputs.find((i) => i.file === bad)?.status).toBe('error');
    expect(report?.findings.length).toBeGreaterThan(0);
  });

  it('an archive bomb stops at the bound, with how to raise it', async () => {
    const root = tempDir('envoy-lint-bomb-');
    write(root, { 'bug-report/proxies/default/pod/config_dump': Buffer.alloc(64 * 1024 * 1024, 0x20) });
    const file = archive(root, path.join(root, 'bomb.tar.gz'));
    expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
    const r = await cli(['--no-progress', file], { cwd: tempDir(), env: { ENVOY_LINT_MAX_ARCHIVE_BYTES: String(16 * 1024 * 1024) } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`envoy-lint: ${file}: the archive expands past 16 MiB (an archive bomb, or a bundle bigger than envoy-lint reads by default: set ENVOY_LINT_MAX_ARCHIVE_BYTES to allow more)`);
  });

  it('the declared size of a member counts before its data is inflated', () => {
    const root = tempDir('envoy-lint-bomb-');
    write(root, { 'a/config_dump': Buffer.alloc(3 * 1024 * 1024, 0x20) });
    const file = archive(root, path.join(root, 'a.tar'), ['a'], false);
    expect(() => readArchive(file, { maxBytes: 1024 * 1024 })).toThrow(/expands past 1 MiB/);
  });
});

describe('trace, route-check and explain on a bundle', () => {
  async function sub(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new Sink();
    const stderr = new Sink();
    const code = await main(args, { stdout, stderr, env: {}, cwd: ROOT });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it('read the pod --proxy names (namespace/pod), from the archive or its folder; without it, name the choices', async () => {
    const root = bugReportTree();
    const file = archive(root, path.join(root, 'br.tar.gz'));
    for (const bundle of [file, path.join(root, 'bug-report')]) {
      const traced = await sub('trace', bundle, '--proxy', 'default/old-certs', '--to', '10.0.0.1:9080', '--format', 'json');
      expect(traced.stderr).toBe('');
      expect(traced.stdout).toContain('bug-report/proxies/default/old-certs/config_dump');
    }
    const unnamed = await sub('trace', file, '--to', '10.0.0.1:9080');
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toMatch(/^envoy-lint trace: the inputs hold 5 proxies \(.*"default\/old-certs".*\): pick one with --proxy NAME\n$/);
    const wrong = await sub('route-check', file, '--proxy', 'default/nope', '--tests', path.join(FIX, 'route-check/bookinfo-gateway.tests.yaml'));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^envoy-lint route-check: no proxy "default\/nope" in the inputs; they hold /);
  });
});

describe('an archive where one file is read', () => {
  it('is told apart from binary data (stdin, --iptables)', () => {
    const root = bugReportTree();
    const file = archive(root, path.join(root, 'br.tar.gz'));
    const { errors } = loadProxies([], { iptables: [file] });
    expect(errors.map((e) => e.oneLine())).toEqual([
      `${file}:1:1: a tar archive (a bundle such as istioctl bug-report's?): name the archive's file, or the folder it extracts to, on the command line (a pipe cannot be read as a bundle, nor can --iptables)`,
    ]);
  });
});

describe('the planner', () => {
  it('an archive found inside a walked directory is a bundle of its own, beside the loose dumps', () => {
    const root = bugReportTree();
    const dir = tempDir('envoy-lint-artifacts-');
    archive(root, path.join(dir, 'bug-report.tgz'));
    fs.copyFileSync(path.join(FIX, 'example/config_dump.json'), path.join(dir, 'config_dump.json'));
    const plan = planProxies([dir]);
    expect(plan.errors).toEqual([]);
    const [loose, ...bundled] = plan.proxies.map((p) => p.name);
    expect(loose).toBe(path.join(dir, 'config_dump.json'));
    expect(bundled.sort()).toEqual(Object.keys(PODS).sort());
  });

  it('a path the tar holds twice is read as extraction would leave it: the last copy', () => {
    const root = tempDir('envoy-lint-twice-');
    write(root, { 'bug-report/proxies/default/pod/config_dump': '{"configs": []}' });
    const file = path.join(root, 'twice.tar');
    tar.c({ file, cwd: root, sync: true }, ['bug-report/proxies/default/pod/config_dump']);
    fs.copyFileSync(path.join(FIX, 'example/config_dump.json'), path.join(root, 'bug-report/proxies/default/pod/config_dump'));
    tar.r({ file, cwd: root, sync: true }, ['bug-report/proxies/default/pod/config_dump']);
    const [proxy] = planProxies([file]).proxies;
    expect(proxy?.files).toHaveLength(1);
    const [member] = proxy!.files;
    expect(typeof member === 'string' ? 0 : member!.bytes.length).toBe(fs.statSync(path.join(FIX, 'example/config_dump.json')).size);
  });

  it('a tar archive in no bundle layout is grouped by directory like a walked one', () => {
    const root = tempDir('envoy-lint-plain-');
    const dump = fs.readFileSync(path.join(FIX, 'example/config_dump.json'));
    write(root, { 'dumps/pod-a/config_dump.json': dump, 'dumps/pod-b/config_dump.json': dump });
    const file = archive(root, path.join(root, 'dumps.tgz'), ['dumps']);
    const plan = planProxies([file]);
    expect(plan.isFleet).toBe(true);
    expect(plan.proxies.map((p) => p.name)).toEqual([`${file}!/dumps/pod-a/config_dump.json`, `${file}!/dumps/pod-b/config_dump.json`]);
  });
});
