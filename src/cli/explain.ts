// `envoy-lint explain`: from access-log lines (or a response flag and a request) to the configuration that caused
// them. Exit codes: 0 every line is explained by the dump (fully, or as far as a dump can); 1 a line the dump does not
// produce (the configuration changed since, or the request went another way); 2 usage or input error, or no line
// could be read.
import { Command, InvalidArgumentError, Option } from 'commander';
import { BUILTIN_RULES } from '../../rules/index.js';
import { runRules } from '../engine/run.js';
import { explainEntry, type Explanation } from '../explain/explain.js';
import { KNOWN_FLAGS } from '../explain/flags.js';
import { compileFormat, LogFormatError, NEEDED_FIELDS, parseLogLine, type AccessLogEntry, type CompiledFormat } from '../explain/log-format.js';
import { formatMarkdown, formatText, groupExplanations, toJson, type Skipped } from '../explain/render.js';
import { MissingFieldError, type RequestOverrides } from '../explain/request.js';
import { safeJson } from '../report/sanitize.js';
import { originLocator } from '../trace/locate.js';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { loadOneProxy, pickProxy } from './pick-proxy.js';
import { terminalLines } from './terminal.js';
import { parseArgs, writingTo, type SubcommandIo } from './subcommand.js';
import { parseHostPort } from './trace.js';
import { readTuning } from './tuning.js';
import { ReadProblem, readTextOnce } from '../load/open.js';

const EXAMPLES = `
Log formats read: Envoy's default text format, Istio's default text format, and JSON access logs (keys such as
response_flags, response_code, authority, path, method, upstream_cluster, downstream_local_address, route_name).
Lines from kubectl logs --prefix or a CRI log file are read too. For another text format give Envoy's own format
string with --format-string. A line needs ${NEEDED_FIELDS}.

Examples:
  envoy-lint explain config_dump.json --log '[2026-11-30T10:02:11.512Z] "GET /api HTTP/1.1" 503 NC cluster_not_found - "-" 0 91 0 - "-" "curl/8.5" "1" "reviews:9080" "-" - - 10.96.1.20:9080 10.244.0.12:51234 - default'
  kubectl logs deploy/productpage -c istio-proxy | envoy-lint explain config_dump.json --log-file -
  envoy-lint explain config_dump.json --flag NR --to 10.96.0.20:9080 --host details:9080 --path /x
  envoy-lint explain config_dump.json --log-file access.log --format markdown > incident.md

Exit code: 0 the dump explains every line (as far as a dump can), 1 a line the dump does not produce (the
configuration changed since it was written), 2 usage or input error.
`;

/** More than this from a log file is refused: explain groups lines, it is not a log store. */
const MAX_LOG_BYTES = 512 * 1024 * 1024;

interface ExplainOptions {
  log?: string;
  logFile?: string;
  formatString?: string;
  flag?: string;
  to?: { address: string; port: number };
  host?: string;
  path?: string;
  method?: string;
  inbound?: boolean;
  outbound?: boolean;
  iptables: string[];
  proxy?: string;
  format: 'text' | 'json' | 'markdown';
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function flagName(value: string): string {
  if (!/^[A-Za-z]+(?:,[A-Za-z]+)*$/.test(value)) throw new InvalidArgumentError(`expected a response flag such as ${KNOWN_FLAGS.slice(0, 6).join(', ')}`);
  return value;
}

function program(io: SubcommandIo): Command {
  const cmd = new Command('explain')
    .description('Explain access-log lines (or a response flag) by the configuration the proxy runs: which listener, route and cluster made the request end as it did, each at file:line:col.')
    .argument('<inputs...>', 'config dumps, istioctl JSON, iptables text (sniffed), - for stdin')
    .option('--log <line>', 'one access-log line')
    .option('--log-file <file>', 'a file of access-log lines (- for stdin); lines that are not access-log lines are skipped and counted')
    .option('--format-string <format>', "the log's Envoy format string, for a text format other than Envoy's or Istio's default")
    .option('--flag <flag>', 'explain this response flag (NR, NC, UH, UO, UT, UF, …) for the request given by --to/--host/--path, without a log line', flagName)
    .option('--to <address:port>', "where the client connected (default: the line's %DOWNSTREAM_LOCAL_ADDRESS%)", parseHostPort)
    .option('--host <authority>', "the :authority (default: the line's)")
    .option('--path <path>', "the :path (default: the line's, else /)")
    .option('--method <method>', "the :method (default: the line's, else GET)")
    .option('--inbound', 'the line is from the inbound side (default: from Istio cluster names, else outbound)')
    .option('--outbound', 'the line is from the outbound side')
    .option('--iptables <file>', 'read FILE as the sidecar iptables (repeatable)', collect, [])
    .option('--proxy <name>', 'the proxy when the inputs hold several (an egctl map or a bundle: namespace/pod; a folder: the path of its dump)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .addHelpText('after', EXAMPLES);
  return writingTo(cmd, io);
}

class ExplainUsageError extends Error {}

/** The log, opened once like every input (a pipe or device bounded, binary refused at once). */
function readLog(file: string): string {
  try {
    return readTextOnce(file, MAX_LOG_BYTES, MAX_LOG_BYTES);
  } catch (error) {
    if (!(error instanceof ReadProblem)) throw error;
    if (error.code === 'FILE_TOO_LARGE') throw new ExplainUsageError(`${file}: larger than ${MAX_LOG_BYTES / 2 ** 20} MiB; give explain the part of the log around the incident`);
    if (error.code === 'BINARY') throw new ExplainUsageError(`${file}: binary data, not a log`);
    throw new ExplainUsageError(`${file}: ${error.why}`);
  }
}

/** The entries to explain: from --log, --log-file or --flag; lines no format reads are counted, not explained. */
function entries(opts: ExplainOptions, format: CompiledFormat | undefined): { entries: AccessLogEntry[]; skipped: Skipped } {
  if (opts.flag !== undefined && opts.log === undefined && opts.logFile === undefined) {
    return { entries: [{ lineNumber: 1, raw: `--flag ${opts.flag}`, format: 'flag', responseFlags: opts.flag, ...(opts.method ? { method: opts.method } : {}), ...(opts.path ? { path: opts.path } : {}) }], skipped: { count: 0 } };
  }
  const text = opts.log ?? readLog(opts.logFile ?? '-');
  const out: AccessLogEntry[] = [];
  const skipped: Skipped = { count: 0 };
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const entry = parseLogLine(line, i + 1, format);
    if (entry && (entry.responseFlags !== undefined || entry.responseCode !== undefined)) out.push(entry);
    else {
      skipped.count++;
      skipped.firstLine ??= i + 1;
    }
  });
  return { entries: out, skipped };
}

/** Lines that would be rebuilt into the same request and judged alike share one explanation (a 10,000-line log). */
function cacheKey(e: AccessLogEntry): string {
  return JSON.stringify([e.method, e.path, e.authority, e.downstreamLocalAddress, e.responseFlags, e.responseCode, e.upstreamCluster, e.upstreamTransportFailureReason, e.requestedServerName, e.downstreamRemoteAddress?.replace(/:\d+$/, '')]);
}

export async function run(argv: string[], io: SubcommandIo): Promise<number> {
  const cmd = program(io);
  const parsed = parseArgs(cmd, argv);
  if (parsed !== undefined) return parsed;
  const opts = cmd.opts<ExplainOptions>();
  const fail = (message: string): number => {
    io.stderr.write(terminalLines(`envoy-lint explain: ${message}`));
    return EXIT_USAGE_OR_INPUT;
  };
  if (opts.log === undefined && opts.logFile === undefined && opts.flag === undefined) return fail('give a log line (--log LINE), a log file (--log-file FILE, - for stdin) or a response flag (--flag NR --to ADDRESS:PORT --host H --path P); see explain --help');
  if (opts.log !== undefined && opts.logFile !== undefined) return fail('--log and --log-file: give one');
  if (opts.inbound && opts.outbound) return fail('--inbound and --outbound: give one');
  let format: CompiledFormat | undefined;
  let read: ReturnType<typeof entries>;
  try {
    format = opts.formatString !== undefined ? compileFormat(opts.formatString) : undefined;
    read = entries(opts, format);
  } catch (error) {
    if (error instanceof LogFormatError || error instanceof ExplainUsageError) return fail(error.message);
    throw error;
  }
  if (read.entries.length === 0) {
    const how = format ? 'the --format-string given' : "Envoy's default, Istio's default or a JSON access-log format";
    return fail(`no access-log line could be read (${read.skipped.count} line(s) tried) with ${how}; give the log's format with --format-string '…' (Envoy's format string); a line needs ${NEEDED_FIELDS}`);
  }

  const load = loadOneProxy(cmd.args, { iptables: opts.iptables, ...readTuning(io.env) }, opts.proxy);
  if (typeof load === 'string') return fail(load);
  const { inputs, errors, proxies } = load;
  for (const e of errors) io.stderr.write(terminalLines(`envoy-lint explain: ${e.oneLine()}`));
  if (errors.length > 0) return EXIT_USAGE_OR_INPUT;
  const proxy = pickProxy(proxies, opts.proxy);
  if (typeof proxy === 'string') return fail(proxy);
  const { graph, iptables, controlPlane } = proxy.target;
  const context = { graph, iptables, capture: controlPlane.id === 'istio' ? "Istio's" : "the sidecar's", findings: runRules(BUILTIN_RULES, proxy.target, new Map()), ...(proxy.target.runtime ? { runtime: proxy.target.runtime } : {}) };
  const overrides: RequestOverrides = {
    ...(opts.to ? { to: opts.to } : {}),
    ...(opts.inbound ? { direction: 'inbound' as const } : opts.outbound ? { direction: 'outbound' as const } : {}),
    ...(opts.host !== undefined ? { host: opts.host } : {}),
    ...(opts.path !== undefined ? { path: opts.path } : {}),
    ...(opts.method !== undefined ? { method: opts.method } : {}),
  };
  const explained: Explanation[] = [];
  const cache = new Map<string, Explanation>();
  for (const entry of read.entries) {
    const key = cacheKey(entry);
    const known = cache.get(key);
    if (known) {
      explained.push({ ...known, entry });
      continue;
    }
    try {
      const e = explainEntry(entry, context, overrides);
      cache.set(key, e);
      explained.push(e);
    } catch (error) {
      if (error instanceof MissingFieldError) return fail(error.message);
      throw error;
    }
  }
  const groups = groupExplanations(explained);
  const where = originLocator(inputs);
  where.prefetch(groups.flatMap((g) => [...g.first.steps.flatMap((s) => (s.origin ? [s.origin] : [])), ...g.first.findings.map((f) => f.origin)]));
  const locate = (o: Parameters<typeof where.text>[0]): string | undefined => where.text(o);
  if (opts.format === 'json') io.stdout.write(`${safeJson(toJson(groups, locate, read.skipped), 2)}\n`);
  else if (opts.format === 'markdown') io.stdout.write(terminalLines(formatMarkdown(groups, locate, read.skipped)));
  else io.stdout.write(terminalLines(formatText(groups, locate, read.skipped)));
  return groups.some((g) => g.verdict === 'contradicts') ? EXIT_FINDINGS : EXIT_CLEAN;
}
