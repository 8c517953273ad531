// What a listener holds beside its chains that some rules read: its listener filters (name, config type and the
// filter_disabled predicate), and the cluster names its filter configs hold.
import type { ListenerFilterPredicate, ListenerFilterSummary } from '../../generated/graph.js';
import { isList, isObject, listItem, type Msg } from '../../load/reader.js';
import type { BuildContext } from './context.js';

/** One listener filter; `config` is its typed_config (or legacy config) as read by the listener builder. */
export function listenerFilter(ctx: BuildContext, filter: Msg, config: Msg | undefined): ListenerFilterSummary {
  const name = filter.str('name');
  const summary: ListenerFilterSummary = { name: name?.value ?? '(unnamed listener filter)', origin: ctx.origin(name?.pointer ?? filter.pointer) };
  const typeName = config?.type ? config.registry.nameOf(config.type).replace(/^\./, '') : undefined;
  if (typeName !== undefined) summary.typeName = typeName;
  const disabled = filter.msg('filter_disabled');
  if (disabled) summary.disabled = predicate(disabled, 0);
  return summary;
}

/** ListenerFilterChainMatchPredicate, as data (Envoy: listener_components.proto); deeper than 16 levels is not read. */
function predicate(msg: Msg, depth: number): ListenerFilterPredicate {
  if (depth > 16) return { unknown: true };
  const rules = (field: string): ListenerFilterPredicate[] => (msg.msg(field)?.list('rules') ?? []).map((r) => predicate(r, depth + 1));
  if (msg.has('or_match')) return { orMatch: rules('or_match') };
  if (msg.has('and_match')) return { andMatch: rules('and_match') };
  const not = msg.msg('not_match');
  if (not) return { notMatch: predicate(not, depth + 1) };
  if (msg.bool('any_match')) return { anyMatch: true };
  const range = msg.msg('destination_port_range');
  if (range) return { destinationPortRange: { start: range.num('start')?.value ?? 0, end: range.num('end')?.value ?? 0 } };
  return { unknown: true };
}

const CLUSTER_KEYS = new Set(['cluster', 'cluster_name', 'clusterName', 'collector_cluster', 'collectorCluster']);

/**
 * Adds every string held under a key that names a cluster (`cluster`, `cluster_name`, `collector_cluster`) anywhere in
 * a filter config: gRPC services (`envoy_grpc.cluster_name`), HTTP services (`http_uri.cluster`), tracing collectors.
 * Filter configs are small; deeper than 32 levels is not read.
 */
export function namedClusters(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > 32) return;
  if (isList(value)) {
    for (let i = 0; i < value.length; i++) namedClusters(listItem(value, i), out, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const child = value[key];
    if (typeof child === 'string') {
      if (CLUSTER_KEYS.has(key)) out.add(child);
    } else if (typeof child === 'object' && child !== null) namedClusters(child, out, depth + 1);
  }
}
