// The built-in rules, by id, in alphabetical order. Explicit on purpose: adding a rule means adding it here (a test
// keeps this, the rule files and their docs in step; `npm run new-rule -- <id>` writes the lines).
import type { Rule } from '../src/engine/rule.js';
import blackholeFallthrough from './blackhole-fallthrough.js';
import certificateExpiry from './certificate-expiry.js';
import circuitBreakerLimits from './circuit-breaker-limits.js';
import clusterWithoutEndpoints from './cluster-without-endpoints.js';
import danglingCluster from './dangling-cluster.js';
import danglingFilterChain from './dangling-filter-chain.js';
import danglingInternalListener from './dangling-internal-listener.js';
import danglingRouteConfig from './dangling-route-config.js';
import danglingSecret from './dangling-secret.js';
import duplicateDomain from './duplicate-domain.js';
import duplicateListenerAddress from './duplicate-listener-address.js';
import endpointPortNotServed from './endpoint-port-not-served.js';
import endpointsUnhealthy from './endpoints-unhealthy.js';
import filterChainConflict from './filter-chain-conflict.js';
import hostPortDomain from './host-port-domain.js';
import inboundPortNotCaptured from './inbound-port-not-captured.js';
import iptablesParseError from './iptables-parse-error.js';
import iptablesRedirectWithoutListener from './iptables-redirect-without-listener.js';
import missingPortListener from './missing-port-listener.js';
import mtlsMismatch from './mtls-mismatch.js';
import outboundCaptureGap from './outbound-capture-gap.js';
import outlierEjectionCanEmpty from './outlier-ejection-can-empty.js';
import peerIdentityMismatch from './peer-identity-mismatch.js';
import protocolSniffingServerFirst from './protocol-sniffing-server-first.js';
import proxyNotLive from './proxy-not-live.js';
import proxyVersionSkew from './proxy-version-skew.js';
import rejectedConfig from './rejected-config.js';
import routeTimeoutDefault from './route-timeout-default.js';
import schemaViolation from './schema-violation.js';
import shadowedRoute from './shadowed-route.js';
import sharedCertCoalescing from './shared-cert-coalescing.js';
import uncheckedInput from './unchecked-input.js';
import unreachableListener from './unreachable-listener.js';
import unreferencedResources from './unreferenced-resources.js';

export const BUILTIN_RULES: readonly Rule[] = [
  blackholeFallthrough,
  certificateExpiry,
  circuitBreakerLimits,
  clusterWithoutEndpoints,
  danglingCluster,
  danglingFilterChain,
  danglingInternalListener,
  danglingRouteConfig,
  danglingSecret,
  duplicateDomain,
  duplicateListenerAddress,
  endpointPortNotServed,
  endpointsUnhealthy,
  filterChainConflict,
  hostPortDomain,
  inboundPortNotCaptured,
  iptablesParseError,
  iptablesRedirectWithoutListener,
  missingPortListener,
  mtlsMismatch,
  outboundCaptureGap,
  outlierEjectionCanEmpty,
  peerIdentityMismatch,
  protocolSniffingServerFirst,
  proxyNotLive,
  proxyVersionSkew,
  rejectedConfig,
  routeTimeoutDefault,
  schemaViolation,
  shadowedRoute,
  sharedCertCoalescing,
  uncheckedInput,
  unreachableListener,
  unreferencedResources,
];
