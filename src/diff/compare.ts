// Comparing two sides resource by resource. Within a resource, lists whose order Envoy ignores are compared by the
// identity of their elements (virtual hosts by name, a weighted cluster by name, endpoints by address, domains as a
// set), so a reordered list is no difference; route lists keep their order, because the first match wins. The
// value-level comparison is microdiff's; volatile fields (version_info, last_updated) are left out.
import microdiff from 'microdiff';
import type { IdentifiedResource } from './resources.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface ValueChange {
  kind: ChangeKind;
  /** JSON pointer inside the resource on side A (removed, changed) and side B (added, changed). */
  pointerA?: string;
  pointerB?: string;
  before?: unknown;
  after?: unknown;
}

export interface ResourceDiff {
  kind: ChangeKind;
  a?: IdentifiedResource;
  b?: IdentifiedResource;
  changes: ValueChange[];
}

const VOLATILE = new Set(['version_info', 'last_updated']);

const TYPE_ORDER: ReadonlyArray<IdentifiedResource['type']> = ['listener', 'route_config', 'cluster', 'endpoints', 'secret', 'extension_config'];

/** The identity of an element of a list under `key`, when that list's order does not matter to Envoy. */
const UNORDERED: Readonly<Record<string, (item: unknown) => string | undefined>> = {
  virtual_hosts: (v) => field(v, 'name'),
  clusters: (v) => field(v, 'name'), // weighted_clusters.clusters
  lb_endpoints: (v) => {
    const socket = objectAt(v, ['endpoint', 'address', 'socket_address']);
    const address = field(socket, 'address');
    return address !== undefined ? `${address}:${String(socket?.port_value ?? '')}` : undefined;
  },
  domains: (v) => (typeof v === 'string' ? v : undefined),
  server_names: (v) => (typeof v === 'string' ? v : undefined),
  application_protocols: (v) => (typeof v === 'string' ? v : undefined),
};

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field(v: unknown, name: string): string | undefined {
  return isRecord(v) && typeof v[name] === 'string' ? v[name] : undefined;
}

function objectAt(v: unknown, path: readonly string[]): Json | undefined {
  let at = v;
  for (const p of path) at = isRecord(at) ? at[p] : undefined;
  return isRecord(at) ? at : undefined;
}

/** Where each keyed element came from: normalised object → (element key → original index). */
type Origins = WeakMap<object, Map<string, number>>;

/** The value with volatile fields dropped and unordered lists turned into objects keyed by element identity. */
function normalise(value: unknown, origins: Origins, key?: string): unknown {
  if (Array.isArray(value)) {
    const identify = key !== undefined ? UNORDERED[key] : undefined;
    const keys = identify ? value.map(identify) : [];
    if (identify && keys.every((k) => k !== undefined) && new Set(keys).size === keys.length) {
      const keyed: Json = {};
      const where = new Map<string, number>();
      value.forEach((item, i) => {
        const k = keys[i] as string;
        keyed[k] = normalise(item, origins);
        where.set(k, i);
      });
      origins.set(keyed, where);
      return keyed;
    }
    return value.map((item) => normalise(item, origins));
  }
  if (isRecord(value)) {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) if (!VOLATILE.has(k)) out[k] = normalise(v, origins, k);
    return out;
  }
  return value;
}

function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The pointer on one side for a path through its normalised value: keyed elements back to their list index. */
function pointerOf(root: unknown, path: ReadonlyArray<string | number>, origins: Origins): string | undefined {
  let at: unknown = root;
  let pointer = '';
  for (const token of path) {
    if (!isRecord(at) && !Array.isArray(at)) return undefined;
    const index = isRecord(at) ? origins.get(at)?.get(String(token)) : undefined;
    pointer += `/${escapeToken(index ?? token)}`;
    at = Array.isArray(at) ? at[Number(token)] : at[String(token)];
  }
  return pointer;
}

export function compareResource(a: IdentifiedResource, b: IdentifiedResource): ValueChange[] {
  const originsA: Origins = new WeakMap();
  const originsB: Origins = new WeakMap();
  const left = normalise(a.value, originsA);
  const right = normalise(b.value, originsB);
  if (!isRecord(left) || !isRecord(right)) return left === right ? [] : [{ kind: 'changed', pointerA: '', pointerB: '', before: left, after: right }];
  return microdiff(left, right).map((d): ValueChange => {
    if (d.type === 'CREATE') return { kind: 'added', ...opt('pointerB', pointerOf(right, d.path, originsB)), after: d.value as unknown };
    if (d.type === 'REMOVE') return { kind: 'removed', ...opt('pointerA', pointerOf(left, d.path, originsA)), before: d.oldValue as unknown };
    return { kind: 'changed', ...opt('pointerA', pointerOf(left, d.path, originsA)), ...opt('pointerB', pointerOf(right, d.path, originsB)), before: d.oldValue as unknown, after: d.value as unknown };
  });
}

function opt<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value !== undefined ? { [key]: value } : {}) as { [P in K]?: string };
}

/** Every resource that differs: in one side only, or in both with changes (filtered by `ignore`). */
export function compareSides(a: ReadonlyMap<string, IdentifiedResource>, b: ReadonlyMap<string, IdentifiedResource>, ignore: (pointer: string) => boolean = () => false): ResourceDiff[] {
  const out: ResourceDiff[] = [];
  for (const [key, left] of a) {
    const right = b.get(key);
    if (!right) {
      out.push({ kind: 'removed', a: left, changes: [] });
      continue;
    }
    const changes = compareResource(left, right).filter((c) => !ignore(c.pointerA ?? c.pointerB ?? ''));
    if (changes.length > 0) out.push({ kind: 'changed', a: left, b: right, changes });
  }
  for (const [key, right] of b) if (!a.has(key)) out.push({ kind: 'added', b: right, changes: [] });
  // Listeners first, down the graph to endpoints, then by name: the order a reader follows a request in.
  const rank = (d: ResourceDiff): number => TYPE_ORDER.indexOf((d.a ?? d.b)?.type ?? 'listener');
  const name = (d: ResourceDiff): string => `${(d.a ?? d.b)?.proxy ?? ''}\u0000${(d.a ?? d.b)?.name ?? ''}`;
  return out.sort((x, y) => rank(x) - rank(y) || (name(x) < name(y) ? -1 : name(x) > name(y) ? 1 : 0));
}
