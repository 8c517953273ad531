import { defineRule } from '../src/engine/rule.js';
import type { FilterChainNode, ListenerFilterPredicate, ListenerFilterSummary, ListenerNode, Origin } from '../src/generated/graph.js';
import type { ControlPlaneId } from '../src/model/control-plane.js';

/**
 * Well-known ports of protocols where the server speaks first (the client waits for a greeting), with the spec that
 * says so: MySQL's initial handshake packet, SMTP's 220 greeting (RFC 5321 §3.1), FTP's 220 reply (RFC 959 §5.4),
 * POP3's greeting (RFC 1939 §4), IMAP's greeting (RFC 9051 §7.1), NNTP's initial response (RFC 3977 §5.1).
 */
export const SERVER_FIRST_PORTS: ReadonlyMap<number, string> = new Map([
  [21, 'FTP'],
  [25, 'SMTP'],
  [110, 'POP3'],
  [119, 'NNTP'],
  [143, 'IMAP'],
  [587, 'SMTP submission'],
  [3306, 'MySQL'],
]);

const HTTP_INSPECTOR = 'http_inspector';
const TLS_INSPECTOR = 'tls_inspector';
/** ALPN values http_inspector writes for plaintext HTTP; any other application protocol comes from TLS (tls_inspector). */
const SNIFFED_HTTP = new Set(['http/1.0', 'http/1.1', 'h2c']);

/** What to change, in the control plane's terms. */
const FIX: Partial<Record<ControlPlaneId, string>> = {
  istio:
    "declare the Service port's protocol so istiod does not sniff it (name it tcp-… or mysql-…, or set appProtocol: tcp); when tls_inspector waits for mTLS detection under PERMISSIVE, make the port's PeerAuthentication STRICT or DISABLE (portLevelMtls)",
};
const ENVOY_FIX = 'give the port a filter chain that does not match on application_protocols, transport_protocol or server_names (a plain TCP proxy), or disable the inspector for it with filter_disabled';

export default defineRule({
  id: 'protocol-sniffing-server-first',
  meta: {
    description:
      "A listener picks the filter chain for a server-first protocol's port (MySQL, SMTP, FTP, POP3, IMAP, NNTP) by what http_inspector or tls_inspector read from the client, which sends nothing first: connections hang until the listener filter timeout.",
    defaultSeverity: 'warning',
    messages: {
      sniffed:
        'listener {{listener}} chooses the filter chain for port {{port}} ({{protocol}}, where the server speaks first) by what {{inspector}} reads from the client ({{matches}}), but the client sends nothing until it has the server\'s greeting: {{outcome}}. To fix: {{fix}}.',
    },
  },
  run({ graph, target, report }) {
    const fix = FIX[target.controlPlane.id] ?? ENVOY_FIX;
    for (const listener of graph.listeners) {
      if (listener.state === 'error' || listener.state === 'draining' || !listener.listenerFilters?.length) continue;
      for (const { port, protocol, origin } of serverFirstPorts(listener)) {
        const chains = chainsForPort(listener, port);
        const needed = inspectorsNeeded(chains);
        const active = [...needed.keys()].filter((kind) => inspectorActive(listener, kind, port));
        if (active.length === 0) continue;
        const matches = active.map((kind) => needed.get(kind)).join('; ');
        report({
          messageId: 'sniffed',
          data: { listener: listener.name, port, protocol, inspector: active.join(' and '), matches, outcome: outcome(listener), fix },
          resource: { kind: 'listener', name: listener.name },
          origin,
        });
      }
    }
  },
});

/** The server-first ports this listener takes connections for: its own port, and its chains' destination_port. */
function serverFirstPorts(listener: ListenerNode): Array<{ port: number; protocol: string; origin: Origin }> {
  const out = new Map<number, { port: number; protocol: string; origin: Origin }>();
  const own = listener.port;
  if (own !== undefined && !listener.useOriginalDst) {
    const protocol = SERVER_FIRST_PORTS.get(own);
    if (protocol) out.set(own, { port: own, protocol, origin: listener.portOrigin ?? listener.origin });
  }
  for (const chain of listener.filterChains) {
    const port = chain.match.destinationPort;
    const protocol = port === undefined ? undefined : SERVER_FIRST_PORTS.get(port);
    if (port === undefined || !protocol || out.has(port)) continue;
    out.set(port, { port, protocol, origin: chain.match.destinationPortOrigin ?? chain.origin });
  }
  return [...out.values()];
}

/** The chains a connection to `port` may get: those for that destination_port, else those without one, and the default. */
function chainsForPort(listener: ListenerNode, port: number): FilterChainNode[] {
  const exact = listener.filterChains.filter((c) => c.match.destinationPort === port);
  const any = listener.filterChains.filter((c) => c.match.destinationPort === undefined);
  return [...(exact.length ? exact : any), ...(listener.defaultFilterChain ? [listener.defaultFilterChain] : [])];
}

/** Which inspector the chains' matches wait for, with what they match on (for the message). */
function inspectorsNeeded(chains: readonly FilterChainNode[]): Map<string, string> {
  const needs = new Map<string, Set<string>>();
  const need = (kind: string, what: string): void => {
    const set = needs.get(kind) ?? new Set<string>();
    set.add(what);
    needs.set(kind, set);
  };
  for (const { match } of chains) {
    for (const alpn of match.applicationProtocols ?? []) need(SNIFFED_HTTP.has(alpn) ? HTTP_INSPECTOR : TLS_INSPECTOR, `application_protocols ${alpn}`);
    if (match.transportProtocol) need(TLS_INSPECTOR, `transport_protocol ${match.transportProtocol}`);
    if (match.serverNames?.length) need(TLS_INSPECTOR, 'server_names');
  }
  return new Map([...needs].map(([kind, set]) => [kind, [...set].join(', ')]));
}

/** Whether the listener runs that inspector for connections to `port` (an unevaluable filter_disabled counts as running). */
function inspectorActive(listener: ListenerNode, kind: string, port: number): boolean {
  const filter = listener.listenerFilters?.find((f) => isInspector(f, kind));
  if (!filter) return false;
  return !filter.disabled || disabledFor(filter.disabled, port) !== true;
}

function isInspector(filter: ListenerFilterSummary, kind: string): boolean {
  return filter.name.endsWith(kind) || (filter.typeName?.toLowerCase().includes(kind.replace('_', '')) ?? false);
}

/** A filter_disabled predicate for a connection to `port`: true (skipped), false, or undefined when it reads more than the port. */
export function disabledFor(p: ListenerFilterPredicate, port: number): boolean | undefined {
  if (p.unknown) return undefined;
  if (p.anyMatch) return true;
  if (p.destinationPortRange) return port >= p.destinationPortRange.start && port < p.destinationPortRange.end;
  if (p.notMatch) {
    const inner = disabledFor(p.notMatch, port);
    return inner === undefined ? undefined : !inner;
  }
  const all = (p.orMatch ?? p.andMatch ?? []).map((q) => disabledFor(q, port));
  if (p.orMatch) return all.includes(true) ? true : all.includes(undefined) ? undefined : false;
  if (p.andMatch) return all.includes(false) ? false : all.includes(undefined) ? undefined : true;
  return undefined;
}

/** What the client sees, from listener_filters_timeout (Envoy's default 15 s; 0 disables it) and continue_on_listener_filters_timeout. */
function outcome(listener: ListenerNode): string {
  const timeout = listener.listenerFiltersTimeout ?? '15s';
  if (/^0+(\.0+)?s$/.test(timeout)) return 'listener_filters_timeout is 0 (no timeout), so the connection hangs until the client gives up';
  if (listener.continueOnListenerFiltersTimeout) return `every connection waits listener_filters_timeout (${timeout}) before Envoy falls back to a chain, and clients with a shorter connect timeout fail`;
  return `the connection hangs for listener_filters_timeout (${timeout}) and is then closed (continue_on_listener_filters_timeout is off)`;
}
