// Cluster and load assignment nodes: discovery type, EDS service name, circuit breakers, SDS secrets, endpoint counts.
import type { CircuitBreakerThresholds, ClusterNode, EndpointsNode, InternalListenerRef, ResourceState } from '../../generated/graph.js';
import type { Msg } from '../../load/reader.js';
import type { BuildContext, RefOwner } from './context.js';
import { sdsSecrets } from './tls.js';

export function buildCluster(ctx: BuildContext, msg: Msg, state: ResourceState): ClusterNode {
  const name = msg.str('name')?.value ?? '(unnamed cluster)';
  const discoveryType = msg.enumName('type') ?? msg.msg('cluster_type')?.str('name')?.value ?? 'STATIC';
  const node: ClusterNode = { name, state, discoveryType, origin: ctx.origin(msg.pointer), nameOrigin: ctx.nameOrigin(msg) };
  if (discoveryType === 'EDS') {
    const serviceName = msg.msg('eds_cluster_config')?.str('service_name')?.value;
    node.edsServiceName = serviceName || name;
    if (serviceName) node.serviceNameGiven = true;
  }
  const assignment = msg.msg('load_assignment');
  if (assignment) node.inlineEndpoints = countEndpoints(assignment).total;
  const owner: RefOwner = { fromKind: 'cluster', fromName: `cluster ${name}` };
  const secrets = [msg.raw('transport_socket'), ...msg.list('transport_socket_matches').map((m) => m.raw('transport_socket'))].flatMap((socket) => sdsSecrets(ctx, socket, owner));
  if (secrets.length > 0) node.secrets = secrets;
  // An aggregate cluster sends to the clusters its cluster_type config lists (envoy.clusters.aggregate).
  const aggregate = msg.msg('cluster_type')?.msg('typed_config');
  if (aggregate?.has('clusters')) node.namedClusters = aggregate.strings('clusters');
  const outlier = msg.msg('outlier_detection');
  if (outlier) {
    const percent = outlier.num('max_ejection_percent') ?? outlier.msg('max_ejection_percent')?.num('value');
    node.outlierDetection = { ejects: ejects(outlier), origin: ctx.origin(outlier.pointer) };
    if (percent) {
      node.outlierDetection.maxEjectionPercent = percent.value;
      node.outlierDetection.maxEjectionPercentOrigin = ctx.origin(percent.pointer);
    }
  }
  const panic = msg.msg('common_lb_config')?.msg('healthy_panic_threshold');
  const panicValue = panic?.num('value');
  if (panic) {
    node.healthyPanicThreshold = panicValue?.value ?? 0; // a Percent message with no value is 0
    node.healthyPanicThresholdOrigin = ctx.origin(panicValue?.pointer ?? panic.pointer);
  }
  if (assignment) {
    const internal = internalListeners(ctx, assignment);
    if (internal.length > 0) node.internalListeners = internal;
  }
  const connect = msg.str('connect_timeout');
  if (connect) {
    node.connectTimeout = connect.value;
    node.connectTimeoutOrigin = ctx.origin(connect.pointer);
  }
  const tls = upstreamTls(ctx, msg);
  if (tls) node.upstreamTls = tls;
  const breakers = msg.msg('circuit_breakers');
  if (breakers) node.circuitBreakers = { thresholds: breakers.list('thresholds').map((t) => thresholds(ctx, t)), origin: ctx.origin(breakers.pointer) };
  return node;
}

/** An UpstreamTlsContext typed_config (the TLS types are not all in the proto table: the Any's @type decides). */
function isUpstreamTls(context: Msg | undefined): context is Msg {
  const typeName = context?.type ? context.registry.nameOf(context.type) : (context?.typeUrl() ?? '');
  return context !== undefined && typeName.endsWith('.UpstreamTlsContext');
}

/** The cluster's TLS to its hosts: its transport socket, the v2 tls_context, or only some transport_socket_matches. */
function upstreamTls(ctx: BuildContext, msg: Msg): ClusterNode['upstreamTls'] {
  const direct = msg.msg('transport_socket')?.msg('typed_config');
  const legacy = msg.msg('tls_context');
  const context = isUpstreamTls(direct) ? direct : legacy;
  if (context) {
    const sni = context.str('sni')?.value;
    return { viaMatch: false, origin: ctx.origin(context.pointer), ...(sni !== undefined ? { sni } : {}) };
  }
  const matched = msg.list('transport_socket_matches').map((m) => m.msg('transport_socket')?.msg('typed_config')).find(isUpstreamTls);
  if (!matched) return undefined;
  const sni = matched.str('sni')?.value;
  return { viaMatch: true, origin: ctx.origin(matched.pointer), ...(sni !== undefined ? { sni } : {}) };
}

/** Whether an outlier_detection enforces any of its detectors (outlier_detection.proto's enforcing_* defaults). */
function ejects(outlier: Msg): boolean {
  const enforcing = (field: string, byDefault: number): number => (outlier.num(field) ?? outlier.msg(field)?.num('value'))?.value ?? byDefault;
  if (enforcing('enforcing_consecutive_5xx', 100) > 0 || enforcing('enforcing_success_rate', 100) > 0) return true;
  if (enforcing('enforcing_consecutive_gateway_failure', 0) > 0 || enforcing('enforcing_failure_percentage', 0) > 0) return true;
  return outlier.bool('split_external_local_origin_errors') === true && enforcing('enforcing_consecutive_local_origin_failure', 100) > 0;
}

function thresholds(ctx: BuildContext, msg: Msg): CircuitBreakerThresholds {
  const out: CircuitBreakerThresholds = { priority: msg.enumName('priority') ?? 'DEFAULT', origin: ctx.origin(msg.pointer) };
  for (const [field, key] of [['max_connections', 'maxConnections'], ['max_pending_requests', 'maxPendingRequests'], ['max_requests', 'maxRequests'], ['max_retries', 'maxRetries']] as const) {
    // A UInt32Value wrapper written as {} is 0.
    const wrapper = msg.msg(field);
    const limit = msg.num(field) ?? wrapper?.num('value') ?? (wrapper ? { value: 0, pointer: wrapper.pointer } : undefined);
    if (!limit) continue;
    out[key] = limit.value;
    (out.limitOrigins ??= {})[key] = ctx.origin(limit.pointer);
  }
  return out;
}

export function buildLoadAssignment(ctx: BuildContext, msg: Msg, state: ResourceState): EndpointsNode {
  const counts = countEndpoints(msg);
  const name = msg.str('cluster_name')?.value;
  const internal = internalListeners(ctx, msg);
  return {
    ...(internal.length > 0 ? { internalListeners: internal } : {}),
    clusterName: name || '(unnamed load assignment)',
    state,
    endpointCount: counts.total,
    healthyCount: counts.healthy,
    origin: ctx.origin(msg.pointer),
    nameOrigin: ctx.nameOrigin(msg, 'cluster_name'),
    ...(name ? {} : { unnamed: true }),
  };
}

/** Endpoints of an assignment whose address is an envoy_internal_address: the internal listeners they connect to. */
function internalListeners(ctx: BuildContext, assignment: Msg): InternalListenerRef[] {
  const out: InternalListenerRef[] = [];
  for (const locality of assignment.list('endpoints')) {
    for (const lb of locality.list('lb_endpoints')) {
      const name = lb.msg('endpoint')?.msg('address')?.msg('envoy_internal_address')?.str('server_listener_name');
      if (name) out.push({ listenerName: name.value, origin: ctx.origin(name.pointer) });
    }
  }
  return out;
}

/**
 * Envoy routes to HEALTHY and UNKNOWN hosts alike (absent health_status means UNKNOWN), and to DEGRADED ones when too
 * few are healthy (load balancing's "degraded endpoints"): all three are hosts a request can reach.
 */
const ROUTABLE_HEALTH = new Set([undefined, 'HEALTHY', 'UNKNOWN', 'DEGRADED']);

function countEndpoints(assignment: Msg): { total: number; healthy: number } {
  let total = 0;
  let healthy = 0;
  for (const locality of assignment.list('endpoints')) {
    for (const lb of locality.list('lb_endpoints')) {
      total++;
      if (ROUTABLE_HEALTH.has(lb.enumName('health_status'))) healthy++;
    }
  }
  return { total, healthy };
}

