import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachFindings, scopeGraphView, specialCluster } from '../../../src/report/graph/index.js';
import type { GraphView, ViewNode } from '../../../src/report/graph/index.js';
import { REPORTERS } from '../../../src/report/index.js';
import { EXAMPLE, graphContext, lintWithGraph } from './helpers.js';
import { writeDump } from './dumps.js';

function byName(view: GraphView, kind: ViewNode['kind'], name: string): ViewNode {
  const node = view.nodes.find((n) => n.kind === kind && n.name === name);
  if (!node) throw new Error(`no ${kind} ${name} in the view`);
  return node;
}

function parentsOf(view: GraphView, id: string): string[] {
  return view.edges.filter((e) => e.to === id).map((e) => e.from);
}

describe('buildGraphView on the bundled example', () => {
  const { report, view } = lintWithGraph([EXAMPLE]);

  it('has one node per resource, with the proxy identity and counts', () => {
    expect(view.nodeId).toBe('sidecar~10.0.0.5~productpage-v1-7d4b9c.default~default.svc.cluster.local');
    expect(view.counts).toMatchObject({ listeners: 5, filterChains: 5, routeConfigs: 2, clusters: 7, endpoints: 4, missing: 3 });
    expect(view.nodes.filter((n) => n.kind === 'listener').map((n) => n.name)).toEqual(['virtualOutbound', 'virtualInbound', '0.0.0.0_9080', '10.96.0.20_3306', '0.0.0.0_8080']);
    for (const node of view.nodes) expect(node.id).toMatch(/^[a-z][a-z0-9]*$/);
    expect(new Set(view.nodes.map((n) => n.id)).size).toBe(view.nodes.length);
    const ids = new Set(view.nodes.map((n) => n.id));
    for (const e of view.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
  });

  it('draws a dangling cluster reference as a dashed edge into a proven "missing" node', () => {
    const missing = byName(view, 'missing', 'outbound|9080|v3|ratings.default.svc.cluster.local');
    expect(missing.missing).toEqual({ targetKind: 'cluster', proven: true });
    const edge = view.edges.find((e) => e.to === missing.id);
    expect(edge).toMatchObject({ kind: 'reference', via: 'route.weighted_clusters', dangling: true, label: 'weighted' });
    expect(edge?.from).toBe(byName(view, 'virtual_host', 'ratings.default.svc.cluster.local:9080').id);
    expect(missing.severity).toBe('error');
    expect(missing.findings.map((i) => view.findings[i]?.ruleId)).toEqual(['dangling-cluster']);
  });

  it('draws a dangling RDS name as a missing route config under its filter chain', () => {
    const missing = byName(view, 'missing', '8080');
    expect(missing.missing).toEqual({ targetKind: 'route_config', proven: true });
    const [chain] = parentsOf(view, missing.id);
    expect(parentsOf(view, chain ?? '')).toEqual([byName(view, 'listener', '0.0.0.0_8080').id]);
  });

  it('links resolved references and inline route configs', () => {
    const reviews = byName(view, 'cluster', 'outbound|9080||reviews.default.svc.cluster.local');
    expect(parentsOf(view, reviews.id)).toEqual([byName(view, 'virtual_host', 'reviews.default.svc.cluster.local:9080').id]);
    expect(reviews.severity).toBe('warning');
    const inline = byName(view, 'route_config', 'inbound|9080||');
    expect(inline.state).toBe('inline');
    expect(view.nodes.find((n) => n.id === parentsOf(view, inline.id)[0])?.kind).toBe('filter_chain');
    const endpoints = view.edges.filter((e) => e.from === reviews.id).map((e) => view.nodes.find((n) => n.id === e.to));
    expect(endpoints.map((n) => n?.label)).toEqual(['no endpoints']);
  });

  it('flags BlackHoleCluster and PassthroughCluster; BlackHoleCluster (unreferenced) is in the unattached group', () => {
    expect(byName(view, 'cluster', 'BlackHoleCluster').special).toBe('blackhole');
    expect(byName(view, 'cluster', 'PassthroughCluster').special).toBe('passthrough');
    expect(specialCluster('InboundPassthroughClusterIpv4')).toBe('passthrough');
    expect(specialCluster('outbound|80||blackhole')).toBeUndefined();
    const unattached = view.groups.find((g) => g.id === 'unattached');
    expect(unattached?.roots).toEqual([byName(view, 'cluster', 'BlackHoleCluster').id]);
    expect(view.groups.filter((g) => g.id !== 'unattached')).toHaveLength(5);
  });

  it('places every finding that names a resource on a node, in report order', () => {
    expect(view.findings.map((f) => f.ruleId)).toEqual(report.findings.map((f) => f.ruleId));
    for (const f of view.findings) if (f.resource.kind !== 'input') expect(f.node).toBeDefined();
    const rds = attachFindings(view, report.findings.filter((f) => f.ruleId === 'dangling-route-config'));
    expect(rds.groups.filter((g) => g.severity).map((g) => [g.label, g.severity])).toEqual([['0.0.0.0_8080', 'error']]);
  });

  it('attachFindings replaces the findings (the reporters draw the report they are given)', () => {
    const none = attachFindings(view, []);
    expect(none.nodes.every((n) => n.findings.length === 0 && n.severity === undefined)).toBe(true);
    expect(none.groups.every((g) => g.severity === undefined)).toBe(true);
    const onlyEndpoints = attachFindings(view, report.findings.filter((f) => f.ruleId === 'cluster-without-endpoints'));
    expect(onlyEndpoints.nodes.filter((n) => n.severity).map((n) => [n.name, n.severity])).toEqual([['outbound|9080||reviews.default.svc.cluster.local', 'warning']]);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});

describe('scopeGraphView', () => {
  // The example's dangling references and its empty cluster (other rules' findings come and go with the rule set).
  const example = lintWithGraph([EXAMPLE]);
  const RULES = new Set(['dangling-cluster', 'dangling-route-config', 'cluster-without-endpoints']);
  const view = attachFindings(example.view, example.report.findings.filter((f) => RULES.has(f.ruleId)));
  const scoped = scopeGraphView(view, 'findings');
  const names = new Set(scoped.nodes.map((n) => n.name));

  it('keeps the finding nodes, everything upstream of them and their direct children', () => {
    expect(scoped.scope).toBe('findings');
    for (const name of ['outbound|9080|v3|ratings.default.svc.cluster.local', 'ratings.default.svc.cluster.local:9080', '9080', '0.0.0.0_9080', '8080', '0.0.0.0_8080']) {
      expect(names.has(name), name).toBe(true);
    }
    const reviews = byName(scoped, 'cluster', 'outbound|9080||reviews.default.svc.cluster.local');
    expect(scoped.edges.filter((e) => e.from === reviews.id)).toHaveLength(1); // its endpoints: a direct child
  });

  it('drops what is not in the neighbourhood', () => {
    for (const name of ['10.96.0.20_3306', 'outbound|3306||mysql.default.svc.cluster.local', 'BlackHoleCluster', 'outbound|9080|v1|ratings.default.svc.cluster.local', 'virtualOutbound']) {
      expect(names.has(name), name).toBe(false);
    }
    const ids = new Set(scoped.nodes.map((n) => n.id));
    for (const e of scoped.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
    for (const g of scoped.groups) for (const r of g.roots) expect(ids.has(r)).toBe(true);
    expect(scoped.counts).toEqual(view.counts); // counts describe the inputs, not the picture
  });

  it('is empty without findings, and the identity for scope=all', () => {
    expect(scopeGraphView(attachFindings(view, []), 'findings').nodes).toEqual([]);
    expect(scopeGraphView(view, 'all').nodes).toEqual(view.nodes);
  });
});

describe('references whose section is absent', () => {
  it('end in an unproven "not in the inputs" node, not a missing one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-graph-'));
    const file = path.join(dir, 'listeners.json');
    const TCP = 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy';
    const listener = { '@type': 'type.googleapis.com/envoy.config.listener.v3.Listener', name: 'tcp', address: { socket_address: { address: '0.0.0.0', port_value: 5000 } }, filter_chains: [{ filters: [{ name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': TCP, stat_prefix: 's', cluster: 'somewhere' } }] }] };
    fs.writeFileSync(file, JSON.stringify({ configs: [{ '@type': 'type.googleapis.com/envoy.admin.v3.ListenersConfigDump', dynamic_listeners: [{ name: 'tcp', active_state: { listener } }] }] }));
    const { view } = lintWithGraph([file]);
    const target = byName(view, 'missing', 'somewhere');
    expect(target.missing).toEqual({ targetKind: 'cluster', proven: false });
    expect(view.counts.missing).toBe(0);
  });
});

describe('graph reporters without a graph', () => {
  it('print one line that says the format needs the graph', () => {
    const { report } = lintWithGraph([EXAMPLE]);
    for (const format of ['html', 'dot', 'mermaid'] as const) {
      const out = REPORTERS[format](report, graphContext(undefined));
      expect(out.trimEnd().split('\n')).toHaveLength(1);
      expect(out).toContain(`--format ${format}`);
      expect(out).toMatch(/graph/);
    }
  });
});

describe('a generated mesh', () => {
  it('builds the view of 2,000 services quickly and finds every dangling route', () => {
    const file = writeDump({ services: 2000, danglingEvery: 100, tcpServices: 50 });
    const t = performance.now();
    const { report, view } = lintWithGraph([file]);
    expect(performance.now() - t).toBeLessThan(20_000);
    expect(view.counts.clusters).toBe(2 + 1980 + 50);
    expect(view.nodes.filter((n) => n.kind === 'missing')).toHaveLength(20);
    expect(view.nodes.filter((n) => n.kind === 'missing').every((n) => n.severity === 'error')).toBe(true);
    const scoped = scopeGraphView(attachFindings(view, report.findings.filter((f) => f.ruleId === 'dangling-cluster')), 'findings');
    // 20 missing clusters, their virtual hosts, the route config, the chain and the listener
    expect(scoped.nodes).toHaveLength(20 + 20 + 3);
  });
});
