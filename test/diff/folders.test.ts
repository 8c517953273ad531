// `envoy-lint diff` on two folders of proxies, built here from the real dumps in fixtures/: on side B the productpage
// sidecar's route to details goes to subset v2 and zipkin's cluster is gone, one proxy is new, and a proxy laid out as
// istioctl section files is on side A only. Expected places are found by reading the files, not by running the tool.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { relativeName, uniqueNames, type SideProxy } from '../../src/diff/fleet.js';
import { ROOT, tempDir } from '../cli/helpers.js';
import { at, diff } from './helpers.js';

const PRODUCTPAGE = path.join(ROOT, 'fixtures/real/istioctl_cmd_istioctl_testdata_auth_productpage_config_dump.json');
const EXAMPLE = path.join(ROOT, 'fixtures/example/config_dump.json');
const EXTRA = path.join(ROOT, 'fixtures/real/istioctl_pkg_proxyconfig_testdata_config_dump.json');
const EGCTL = path.join(ROOT, 'fixtures/egctl/two-proxies.yaml');
const ZIPKIN = 'outbound|9411||zipkin.istio-system.svc.cluster.local';
const DETAILS = 'outbound|9080||details.default.svc.cluster.local';
const DETAILS_V2 = 'outbound|9080|v2|details.default.svc.cluster.local';
const PP = 'default/productpage/config_dump.json';

type Json = Record<string, unknown>;

function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

/** The productpage dump with the first route to details sent to subset v2 and zipkin's cluster removed. */
function changedProductpage(): string {
  const dump = readJson(PRODUCTPAGE) as { configs: Json[] };
  for (const section of dump.configs) {
    const clusters = section.dynamic_active_clusters as Json[] | undefined;
    if (clusters) section.dynamic_active_clusters = clusters.filter((c) => (c.cluster as Json).name !== ZIPKIN);
    for (const r of (section.dynamic_route_configs as Json[] | undefined) ?? []) {
      const rc = r.route_config as { name: string; virtual_hosts: Array<{ name: string; routes: Array<{ route: Json }> }> };
      if (rc.name !== '9080') continue;
      const first = rc.virtual_hosts.find((v) => v.name === 'details.default.svc.cluster.local:9080')?.routes[0];
      if (first) first.route.cluster = DETAILS_V2;
    }
  }
  return `${JSON.stringify(dump, null, 1)}\n`;
}

/** The example dump as `istioctl proxy-config listeners|clusters -o json` would print it: one array per file. */
function sectionFiles(dir: string): void {
  const dump = readJson(EXAMPLE) as { configs: Json[] };
  const listeners = dump.configs.flatMap((s) => ((s.dynamic_listeners as Json[] | undefined) ?? []).map((l) => (l.active_state as Json).listener));
  const clusters = dump.configs.flatMap((s) => [...((s.static_clusters as Json[] | undefined) ?? []), ...((s.dynamic_active_clusters as Json[] | undefined) ?? [])].map((c) => c.cluster));
  expect(listeners.length).toBeGreaterThan(0);
  expect(clusters.length).toBeGreaterThan(0);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'listeners.json'), `${JSON.stringify(listeners, null, 1)}\n`);
  fs.writeFileSync(path.join(dir, 'clusters.json'), `${JSON.stringify(clusters, null, 1)}\n`);
}

function put(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

interface Ref {
  name: string;
  proxy?: string;
  location: string;
}
interface FleetJson {
  a: string;
  b: string;
  equal: boolean;
  resources: Array<{ kind: string; a: Ref | null; b: Ref | null; changes: Array<{ kind: string; before: unknown; after: unknown; locationA: string; locationB: string }> }>;
  findings: { new: Array<{ ruleId: string; proxy: string; resource: { name: string } }>; gone: unknown[]; kept: number };
  proxies: Array<{ name: string; kind: string; a: { name: string; files: string[] } | null; b: { name: string; files: string[] } | null; resources: number; findings: { new: number; gone: number; kept: number } }>;
}

describe('envoy-lint diff on two folders', () => {
  const dir = tempDir('envoy-lint-diff-');
  const A = path.join(dir, 'a');
  const B = path.join(dir, 'b');
  const ppA = path.join(A, PP);
  const ppB = path.join(B, PP);
  const extra = path.join(B, 'default/extra/config_dump.json');

  beforeAll(() => {
    put(ppA, fs.readFileSync(PRODUCTPAGE, 'utf8'));
    put(ppB, changedProductpage());
    put(path.join(A, 'default/example/config_dump.json'), fs.readFileSync(EXAMPLE, 'utf8'));
    put(path.join(B, 'default/example/config_dump.json'), fs.readFileSync(EXAMPLE, 'utf8'));
    put(extra, fs.readFileSync(EXTRA, 'utf8'));
    sectionFiles(path.join(A, 'istio-system/gw'));
  });

  it('pairs proxies by their path under each root; the changed pair is diffed, the others listed', async () => {
    const r = await diff(A, B, '--format', 'json');
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as FleetJson;
    expect(report).toMatchObject({ a: A, b: B, equal: false });
    expect(report.proxies.map((p) => [p.name, p.kind, p.resources])).toEqual([
      ['default/example/config_dump.json', 'same', 0],
      ['default/extra/config_dump.json', 'added', 0],
      [PP, 'changed', 2],
      ['istio-system/gw', 'removed', 0],
    ]);
    const [, added, changed, removed] = report.proxies;
    expect(added).toMatchObject({ a: null, b: { name: 'default/extra/config_dump.json', files: [extra] } });
    expect(changed).toMatchObject({ a: { name: PP, files: [ppA] }, b: { name: PP, files: [ppB] } });
    expect(removed?.a?.files.sort()).toEqual([path.join(A, 'istio-system/gw/clusters.json'), path.join(A, 'istio-system/gw/listeners.json')]);
    expect(removed?.b).toBeNull();
  });

  it("the pair's resource diff is the two-dump one, each reference naming its proxy, at its lines in both files", async () => {
    const report = JSON.parse((await diff(A, B, '--format', 'json')).stdout) as FleetJson;
    expect(report.resources.map((d) => [d.kind, (d.a ?? d.b)?.name, d.a?.proxy, d.b?.proxy])).toEqual([
      ['changed', '9080', PP, PP],
      ['removed', ZIPKIN, PP, undefined],
    ]);
    const [route, gone] = report.resources;
    expect(route?.changes).toHaveLength(1);
    expect(route?.changes[0]).toMatchObject({ kind: 'changed', before: DETAILS, after: DETAILS_V2 });
    const vhA = fs.readFileSync(ppA, 'utf8').indexOf('"name": "details.default.svc.cluster.local:9080"');
    const vhB = fs.readFileSync(ppB, 'utf8').indexOf('"name": "details.default.svc.cluster.local:9080"');
    expect(route?.changes[0]?.locationA).toBe(at(ppA, `"cluster": "${DETAILS}"`, 11, vhA));
    expect(route?.changes[0]?.locationB).toBe(at(ppB, `"cluster": "${DETAILS_V2}"`, 11, vhB));
    const content = fs.readFileSync(ppA, 'utf8');
    expect(gone?.a?.location).toBe(at(ppA, '"cluster": {', 11, content.lastIndexOf('"cluster": {', content.indexOf(`"name": "${ZIPKIN}"`))));
    // The findings: the new one of the changed route, under its proxy; the new proxy's are all new, the removed one's gone.
    expect(report.findings.new.map((f) => [f.ruleId, f.resource.name, f.proxy])).toContainEqual(['dangling-cluster', DETAILS_V2, PP]);
    expect(report.findings.new.some((f) => f.proxy === 'default/extra/config_dump.json')).toBe(true);
    const sum = (k: 'new' | 'gone' | 'kept'): number => report.proxies.reduce((n, p) => n + p.findings[k], 0);
    expect([report.findings.new.length, report.findings.gone.length, report.findings.kept]).toEqual([sum('new'), sum('gone'), sum('kept')]);
    expect(report.proxies.find((p) => p.kind === 'same')?.findings.new).toBe(0);
  });

  it('text: a summary line, then each proxy with its changes grouped under it', async () => {
    const r = await diff(A, B);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^diff ${A} ${B}: 4 proxies: 1 changed, 1 the same, 1 added, 1 removed; findings: \\d+ new, \\d+ gone, \\d+ kept$`));
    const esc = (x: string): string => x.replace(/[|.*+?()[\]\\^$]/g, '\\$&');
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\+ proxy default/extra/config_dump\\.json: only in B; findings: [1-9]\\d* new, 0 gone, 0 kept {2}\\[${esc(extra)}\\]$`)));
    expect(lines.find((l) => l.startsWith('- proxy istio-system/gw: only in A'))).toContain(path.join(A, 'istio-system/gw/listeners.json'));
    expect(lines).toContainEqual(expect.stringMatching(/^= proxy default\/example\/config_dump\.json: the same resources; findings: 0 new, 0 gone, [1-9]\d* kept$/));
    const pp = lines.findIndex((l) => l.startsWith(`~ proxy ${PP}: 2 resource(s) differ: 1 changed, 0 added, 1 removed`));
    expect(pp).toBeGreaterThan(0);
    expect(lines[pp + 1]).toMatch(/^ {2}~ route config 9080 {2}\[/);
    expect(lines.slice(pp).find((l) => l.startsWith(`  - cluster ${ZIPKIN}`))).toContain(ppA);
    expect(lines.slice(pp).find((l) => l.startsWith('  new finding   dangling-cluster'))).toContain(DETAILS_V2);
  });

  it('Markdown: a table of proxies, then a section for each that differs', async () => {
    const r = await diff(A, B, '--format', 'markdown', '--no-findings');
    expect(r.code).toBe(1);
    const md = r.stdout.split('\n');
    expect(md[0]).toBe('## envoy-lint diff');
    expect(md).toContain('| | Proxy | Resources |');
    expect(md).toContain('| ~ | default/productpage/config\\_dump.json | 2 differ |');
    expect(md).toContain('| + | default/extra/config\\_dump.json | only in B |');
    expect(md).toContain('| - | istio-system/gw | only in A |');
    expect(md).toContain('| = | default/example/config\\_dump.json | the same |');
    expect(md).toContain('### ~ default/productpage/config\\_dump.json');
    expect(md.some((l) => l.startsWith('| ~ | route config 9080 | `~ /virtual_hosts/'))).toBe(true);
    expect(md).toContain(`Only in B: ${extra.replace(/_/g, '\\_')}`);
    expect(r.stdout).not.toContain('Findings');
    const withFindings = (await diff(A, B, '--format', 'markdown')).stdout.split('\n');
    expect(withFindings).toContain('| | Proxy | Resources | Findings |');
    expect(withFindings.find((l) => l.startsWith('| ~ | default/productpage/config\\_dump.json | 2 differ | '))).toMatch(/ [1-9]\d* new, 0 gone, \d+ kept \|$/);
    expect(withFindings.some((l) => l.startsWith('| new | dangling-cluster | error | cluster outbound\\|9080\\|v2\\|details'))).toBe(true);
  });

  it('a folder against itself is equal, exit 0; --ignore applies inside every pair', async () => {
    const same = await diff(A, A, '--no-findings', '--format', 'json');
    expect(same.code).toBe(0);
    expect((JSON.parse(same.stdout) as FleetJson).equal).toBe(true);
    const onlyB = path.join(dir, 'b-only-pp');
    put(path.join(onlyB, PP), changedProductpage());
    const aOnlyPp = path.join(dir, 'a-only-pp');
    put(path.join(aOnlyPp, PP), fs.readFileSync(PRODUCTPAGE, 'utf8'));
    const ignored = await diff(aOnlyPp, onlyB, '--no-findings', '--format', 'json', '--ignore', '/virtual_hosts/**');
    expect((JSON.parse(ignored.stdout) as FleetJson).resources.map((d) => d.kind)).toEqual(['removed']);
    expect(ignored.code).toBe(1);
  });

  it('one dump against a folder of one proxy compares the two; against a folder of several, a usage error naming a dump in it', async () => {
    const one = path.join(dir, 'one');
    put(path.join(one, PP), changedProductpage());
    const r = await diff(PRODUCTPAGE, one, '--format', 'json', '--no-findings');
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as FleetJson;
    expect(report.proxies.map((p) => [p.name, p.kind, p.a?.name, p.b?.name])).toEqual([[PP, 'changed', '.', PP]]);
    expect(report.resources).toHaveLength(2);
    const several = await diff(PRODUCTPAGE, B);
    expect(several.code).toBe(2);
    expect(several.stdout).toBe('');
    expect(several.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(several.stderr).toContain(`${B} holds 3 proxies`);
    expect(several.stderr).toContain(`e.g. envoy-lint diff ${PRODUCTPAGE} ${path.join(B, 'default/example/config_dump.json')}`);
  });

  it('an unreadable file in a folder, or an empty folder: one line naming it, exit 2', async () => {
    const broken = path.join(dir, 'broken');
    put(path.join(broken, PP), fs.readFileSync(PRODUCTPAGE, 'utf8'));
    const bad = put(path.join(broken, 'default/bad/config_dump.json'), '{"configs": [');
    const r = await diff(A, broken);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(bad);
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    const e = await diff(A, empty);
    expect(e.code).toBe(2);
    expect(e.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(e.stderr).toContain(`${empty}: is a directory with no files`);
  });

  it('an egctl map of proxies is a fleet: its proxies paired by ns/pod', async () => {
    const lines = fs.readFileSync(EGCTL, 'utf8').split('\n');
    const second = lines.findIndex((l) => l.startsWith('  eg2-'));
    expect(second).toBeGreaterThan(0);
    const one = put(path.join(dir, 'egctl-one.yaml'), `${lines.slice(0, second).join('\n')}\n`);
    const r = await diff(EGCTL, one, '--format', 'json', '--no-findings');
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as FleetJson;
    expect(report.proxies.map((p) => [p.name, p.kind])).toEqual([
      ['default/eg-6d8b7c9f4-abcde', 'same'],
      ['default/eg2-5f7d9c8b6-fghij', 'removed'],
    ]);
    expect(report.proxies[1]?.a?.files).toEqual([EGCTL]);
    expect((await diff(EGCTL, EGCTL, '--no-findings')).code).toBe(0);
  });

  it('--help explains the folder mode with an example', async () => {
    const help = await diff('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Folders: when A or B is a directory');
    expect(help.stdout).toMatch(/^ {2}envoy-lint diff \S+\/ \S+\/ /m);
  });

  it('two dumps keep the two-dump JSON shape (no proxies)', async () => {
    const r = await diff(PRODUCTPAGE, ppB, '--format', 'json');
    expect(Object.keys(JSON.parse(r.stdout) as Json)).toEqual(['a', 'b', 'equal', 'resources', 'findings']);
  });
});

describe('proxy names on a side', () => {
  const proxy = (name: string): SideProxy => ({ name, files: [], resources: new Map(), findings: [], inputs: [] });

  it('are relative to the root, with `/`; the root itself is `.`; a name not under the root is kept', () => {
    expect(relativeName('dumps', 'dumps/ns/pod/config_dump.json')).toBe('ns/pod/config_dump.json');
    expect(relativeName('dumps/', 'dumps/ns/pod')).toBe('ns/pod');
    expect(relativeName('dump.json', 'dump.json')).toBe('.');
    expect(relativeName('dumps', 'elsewhere/x.json')).toBe('elsewhere/x.json');
  });

  it('an ns/pod two maps on one side hold is qualified by its map', () => {
    const names = uniqueNames([
      { own: 'east/egctl.json', proxies: [proxy('default/eg'), proxy('default/other')] },
      { own: 'west/egctl.json', proxies: [proxy('default/eg')] },
    ]).map((p) => p.name);
    expect(names).toEqual(['east/egctl.json/default/eg', 'default/other', 'west/egctl.json/default/eg']);
  });
});
