// `envoy-lint trace`: where does this request go, and why? Exit codes: 0 the request is delivered (endpoints,
// passthrough, redirect, direct response, not intercepted) or the outcome cannot be told; 1 it fails (NR, NC, UH,
// refused, dropped, black hole, or a weighted share fails); 2 usage or input error.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Origin } from '../generated/graph.js';
import { loadOneProxy, pickProxy } from './pick-proxy.js';
import { httpRequest } from '../match/request.js';
import { formatTrace, trace, type TraceRequest, type TraceResult } from '../trace/index.js';
import { originLocator } from '../trace/locate.js';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { readTuning } from './tuning.js';
import { safeJson } from '../report/sanitize.js';
import { terminalLines } from './terminal.js';
import { parseArgs, writingTo, type SubcommandIo } from './subcommand.js';


const EXAMPLES = `
Examples:
  envoy-lint trace config_dump.json --to 10.96.0.10:9080 --host reviews:9080 --path /reviews/1
  envoy-lint trace config_dump.json --iptables iptables-save.txt --to 10.96.0.20:3306 --from-uid 1000
  envoy-lint trace config_dump.json --inbound --to 10.52.2.21:9080 --path /productpage
  envoy-lint trace config_dump.json --to 10.0.0.5:443 --sni api.example.com --alpn h2 --format json

Without --iptables, Istio's capture is assumed: outbound connections go to the use_original_dst listener (15001),
inbound ones (--inbound) to virtualInbound (15006). Exit code: 0 delivered (or cannot tell), 1 the request fails
(NR, NC, UH, refused, dropped, BlackHoleCluster), 2 usage or input error.
`;

const FAILING = new Set(['NR', 'NC', 'UH', 'refused', 'dropped', 'blackhole', 'split']);

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function integer(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

/** `10.96.0.10:8080`, `[fd00::1]:8080`. */
export function parseHostPort(text: string): { address: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:]+):(\d{1,5})$/.exec(text);
  const port = Number(m?.[2]);
  if (!m || !m[1] || port < 1 || port > 65535) throw new InvalidArgumentError('expected ADDRESS:PORT, e.g. 10.96.0.10:8080 or [fd00::1]:8080');
  return { address: m[1], port };
}

function headerPair(text: string): [string, string] {
  const i = text.search(/[=:]/);
  if (i <= 0) throw new InvalidArgumentError(`expected NAME=VALUE, got "${text}"`);
  return [text.slice(0, i).trim().toLowerCase(), text.slice(i + 1).trim()];
}

interface TraceOptions {
  proxy?: string;
  listener?: string;
  to: { address: string; port: number };
  inbound?: boolean;
  fromUid?: number;
  fromGid?: number;
  source?: string;
  host?: string;
  path: string;
  method: string;
  header: string[];
  sni?: string;
  alpn: string[];
  tls?: boolean;
  tcp?: boolean;
  iptables: string[];
  format: 'text' | 'json';
  verbose?: boolean;
}

function program(io: SubcommandIo): Command {
  const cmd = new Command('trace')
    .description('Follow one request through the proxy: iptables, listener, filter chain, route, cluster, endpoints.')
    .argument('<inputs...>', 'config dumps, istioctl JSON, iptables text (sniffed), - for stdin')
    .requiredOption('--to <address:port>', 'the original destination the client connects to', parseHostPort)
    .option('--inbound', 'trace a connection into the pod (virtualInbound) instead of out of it')
    .option('--from-uid <uid>', 'uid of the calling process, for iptables owner matches (default 1000)', integer)
    .option('--from-gid <gid>', 'gid of the calling process (default: the uid)', integer)
    .option('--source <address[:port]>', 'source address (and port) of the connection')
    .option('--host <authority>', 'the :authority / Host header (default: the --to address and port)')
    .option('--path <path>', 'the :path, query string included', '/')
    .option('--method <method>', 'the :method', 'GET')
    .option('--header <name=value>', 'a request header (repeatable)', (value: string, previous: string[]) => (headerPair(value), collect(value, previous)), [])
    .option('--sni <name>', 'TLS server name (implies --tls)')
    .option('--alpn <protocol>', 'ALPN protocol offered (repeatable; default http/1.1 for plaintext)', collect, [])
    .option('--tls', 'the client speaks TLS to the proxy')
    .option('--tcp', 'plain TCP (no HTTP detected by http_inspector): no ALPN unless --alpn')
    .option('--iptables <file>', 'read FILE as the sidecar iptables (repeatable)', collect, [])
    .option('--listener <name>', 'start at this listener (e.g. an internal listener such as a waypoint\'s main_internal) instead of the capture')
    .option('--proxy <name>', 'the proxy to trace when the inputs hold several (an egctl map or a bundle: namespace/pod; a folder: the path of its dump)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--verbose', 'list every resource that did not match, not only the first few')
    .addHelpText('after', EXAMPLES);
  return writingTo(cmd, io);
}

export function buildTraceRequest(opts: TraceOptions): TraceRequest {
  const { address, port } = opts.to;
  const hostAddress = address.includes(':') ? `[${address}]` : address;
  const authority = opts.host ?? (port === 80 ? hostAddress : `${hostAddress}:${port}`);
  const tls = opts.tls === true || opts.sni !== undefined;
  const http = httpRequest({ authority, path: opts.path, method: opts.method.toUpperCase(), headers: opts.header.map(headerPair), scheme: tls ? 'https' : 'http' });
  const req: TraceRequest = { address, port, direction: opts.inbound ? 'inbound' : 'outbound', http, tls };
  if (opts.fromUid !== undefined) req.uid = opts.fromUid;
  if (opts.fromGid !== undefined) req.gid = opts.fromGid;
  if (opts.sni !== undefined) req.sni = opts.sni;
  if (opts.listener !== undefined) req.listener = opts.listener;
  if (opts.alpn.length > 0) req.alpn = opts.alpn.flatMap((a) => a.split(',')).filter(Boolean);
  else if (opts.tcp) req.alpn = [];
  if (opts.source !== undefined) {
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(opts.source) ?? /^([^:]+)(?::(\d+))?$/.exec(opts.source) ?? [opts.source, opts.source];
    req.sourceIp = m[1] ?? opts.source;
    if (m[2] !== undefined) req.sourcePort = Number(m[2]);
  }
  return req;
}

export async function run(argv: string[], io: SubcommandIo): Promise<number> {
  const cmd = program(io);
  const parsed = parseArgs(cmd, argv);
  if (parsed !== undefined) return parsed;
  const opts = cmd.opts<TraceOptions>();
  const paths = cmd.args;
  const load = loadOneProxy(paths, { iptables: opts.iptables, ...readTuning(io.env) }, opts.proxy);
  if (typeof load === 'string') {
    io.stderr.write(terminalLines(`envoy-lint trace: ${load}`));
    return EXIT_USAGE_OR_INPUT;
  }
  const { inputs, errors, proxies } = load;
  for (const e of errors) io.stderr.write(terminalLines(`envoy-lint trace: ${e.oneLine()}`));
  if (errors.length > 0) return EXIT_USAGE_OR_INPUT;
  const proxy = pickProxy(proxies, opts.proxy);
  if (typeof proxy === 'string') {
    io.stderr.write(terminalLines(`envoy-lint trace: ${proxy}`));
    return EXIT_USAGE_OR_INPUT;
  }
  const { graph, iptables, controlPlane } = proxy.target;
  for (const ip of iptables) for (const e of ip.parse.errors.slice(0, 3)) io.stderr.write(terminalLines(`envoy-lint trace: ${ip.file}:${e.line}:${e.column}: expected ${e.expected}, found "${e.text}" (line ignored)`));
  const request = buildTraceRequest(opts);
  const result: TraceResult = trace(graph, iptables, request, controlPlane.id === 'istio' ? "Istio's" : "the sidecar's");
  const where = originLocator(inputs);
  const hops = [...result.hops, ...(result.branches ?? []).flatMap((b) => b.hops)];
  where.prefetch(hops.flatMap((hop) => (hop.origin ? [hop.origin] : [])));
  if (opts.format === 'json') {
    const withLocation = <T extends { origin?: Origin }>(hop: T): T & { location?: string } => {
      const loc = hop.origin ? where.text(hop.origin) : undefined;
      return loc ? { ...hop, location: loc } : hop;
    };
    const data = { ...result, hops: result.hops.map(withLocation), ...(result.branches ? { branches: result.branches.map((b) => ({ ...b, hops: b.hops.map(withLocation) })) } : {}) };
    io.stdout.write(`${safeJson(data, 2)}\n`);
  } else {
    io.stdout.write(terminalLines(formatTrace(result, (o) => where.text(o), { verbose: opts.verbose ?? false })));
  }
  return FAILING.has(result.outcome.kind) ? EXIT_FINDINGS : EXIT_CLEAN;
}
