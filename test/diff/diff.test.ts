// `envoy-lint diff` on a real dump (istioctl's productpage sidecar test data, fixtures/real/SOURCES.md) and a copy
// with a changed route, a removed cluster, reordered lists and new version_info values: exactly the first two are
// reported, at the right lines in both files (found here by reading the files), and the findings they bring.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareResource } from '../../src/diff/compare.js';
import type { IdentifiedResource } from '../../src/diff/resources.js';
import { ROOT } from '../cli/helpers.js';
import { at, diff } from './helpers.js';

const A = path.join(ROOT, 'fixtures/real/istioctl_cmd_istioctl_testdata_auth_productpage_config_dump.json');
const ZIPKIN = 'outbound|9411||zipkin.istio-system.svc.cluster.local';
const DETAILS = 'outbound|9080||details.default.svc.cluster.local';
const DETAILS_V2 = 'outbound|9080|v2|details.default.svc.cluster.local';

type Json = Record<string, unknown>;

/** The copy: route to details goes to subset v2, zipkin's cluster is gone, lists reordered, version_info renewed. */
function changedCopy(): string {
  const dump = JSON.parse(fs.readFileSync(A, 'utf8')) as { configs: Json[] };
  for (const section of dump.configs) {
    const clusters = section.dynamic_active_clusters as Json[] | undefined;
    if (clusters) {
      section.dynamic_active_clusters = clusters.filter((c) => (c.cluster as Json).name !== ZIPKIN).reverse();
      for (const c of section.dynamic_active_clusters as Json[]) c.version_info = 'renewed';
    }
    const routes = section.dynamic_route_configs as Json[] | undefined;
    for (const r of routes ?? []) {
      r.version_info = 'renewed';
      const rc = r.route_config as { name: string; virtual_hosts: Json[] };
      if (rc.name !== '9080') continue;
      rc.virtual_hosts.reverse();
      const details = rc.virtual_hosts.find((v) => v.name === 'details.default.svc.cluster.local:9080') as { routes: Array<{ route: Json }>; domains: string[] };
      details.domains.reverse();
      const [first] = details.routes;
      if (first) first.route.cluster = DETAILS_V2;
    }
  }
  return `${JSON.stringify(dump, null, 1)}\n`;
}

describe('envoy-lint diff', () => {
  const dir = fs.mkdtempSync(path.join(ROOT, 'test-output', 'diff-'));
  const B = path.join(dir, 'after.json');
  fs.writeFileSync(B, changedCopy());

  it('reports the changed route and the removed cluster, nothing for reordering or version_info, at their lines', async () => {
    const r = await diff(A, B, '--format', 'json');
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { resources: Array<{ kind: string; a: { name: string; location: string } | null; b: { name: string } | null; changes: Array<{ kind: string; pointerA: string; before: unknown; after: unknown; locationA: string; locationB: string }> }>; findings: { new: Array<{ ruleId: string; resource: { name: string } }>; gone: unknown[] } };
    expect(report.resources.map((d) => [d.kind, (d.a ?? d.b)?.name])).toEqual([
      ['changed', '9080'],
      ['removed', ZIPKIN],
    ]);
    const [route, removed] = report.resources;
    expect(route?.changes).toHaveLength(1);
    const change = route?.changes[0];
    expect(change).toMatchObject({ kind: 'changed', before: DETAILS, after: DETAILS_V2 });
    const vhA = fs.readFileSync(A, 'utf8').indexOf('"name": "details.default.svc.cluster.local:9080"');
    expect(change?.locationA).toBe(at(A, `"cluster": "${DETAILS}"`, 11, vhA));
    expect(change?.locationB).toBe(at(B, `"cluster": "${DETAILS_V2}"`, 11));
    // The removed cluster is located at its object: the `{` after the `"cluster": ` before its name.
    const contentA = fs.readFileSync(A, 'utf8');
    const objectStart = contentA.lastIndexOf('"cluster": {', contentA.indexOf(`"name": "${ZIPKIN}"`));
    expect(removed?.a?.location).toBe(at(A, '"cluster": {', 11, objectStart));
    // The rules on both sides: the route now names a cluster the proxy does not have.
    expect(report.findings.new.map((f) => [f.ruleId, f.resource.name])).toContainEqual(['dangling-cluster', DETAILS_V2]);
  });

  it('text and Markdown name the resources and both places', async () => {
    const text = await diff(A, B);
    expect(text.stdout.split('\n')[0]).toMatch(/: 2 resource\(s\) differ: 1 changed, 0 added, 1 removed; findings: \d+ new, 0 gone, \d+ kept$/);
    expect(text.stdout).toMatch(/^new finding {3}dangling-cluster \(error\) cluster outbound\|9080\|v2\|details/m);
    expect(text.stdout).toContain(`~ /virtual_hosts/`);
    expect(text.stdout).toMatch(new RegExp(`- cluster ${ZIPKIN.replace(/\|/g, '\\|')}  \\[`));
    const md = await diff(A, B, '--format', 'markdown', '--no-findings');
    expect(md.stdout).toContain('| ~ | route config 9080 |');
    expect(md.stdout).not.toContain('Findings');
  });

  it('a dump against itself is equal, exit 0; --ignore leaves out matching pointers', async () => {
    const same = await diff(A, A, '--no-findings');
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('the same resources');
    const ignored = await diff(A, B, '--no-findings', '--format', 'json', '--ignore', '/virtual_hosts/**');
    const report = JSON.parse(ignored.stdout) as { resources: Array<{ kind: string }> };
    expect(report.resources.map((d) => d.kind)).toEqual(['removed']);
  });

  it('an unreadable side is one line naming the file, exit 2', async () => {
    const r = await diff(A, path.join(dir, 'missing.json'));
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/missing\.json: no such file/);
  });
});

describe('compareResource', () => {
  const resource = (value: unknown): IdentifiedResource => ({ key: 'k', type: 'route_config', name: 'r', state: 'active', value, origin: { input: 0, pointer: '/x' } });

  it('keeps route order (the first match wins) but not virtual host or domain order', () => {
    const routes = [{ match: { prefix: '/a' } }, { match: { prefix: '/' } }];
    const a = resource({ virtual_hosts: [{ name: 'one', domains: ['a', 'b'], routes }, { name: 'two', domains: ['c'], routes: [] }] });
    const b = resource({ virtual_hosts: [{ name: 'two', domains: ['c'], routes: [] }, { name: 'one', domains: ['b', 'a'], routes: [...routes].reverse() }] });
    const changes = compareResource(a, b);
    expect(changes.map((c) => [c.kind, c.pointerA, c.pointerB])).toEqual([
      ['changed', '/virtual_hosts/0/routes/0/match/prefix', '/virtual_hosts/1/routes/0/match/prefix'],
      ['changed', '/virtual_hosts/0/routes/1/match/prefix', '/virtual_hosts/1/routes/1/match/prefix'],
    ]);
  });

  it('an added and a removed domain are changes at the list', () => {
    const changes = compareResource(resource({ domains: ['a', 'b'] }), resource({ domains: ['b', 'c'] }));
    expect(changes.map((c) => [c.kind, c.pointerA ?? c.pointerB])).toEqual([
      ['removed', '/domains/0'],
      ['added', '/domains/1'],
    ]);
  });
});
