// Public entry of the interception model: what the sidecar's iptables do to TCP connections.

import type { Family, FamilyRules, IptablesParse } from '../../load/iptables/index.js';
import { DEFAULT_PROXY_ID } from '../istio.js';
import { inbound, loopbackAddress, outbound } from './direction.js';
import { chainProblems } from './problems.js';
import type { FamilyInterception, InboundOptions, OutboundOptions, PortOutcome, Unmodelled } from './types.js';

export type * from './types.js';
export { chainProblems } from './problems.js';
export { outcomeAt } from './ports.js';

/** The rule sets of one family, in file order (a file can hold several, e.g. a view and a save). */
export function rulesetsFor(parse: IptablesParse, family: Family): FamilyRules[] {
  return parse.families.filter((f) => f.family === family);
}

/** Inbound TCP (PREROUTING from a non-loopback interface) per destination-port range, 1..65535. */
export function inboundByPort(rules: FamilyRules, options: InboundOptions = {}): PortOutcome[] {
  return inbound(rules, options).ranges;
}

/** Outbound TCP (OUTPUT) from a uid/gid to an address, per destination-port range, 1..65535. */
export function outboundByPort(rules: FamilyRules, options: OutboundOptions): PortOutcome[] {
  return outbound(rules, options).ranges;
}

export interface ModelOptions {
  appUid?: number;
  appGid?: number;
  proxyUid?: number;
  proxyGid?: number;
}

/** Everything the model answers for one rule set, with the defaults Istio uses (proxy uid/gid 1337). */
export function interception(rules: FamilyRules, options: ModelOptions = {}): FamilyInterception {
  const app = { uid: options.appUid ?? 1000, gid: options.appGid ?? 1000 };
  const proxy = { uid: options.proxyUid ?? DEFAULT_PROXY_ID, gid: options.proxyGid ?? DEFAULT_PROXY_ID };
  const lo = loopbackAddress(rules.family);
  const results = {
    inbound: inbound(rules),
    app: outbound(rules, { ...app, destination: null }),
    proxy: outbound(rules, { ...proxy, destination: null }),
    appToLoopback: outbound(rules, { ...app, destination: lo }),
    proxyToLoopback: outbound(rules, { ...proxy, destination: lo }),
  };
  const unmodelled = new Map<number, Unmodelled>();
  for (const r of Object.values(results)) for (const u of r.unmodelled) unmodelled.set(u.line, u);
  return {
    family: rules.family,
    line: rules.line,
    inbound: results.inbound.ranges,
    outbound: {
      app: results.app.ranges,
      proxy: results.proxy.ranges,
      appToLoopback: results.appToLoopback.ranges,
      proxyToLoopback: results.proxyToLoopback.ranges,
    },
    problems: chainProblems(rules),
    unmodelled: [...unmodelled.values()].sort((a, b) => a.line - b.line),
    caveats: rules.caveats,
  };
}

/** The model for every rule set of a parse. */
export function interceptionOf(parse: IptablesParse, options: ModelOptions = {}): FamilyInterception[] {
  return parse.families.map((f) => interception(f, options));
}
