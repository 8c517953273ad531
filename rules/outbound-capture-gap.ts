import { defineRule } from '../src/engine/rule.js';
import type { FamilyRules } from '../src/load/iptables/index.js';
import { bindingModel, isWildcardAddress } from '../src/model/binding.js';
import type { ListenerNode } from '../src/model/graph.js';
import { outboundByPort, outcomeAt, type PortOutcome } from '../src/model/interception/index.js';
import { captures, DEFAULT_PROXY_ID, hidesInterfaces, ownerIds, reachableChains } from '../src/model/ports/index.js';

const captured = (o: PortOutcome | undefined): boolean => o?.outcome.kind === 'redirect' || o?.outcome.kind === 'tproxy';

function how(o: PortOutcome): string {
  if (o.outcome.kind === 'bypass' && o.outcome.via !== 'policy') return `${o.outcome.via} in chain ${o.decidedBy.table}/${o.decidedBy.chain}`;
  if (o.outcome.kind === 'bypass') return `no rule redirects them and chain ${o.decidedBy.table}/${o.decidedBy.chain} accepts them by policy`;
  return `${o.outcome.kind} in chain ${o.decidedBy.table}/${o.decidedBy.chain}`;
}

function lineOf(rules: FamilyRules, o: PortOutcome): number {
  if (o.decidedBy.line !== null) return o.decidedBy.line;
  const chain = rules.tables.find((t) => t.name === o.decidedBy.table)?.chains.find((c) => c.name === o.decidedBy.chain);
  return chain?.policyLine ?? chain?.line ?? rules.line;
}

/** The family of a listener address; Envoy's 0.0.0.0 takes IPv4 only, `::` IPv6 (dual-stack aside). */
function familyOf(address: string | undefined): 'ipv4' | 'ipv6' {
  return address !== undefined && address.includes(':') ? 'ipv6' : 'ipv4';
}

/** Destination addresses the OUTPUT rules single out (include/exclude CIDRs): a wildcard listener counts as captured if any is. */
function namedDestinations(rules: FamilyRules): string[] {
  const out = new Set<string>();
  for (const table of rules.tables) {
    for (const chain of reachableChains(table, 'OUTPUT')) {
      for (const rule of chain.rules) {
        for (const m of rule.matches) if (m.kind === 'destination' && !m.negated) for (const c of m.cidrs) out.add(c.address);
      }
    }
  }
  return [...out];
}

function listTargets(items: string[]): string {
  return items.length <= 6 ? items.join(', ') : `${items.slice(0, 6).join(', ')} and ${items.length - 6} more`;
}

export default defineRule({
  id: 'outbound-capture-gap',
  meta: {
    description: "The sidecar's iptables do not send to the proxy the outbound connections its listeners expect, or send the proxy's own connections back to it.",
    defaultSeverity: 'warning',
    controlPlanes: ['istio'],
    messages: {
      gap:
        'outbound connections from the application to {{targets}} are not captured ({{how}}), though the proxy has listeners for them ({{listeners}}): they bypass the sidecar, with no mTLS, routing rules, retries or telemetry, and a destination that requires STRICT mTLS refuses them. Stop excluding them (traffic.sidecar.istio.io/excludeOutboundPorts / excludeOutboundIPRanges) or include them (includeOutboundPorts / includeOutboundIPRanges).',
      loop:
        "the proxy's own outbound connections (uid {{uid}}, gid {{gid}}) to ports {{ports}} are redirected back to port {{to}} ({{how}}): every upstream connection Envoy opens loops into itself and fails. Exclude the proxy's uid/gid before the redirect (`-m owner --uid-owner {{uid}} -j RETURN`; istio-iptables --proxy-uid / --proxy-gid).",
      hidden:
        'outbound capture was not checked for this rule set: `iptables -L` without `-v` hides the interfaces (`-o lo`) that Istio\'s OUTPUT rules depend on. Paste `iptables-save` output (or `iptables -t nat -L -n -v`) instead.',
    },
  },
  run({ graph, target, report }) {
    const binding = bindingModel(graph);
    if (!binding.isSidecar || !binding.listenersComplete) return;
    // Listeners an application's outbound connection is handed to by 15001.
    const outboundListeners = binding.live.filter((l) => !l.bindToPort && l.trafficDirection !== 'INBOUND');
    for (const input of target.iptables) {
      const capturing = input.parse.families.filter(captures);
      // No capture at all in this input: still check its first rule set (outbound capture is off entirely).
      const sets = capturing.length > 0 ? capturing : input.parse.families.slice(0, 1);
      for (const rules of sets) {
        if (hidesInterfaces(rules)) {
          report({ messageId: 'hidden', severity: 'info', resource: { kind: 'input', name: input.file }, origin: { input: input.input, pointer: '', line: rules.line } });
          continue;
        }
        const ids = ownerIds(rules);
        const proxyUid = ids.uids.includes(DEFAULT_PROXY_ID) || ids.uids.length === 0 ? DEFAULT_PROXY_ID : (ids.uids[0] as number);
        const proxyGid = ids.gids.includes(DEFAULT_PROXY_ID) || ids.gids.length === 0 ? DEFAULT_PROXY_ID : (ids.gids[0] as number);
        let appUid = 1000;
        while (ids.uids.includes(appUid) || ids.gids.includes(appUid)) appUid++;
        const cache = new Map<string, PortOutcome[]>();
        const app = (destination: string | null): PortOutcome[] => {
          const key = destination ?? '';
          let ranges = cache.get(key);
          if (!ranges) cache.set(key, (ranges = outboundByPort(rules, { uid: appUid, gid: appUid, destination })));
          return ranges;
        };
        const named = [...namedDestinations(rules), ...outboundListeners.map((l) => l.address ?? '')].filter((a) => a !== '' && !isWildcardAddress(a) && familyOf(a) === rules.family);
        const gaps = new Map<string, { outcome: PortOutcome; targets: string[]; listeners: ListenerNode[] }>();
        for (const l of outboundListeners) {
          const port = l.port as number;
          const wildcard = isWildcardAddress(l.address);
          if (familyOf(l.address) !== rules.family) continue;
          const o = outcomeAt(app(wildcard ? null : (l.address ?? null)), port);
          if (!o || captured(o) || o.outcome.kind === 'drop') continue;
          if (wildcard && named.some((a) => captured(outcomeAt(app(a), port)))) continue;
          const key = `${o.decidedBy.table}/${o.decidedBy.chain}/${lineOf(rules, o)}`;
          const gap = gaps.get(key) ?? { outcome: o, targets: [], listeners: [] };
          gap.targets.push(wildcard ? `port ${port}` : `${l.address}:${port}`);
          gap.listeners.push(l);
          gaps.set(key, gap);
        }
        for (const gap of gaps.values()) {
          report({
            messageId: 'gap',
            data: { targets: listTargets(gap.targets), how: how(gap.outcome), listeners: listTargets(gap.listeners.map((l) => l.name)) },
            resource: { kind: 'iptables_rule', name: `${gap.outcome.decidedBy.table}/${gap.outcome.decidedBy.chain}` },
            origin: { input: input.input, pointer: '', line: lineOf(rules, gap.outcome) },
          });
        }
        // The proxy's own connections must not be captured again.
        const proxy = outboundByPort(rules, { uid: proxyUid, gid: proxyGid, destination: null }).filter(captured);
        const first = proxy[0];
        if (first) {
          const to = first.outcome.kind === 'redirect' || first.outcome.kind === 'tproxy' ? (first.outcome.toPort ?? 'the original port') : '';
          report({
            messageId: 'loop',
            data: { uid: proxyUid, gid: proxyGid, ports: listTargets(proxy.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`))), to, how: how(first) },
            resource: { kind: 'iptables_rule', name: `${first.decidedBy.table}/${first.decidedBy.chain}` },
            origin: { input: input.input, pointer: '', line: lineOf(rules, first) },
          });
        }
      }
    }
  },
});
