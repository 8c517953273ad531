// A fleet drawn as one picture: each proxy's nodes under its own prefix and grouped by proxy (DOT clusters, Mermaid
// subgraphs), findings placed on their own proxy's nodes only (the same cluster name in two proxies is two nodes),
// and links between proxies drawn from the mesh model.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFleet } from '../../../src/fleet/run.js';
import { attachFindings } from '../../../src/report/graph/index.js';
import { combineGraphViews, shortNames } from '../../../src/report/graph/mesh.js';
import { renderDot } from '../../../src/report/dot.js';
import { renderMermaid } from '../../../src/report/mermaid.js';
import { EXAMPLE, ROOT } from './helpers.js';

const CLEAN = path.join(ROOT, 'fixtures/dangling-cluster/pass/healthy-sidecar.json');

async function fleetOfTwo(): Promise<Awaited<ReturnType<typeof lintFleet>>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-mesh-graph-'));
  for (const [pod, dump] of [['a', EXAMPLE], ['b', CLEAN]] as const) {
    fs.mkdirSync(path.join(dir, pod));
    fs.copyFileSync(dump, path.join(dir, pod, 'config_dump.json'));
  }
  return lintFleet([dir], { graphView: true, jobs: 1 });
}

describe('shortNames', () => {
  it('leaves out what all names share at the start and the end, keeps namespace/pod names whole', () => {
    expect(shortNames(['/tmp/pods/a/config_dump.json', '/tmp/pods/b/config_dump.json'])).toEqual(['a', 'b']);
    expect(shortNames(['default/productpage', 'default/reviews', 'istio-system/gw'])).toEqual(['default/productpage', 'default/reviews', 'istio-system/gw']);
    expect(shortNames(['x.json', 'x.json'])).toEqual(['x.json', 'x.json']);
    expect(shortNames(['one.json'])).toEqual(['one.json']);
  });
});

describe('the graph of a fleet', () => {
  it('holds every proxy, each node and group marked with its proxy, ids unique', async () => {
    const { graphView, report } = await fleetOfTwo();
    expect(graphView?.proxies?.map((p) => path.basename(path.dirname(p.name)))).toEqual(['a', 'b']);
    const ids = graphView!.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^p[01][a-z][a-z0-9]*$/);
    expect(new Set(graphView!.nodes.map((n) => n.proxy))).toEqual(new Set([0, 1]));
    // Groups are named by the part of the proxy's name that tells it apart (its pod directory here).
    expect(new Set(graphView!.groups.map((g) => `${g.proxy ?? -1} ${g.label.split(' · ')[0] ?? ''}`))).toEqual(new Set(['0 a', '1 b']));
    expect(report.proxies).toHaveLength(2);
    expect(graphView!.inputs).toHaveLength(2);
  });

  it("puts each finding on its own proxy's node, though both proxies have a cluster of that name", async () => {
    const { graphView, report } = await fleetOfTwo();
    const name = 'outbound|9080||reviews.default.svc.cluster.local';
    const both = graphView!.nodes.filter((n) => n.kind === 'cluster' && n.name === name);
    expect(both.map((n) => n.proxy)).toEqual([0, 1]);
    const view = attachFindings(graphView!, report.findings);
    const onCluster = view.nodes.filter((n) => n.kind === 'cluster' && n.name === name);
    // The example (a) has no endpoints for reviews (cluster-without-endpoints); the healthy sidecar (b) has them.
    expect(onCluster.map((n) => n.severity)).toEqual(['warning', undefined]);
  });

  it('draws proxies as DOT clusters and Mermaid subgraphs, and links between them as mesh edges', async () => {
    const { graphView } = await fleetOfTwo();
    const [a, b] = graphView!.proxies!.map((p) => p.name);
    const parts = [a!, b!].map((proxy, i) => ({ proxy, view: { ...graphView!, proxies: undefined, nodes: graphView!.nodes.filter((n) => n.proxy === i).map((n) => ({ ...n, id: n.id.slice(2) })), edges: [], groups: [] } }));
    const linked = combineGraphViews(parts, [{ from: { proxy: a!, kind: 'cluster', name: 'outbound|9080|v1|ratings.default.svc.cluster.local' }, to: { proxy: b!, kind: 'listener', name: 'virtualInbound' }, label: '10.0.0.7:9080 mTLS' }]);
    const mesh = linked.edges.filter((e) => e.via === 'mesh');
    expect(mesh).toHaveLength(1);
    expect(linked.nodes.find((n) => n.id === mesh[0]!.from)).toMatchObject({ proxy: 0, kind: 'cluster' });
    expect(linked.nodes.find((n) => n.id === mesh[0]!.to)).toMatchObject({ proxy: 1, kind: 'listener', name: 'virtualInbound' });
    const dot = renderDot(linked);
    expect(dot).toMatch(/subgraph cluster_p0 \{\n {4}label=".*a\/config_dump\.json"/);
    expect(dot).toContain(`${mesh[0]!.from} -> ${mesh[0]!.to} [label="10.0.0.7:9080 mTLS", color="#2563eb"`);
    const mermaid = renderMermaid(linked);
    expect(mermaid).toMatch(/subgraph proxy1 \[".*b\/config_dump\.json"\]/);
    expect(mermaid).toContain(`n${mesh[0]!.from} ==>|"10.0.0.7:9080 mTLS"| n${mesh[0]!.to}`);
    // A link to a proxy that is not drawn is left out, not drawn to nowhere.
    expect(combineGraphViews(parts, [{ from: { proxy: a!, kind: 'cluster', name: 'x' }, to: { proxy: 'elsewhere', kind: 'listener', name: 'y' }, label: '' }]).edges.filter((e) => e.via === 'mesh')).toEqual([]);
  });
});

describe('the graph of a mesh', () => {
  it("links a client's cluster to the server's inbound chain that takes its traffic (the mesh model's links)", async () => {
    const dir = path.join(ROOT, 'fixtures/mtls-mismatch/fail/plaintext-to-strict');
    const { graphView } = await lintFleet([path.join(dir, 'productpage'), path.join(dir, 'reviews')], { graphView: true, jobs: 1 });
    const mesh = graphView!.edges.filter((e) => e.via === 'mesh');
    expect(mesh.map((e) => e.label)).toEqual(['10.244.0.7:9080 plaintext']);
    const from = graphView!.nodes.find((n) => n.id === mesh[0]!.from);
    const to = graphView!.nodes.find((n) => n.id === mesh[0]!.to);
    expect(from).toMatchObject({ proxy: 0, kind: 'cluster', name: 'outbound|9080||reviews.default.svc.cluster.local' });
    expect(to).toMatchObject({ proxy: 1, kind: 'filter_chain' });
  });
});
