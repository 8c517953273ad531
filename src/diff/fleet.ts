// Comparing two fleets (folders, egctl maps of proxies, bundles): each side's proxies get a name relative to the
// side's root, the two sides are paired by that name, and each pair is compared as two dumps are. A proxy on one side
// only is added or removed as a whole (its findings all new or all gone), not as a list of its resources.
import path from 'node:path';
import type { Finding } from '../engine/finding.js';
import type { LoadedInput } from '../load/input.js';
import { compareSides } from './compare.js';
import { compareFindings } from './findings.js';
import type { DiffReport } from './render.js';
import type { DiffSide, IdentifiedResource } from './resources.js';

/** One proxy of a side, as the diff sees it. */
export interface SideProxy {
  /** Its name relative to the side's root: what pairs it with the other side's. */
  name: string;
  files: string[];
  /** Keyed without the proxy's name, so that the same resource matches across sides whatever each calls the proxy. */
  resources: Map<string, IdentifiedResource>;
  findings: Finding[];
  /** The inputs the resources' and findings' origins index. */
  inputs: LoadedInput[];
}

export type PairKind = 'same' | 'changed' | 'added' | 'removed';

export interface ProxyPairDiff {
  name: string;
  kind: PairKind;
  a?: SideProxy;
  b?: SideProxy;
  /** The pair compared as two dumps (for a proxy on one side only: no resources, its findings new or gone). */
  report: DiffReport;
}

export interface FleetDiff {
  a: string;
  b: string;
  pairs: ProxyPairDiff[];
}

/** `name` relative to the side's root, with `/` between parts: `ns/pod/config_dump.json`, or `.` for the root itself. */
export function relativeName(root: string, name: string): string {
  const rel = path.relative(path.resolve(root), path.resolve(name));
  if (rel === '') return '.';
  // Not under the root (a name the planner made up, such as an archive member's): kept as it is.
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return name;
  return rel.split(path.sep).join('/');
}

/**
 * The proxies of one planned group, read: an egctl map's each under its `ns/pod`, the group itself (a dump, a
 * directory of section files) under its name relative to `root`. `group` is the name the loader gave the group's
 * own proxy (the name it was asked to use, else its first input's).
 */
export function sideProxies(side: DiffSide, root: string, planName: string, group: string): SideProxy[] {
  const own = relativeName(root, planName);
  const only = side.proxies.length === 1;
  return side.proxies.map((p) => {
    const name = p.name === group ? own : p.name;
    const resources = new Map<string, IdentifiedResource>();
    for (const r of side.resources.values()) {
      if (!only && (r.proxy ?? group) !== p.name) continue;
      const key = [r.type, r.state, r.name].join('\u0000');
      const { proxy: _proxy, ...rest } = r;
      resources.set(key, { ...rest, key });
    }
    const findings = side.findings.filter((f) => only || f.proxy === p.name).map((f) => ({ ...f, proxy: name }));
    return { name, files: p.files, resources, findings, inputs: side.inputs };
  });
}

/** Names that occur twice on a side (two egctl maps holding the same `ns/pod`) are qualified by their group's name. */
export function uniqueNames(groups: ReadonlyArray<{ own: string; proxies: SideProxy[] }>): SideProxy[] {
  const count = new Map<string, number>();
  for (const g of groups) for (const p of g.proxies) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  return groups.flatMap((g) =>
    g.proxies.map((p) => {
      if ((count.get(p.name) ?? 0) < 2 || p.name === g.own) return p;
      const name = `${g.own}/${p.name}`;
      return { ...p, name, findings: p.findings.map((f) => ({ ...f, proxy: name })) };
    }),
  );
}

export interface PairOptions {
  ignore: (pointer: string) => boolean;
  findings: boolean;
}

function pairDiff(name: string, a: SideProxy | undefined, b: SideProxy | undefined, options: PairOptions): ProxyPairDiff {
  const resources = a && b ? compareSides(a.resources, b.resources, options.ignore) : [];
  const report: DiffReport = { a: a?.name ?? '', b: b?.name ?? '', resources };
  if (options.findings) report.findings = compareFindings(a?.findings ?? [], b?.findings ?? []);
  const kind: PairKind = !a ? 'added' : !b ? 'removed' : resources.length > 0 ? 'changed' : 'same';
  return { name, kind, ...(a ? { a } : {}), ...(b ? { b } : {}), report };
}

/** Both sides' proxies paired by name, in name order. */
export function compareFleets(aName: string, bName: string, a: readonly SideProxy[], b: readonly SideProxy[], options: PairOptions): FleetDiff {
  const left = new Map(a.map((p) => [p.name, p]));
  const right = new Map(b.map((p) => [p.name, p]));
  const names = [...new Set([...left.keys(), ...right.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return { a: aName, b: bName, pairs: names.map((n) => pairDiff(n, left.get(n), right.get(n), options)) };
}

/** One dump against a side's only proxy, whatever each is called. */
export function compareOne(aName: string, bName: string, a: SideProxy, b: SideProxy, options: PairOptions): FleetDiff {
  return { a: aName, b: bName, pairs: [pairDiff(a.name === b.name || a.name === '.' ? b.name : a.name, a, b, options)] };
}

/** Whether the fleets are the same: every pair has the same resources and no proxy is on one side only. */
export function fleetEqual(diff: FleetDiff): boolean {
  return diff.pairs.every((p) => p.kind === 'same');
}
