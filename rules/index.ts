// The built-in rules, by id. Explicit on purpose: adding a rule means adding it here (a test keeps this, the rule
// files and their docs in step).
import type { Rule } from '../src/engine/rule.js';
import clusterWithoutEndpoints from './cluster-without-endpoints.js';
import danglingCluster from './dangling-cluster.js';
import danglingRouteConfig from './dangling-route-config.js';
import rejectedConfig from './rejected-config.js';
import schemaViolation from './schema-violation.js';
import uncheckedInput from './unchecked-input.js';
import blackholeFallthrough from './blackhole-fallthrough.js';
import inboundPortNotCaptured from './inbound-port-not-captured.js';
import iptablesParseError from './iptables-parse-error.js';
import iptablesRedirectWithoutListener from './iptables-redirect-without-listener.js';
import missingPortListener from './missing-port-listener.js';
import outboundCaptureGap from './outbound-capture-gap.js';
import shadowedRoute from './shadowed-route.js';
import duplicateDomain from './duplicate-domain.js';
import filterChainConflict from './filter-chain-conflict.js';
import unreachableListener from './unreachable-listener.js';
import duplicateListenerAddress from './duplicate-listener-address.js';
import danglingSecret from './dangling-secret.js';

export const BUILTIN_RULES: readonly Rule[] = [
  clusterWithoutEndpoints as Rule,
  danglingCluster as Rule,
  danglingRouteConfig as Rule,
  rejectedConfig as Rule,
  schemaViolation as Rule,
  uncheckedInput as Rule,
  blackholeFallthrough as Rule,
  inboundPortNotCaptured as Rule,
  iptablesParseError as Rule,
  iptablesRedirectWithoutListener as Rule,
  missingPortListener as Rule,
  outboundCaptureGap as Rule,
  shadowedRoute as Rule,
  duplicateDomain as Rule,
  filterChainConflict as Rule,
  unreachableListener as Rule,
  duplicateListenerAddress as Rule,
  danglingSecret as Rule,
];
