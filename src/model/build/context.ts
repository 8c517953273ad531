// What every node builder gets instead of hidden state: which input the resource came from, the state of the listener
// being built (routes inlined in it take it), and where to put what a listener yields beside itself.
import type { Origin, Reference, ResourceState, RouteConfigNode } from '../../generated/graph.js';
import type { Msg } from '../../load/reader.js';

export type RefOwner = Pick<Reference, 'fromKind' | 'fromName'>;

/** What a listener yields beside its own node: its inline route configurations and its dangling matcher actions. */
export interface ListenerYield {
  routeConfigs: RouteConfigNode[];
  /** filter_chain_matcher actions naming no chain of their listener (resolved while the chains are at hand). */
  danglingChains: Reference[];
}

export class BuildContext {
  constructor(
    readonly input: number,
    readonly yields: ListenerYield,
    /** The state of the listener being built; 'active' outside listeners. */
    readonly listenerState: ResourceState = 'active',
  ) {}

  /** The same context inside a listener in `state`. */
  inListener(state: ResourceState): BuildContext {
    return new BuildContext(this.input, this.yields, state);
  }

  origin(pointer: string): Origin {
    return { input: this.input, pointer };
  }

  /** The origin of a resource's name value, or of the resource itself when it has no name. */
  nameOrigin(msg: Msg, field = 'name'): Origin {
    return this.origin(msg.str(field)?.pointer ?? msg.pointer);
  }

  ref(targetKind: Reference['targetKind'], via: Reference['via'], name: { value: string; pointer: string }, owner: RefOwner): Reference {
    return { targetKind, via, name: name.value, origin: this.origin(name.pointer), ...owner };
  }
}
