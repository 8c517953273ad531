// The resources of one side of a diff, by identity: each listener, cluster, route configuration, endpoints, secret and
// extension config the pipeline reads (whatever the input's shape: a dump, istioctl or egctl output, a bootstrap), keyed
// by type, name, state and proxy, with its value as plain JSON and where it is. Inline resources (a route
// configuration inside its listener) are compared as part of the resource that holds them.
import type { Origin } from '../generated/graph.js';
import type { Finding } from '../engine/finding.js';
import type { InputError } from '../load/errors.js';
import type { InputRef, LoadedInput, ReadOptions } from '../load/input.js';
import { isList, isObject } from '../load/json/values.js';
import type { RawResource } from '../load/resources.js';
import type { ResourceState, ResourceType } from '../load/types.js';
import { lintInputs } from '../pipeline/lint.js';

export interface IdentifiedResource {
  key: string;
  type: ResourceType;
  name: string;
  state: ResourceState;
  proxy?: string;
  /** The resource as plain JSON (lazy lists of big inputs read out). */
  value: unknown;
  origin: Origin;
}

export interface DiffSide {
  inputs: LoadedInput[];
  resources: Map<string, IdentifiedResource>;
  errors: InputError[];
  /** The rules' findings on this side (none when they were not run). */
  findings: Finding[];
  /** The proxies read (one, or each of an egctl map's), with the files each was read from. */
  proxies: Array<{ name: string; files: string[] }>;
}

/** A parsed value as plain JSON: a big input's lazy lists become arrays (a diff needs both sides whole). */
export function plainJson(value: unknown): unknown {
  if (isList(value)) return Array.from(value, plainJson);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainJson(v)]));
  return value;
}

function resourceName(type: ResourceType, value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const name = type === 'endpoints' ? value.cluster_name : value.name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * One side, read once: the lint pipeline reads the inputs (every shape it knows) and runs the rules (none with
 * `findings: false`), and hands each resource over as it is read; the diff keeps them by identity.
 */
export function readSide(paths: readonly InputRef[], options: ReadOptions & { findings: boolean; name?: string; iptables?: readonly string[] }): DiffSide {
  const resources = new Map<string, IdentifiedResource>();
  const unnamed = new Map<string, number>();
  const onResource = (r: RawResource, proxy: string | undefined): void => {
    if (r.state === 'inline') return;
    let name = resourceName(r.type, r.msg.value);
    if (name === undefined) {
      const counter = `${proxy ?? ''}\u0000${r.type}`;
      const n = (unnamed.get(counter) ?? 0) + 1;
      unnamed.set(counter, n);
      name = `(unnamed ${r.type} #${n})`;
    }
    const key = [proxy ?? '', r.type, r.state, name].join('\u0000');
    resources.set(key, { key, type: r.type, name, state: r.state, ...(proxy !== undefined ? { proxy } : {}), value: plainJson(r.msg.value), origin: { input: r.input, pointer: r.msg.pointer } });
  };
  const { findings, ...reading } = options;
  const { inputs, errors, report, proxies } = lintInputs(paths, { ...reading, onResource, ...(findings ? {} : { rules: [] }) });
  return { inputs, resources, errors, findings: report.findings, proxies: proxies.map((p) => ({ name: p.name, files: p.files })) };
}
