// Placing findings on the nodes of a GraphView: by the finding's resource (kind and name), disambiguated and, failing
// that, found by the finding's JSON pointer (the node whose origin is the closest ancestor of the value it points at).

import type { Finding, Severity } from '../../engine/finding.js';
import { SEVERITY_RANK } from '../../engine/finding.js';
import { childrenOf, reachable } from './walk.js';
import type { GraphView, ViewFinding, ViewNode } from './types.js';

const LIVE = new Set(['static', 'active', 'warming', 'inline', undefined]);

function maxSeverity(a: Severity | undefined, b: Severity): Severity {
  return a === undefined || SEVERITY_RANK[b] > SEVERITY_RANK[a] ? b : a;
}

function isPrefixPointer(prefix: string, pointer: string): boolean {
  return pointer === prefix || pointer.startsWith(`${prefix}/`);
}

class NodeIndex {
  private readonly byName = new Map<string, ViewNode[]>();
  private readonly missingByName = new Map<string, ViewNode>();
  private readonly byPointer = new Map<string, ViewNode>();

  constructor(nodes: readonly ViewNode[]) {
    for (const node of nodes) {
      if (node.kind === 'missing' && node.missing) {
        this.missingByName.set(`${node.missing.targetKind}\u0000${node.name}`, node);
        continue;
      }
      const key = `${node.kind}\u0000${node.name}`;
      const list = this.byName.get(key);
      if (list) list.push(node);
      else this.byName.set(key, [node]);
      if (node.origin) this.byPointer.set(`${node.origin.input}\u0000${node.origin.pointer}`, node);
    }
  }

  /** The node whose origin is the longest prefix of the pointer. */
  site(input: number, pointer: string): ViewNode | undefined {
    if (input < 0) return undefined;
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const node = this.byPointer.get(`${input}\u0000${p}`);
      if (node) return node;
      if (p === '') return undefined;
    }
  }

  resolve(finding: Finding, input: number): ViewNode | undefined {
    const { kind, name } = finding.resource;
    const candidates = this.byName.get(`${kind}\u0000${name}`) ?? [];
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1) {
      const within = candidates.find((c) => c.origin && c.origin.input === input && isPrefixPointer(c.origin.pointer, finding.location.pointer));
      return within ?? candidates.find((c) => LIVE.has(c.state)) ?? candidates[0];
    }
    const missing = this.missingByName.get(`${kind}\u0000${name}`);
    if (missing) return missing;
    if (kind === 'input') return undefined;
    return this.site(input, finding.location.pointer);
  }
}

/**
 * A copy of `view` with exactly `findings` on its nodes and groups (whatever findings it carried before).
 * Reporters call this with the report's findings, so the picture always matches the table.
 */
export function attachFindings(view: GraphView, findings: readonly Finding[]): GraphView {
  const nodes = view.nodes.map((n): ViewNode => {
    const { severity: _severity, ...rest } = n;
    return { ...rest, findings: [] };
  });
  // In a view of several proxies a finding is placed among its own proxy's nodes only: names repeat across proxies.
  const proxyNumber = view.proxies ? new Map(view.proxies.map((p, i) => [p.name, i])) : undefined;
  const indexes = new Map<number | undefined, NodeIndex>();
  const indexOf = (proxy: number | undefined): NodeIndex => {
    let index = indexes.get(proxy);
    if (!index) indexes.set(proxy, (index = new NodeIndex(proxyNumber ? nodes.filter((n) => n.proxy === proxy) : nodes)));
    return index;
  };
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const viewFindings = findings.map((f, i): ViewFinding => {
    const proxy = proxyNumber?.get(f.proxy ?? '');
    const node = proxyNumber && proxy === undefined ? undefined : indexOf(proxy).resolve(f, view.inputs.indexOf(f.location.file));
    const out: ViewFinding = {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      resource: { kind: f.resource.kind, name: f.resource.name },
      file: f.location.file,
      line: f.location.line,
      column: f.location.column,
    };
    if (node) {
      out.node = node.id;
      const target = byId.get(node.id);
      if (target) {
        target.findings.push(i);
        target.severity = maxSeverity(target.severity, f.severity);
      }
    }
    return out;
  });
  const children = childrenOf(view.edges);
  const groups = view.groups.map((g) => {
    const { severity: _severity, ...rest } = g;
    const out = { ...rest };
    let severity: Severity | undefined;
    for (const id of reachable(g.roots, children)) {
      const s = byId.get(id)?.severity;
      if (s) severity = maxSeverity(severity, s);
    }
    return severity ? { ...out, severity } : out;
  });
  return { ...view, nodes, groups, findings: viewFindings };
}
