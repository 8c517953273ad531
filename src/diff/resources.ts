// The resources of one side of a diff, by identity: each listener, cluster, route configuration, endpoints, secret and
// extension config the loader reads (whatever the input's shape: a dump, istioctl or egctl output, a bootstrap), keyed
// by type, name, state and proxy, with its value as plain JSON and where it is. Inline resources (a route
// configuration inside its listener) are compared as part of the resource that holds them.
import type { Origin } from '../generated/graph.js';
import { InputError } from '../load/errors.js';
import { readInput, type LoadedInput, type ReadOptions } from '../load/input.js';
import { isList, isObject } from '../load/json/values.js';
import { collectResources } from '../load/resources.js';
import type { ResourceState, ResourceType } from '../load/types.js';
import { protoRegistry } from '../proto/registry.js';

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

export function readSide(paths: readonly string[], options: ReadOptions = {}): DiffSide {
  const registry = protoRegistry();
  const inputs: LoadedInput[] = [];
  const resources = new Map<string, IdentifiedResource>();
  const errors: InputError[] = [];
  for (const path of paths) {
    try {
      const read = readInput(path, inputs.length, options);
      for (const document of read.documents) {
        let unnamed = 0;
        collectResources(read.input, document, registry, {
          inputNotes: false,
          sink: (r) => {
            if (r.state === 'inline') return;
            const name = resourceName(r.type, r.msg.value) ?? `(unnamed ${r.type} #${++unnamed})`;
            const key = [document.proxy ?? '', r.type, r.state, name].join('\u0000');
            resources.set(key, { key, type: r.type, name, state: r.state, ...(document.proxy !== undefined ? { proxy: document.proxy } : {}), value: plainJson(r.msg.value), origin: { input: r.input, pointer: r.msg.pointer } });
          },
        });
      }
      read.checkUnread();
      inputs.push(read.input);
    } catch (error) {
      if (error instanceof InputError) errors.push(error);
      else throw error;
    }
  }
  return { inputs, resources, errors };
}
