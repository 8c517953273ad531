// From an access-log entry back to the request that produced it, as trace takes it: where the client connected
// (%DOWNSTREAM_LOCAL_ADDRESS%, which use_original_dst restores to the original destination), which way (Istio's
// `inbound|…`/`outbound|…` cluster names, else what the user says), and the HTTP request line.
import { httpRequest } from '../match/request.js';
import type { TraceRequest } from '../trace/index.js';
import type { AccessLogEntry } from './log-format.js';

/** The proxy's own addresses, from what its node says (Istio's `sidecar~IP~…` id and INSTANCE_IPS metadata). */
export function ownAddresses(node: { id?: string; metadata: Record<string, string> } | undefined): Set<string> {
  const out = new Set<string>();
  const fromId = node?.id?.split('~')[1];
  if (fromId) out.add(fromId);
  for (const ip of (node?.metadata.INSTANCE_IPS ?? '').split(',')) if (ip.trim()) out.add(ip.trim());
  return out;
}

export interface RequestOverrides {
  to?: { address: string; port: number };
  direction?: 'inbound' | 'outbound';
  host?: string;
  path?: string;
  method?: string;
}

export interface RebuiltRequest {
  request: TraceRequest;
  /** What had to be assumed because the line does not say it; printed with the explanation. */
  assumptions: string[];
}

/** `10.0.0.1:80`, `[fd00::1]:80` → address and port; undefined for anything else (a pipe, `-`). */
export function splitAddress(text: string | undefined): { address: string; port: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:[\]]+):(\d{1,5})$/.exec(text);
  if (!m || !m[1]) return undefined;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { address: m[1], port } : undefined;
}

function portOf(authority: string | undefined): number | undefined {
  const m = authority !== undefined ? /:(\d{1,5})$/.exec(authority) : null;
  return m ? Number(m[1]) : undefined;
}

export class MissingFieldError extends Error {}

export function rebuildRequest(entry: AccessLogEntry, overrides: RequestOverrides = {}, own: ReadonlySet<string> = new Set()): RebuiltRequest {
  const assumptions: string[] = [];
  const http = entry.method !== undefined || entry.path !== undefined || (entry.protocol !== undefined && /^HTTP/i.test(entry.protocol));
  let to = overrides.to ?? splitAddress(entry.downstreamLocalAddress);
  if (!to) {
    const port = portOf(overrides.host ?? entry.authority);
    if (port === undefined) {
      throw new MissingFieldError(
        `line ${entry.lineNumber}: the line does not say where the client connected (no %DOWNSTREAM_LOCAL_ADDRESS%, no port in the authority): give it with --to ADDRESS:PORT`,
      );
    }
    to = { address: '0.0.0.0', port };
    assumptions.push(`the line has no %DOWNSTREAM_LOCAL_ADDRESS%: assumed a connection to port ${port} (from the authority), any address`);
  }
  let direction = overrides.direction;
  if (!direction) {
    if (entry.upstreamCluster?.startsWith('inbound|')) direction = 'inbound';
    else if (entry.upstreamCluster?.startsWith('outbound|')) direction = 'outbound';
    // A connection to the proxy's own address came in (a line with no cluster: filter_chain_not_found, NR).
    else if (own.has(to.address)) {
      direction = 'inbound';
      assumptions.push(`${to.address} is the proxy's own address: taken as an inbound connection`);
    } else direction = 'outbound';
  }
  const authority = overrides.host ?? entry.authority ?? (to.port === 80 ? to.address : `${to.address}:${to.port}`);
  if (http && overrides.host === undefined && entry.authority === undefined) assumptions.push(`the line has no :authority: assumed "${authority}"`);
  const sni = entry.requestedServerName;
  const request: TraceRequest = {
    address: to.address,
    port: to.port,
    direction,
    http: httpRequest({ authority, path: overrides.path ?? entry.path ?? '/', method: (overrides.method ?? entry.method ?? 'GET').toUpperCase(), scheme: sni ? 'https' : 'http' }),
    tls: sni !== undefined,
  };
  if (sni !== undefined) request.sni = sni;
  if (!http) request.alpn = [];
  const source = splitAddress(entry.downstreamRemoteAddress);
  if (source) {
    request.sourceIp = source.address;
    request.sourcePort = source.port;
  }
  return { request, assumptions };
}
