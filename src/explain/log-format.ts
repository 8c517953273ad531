// Reading access-log lines: Envoy's default text format, Istio's default text format, JSON access logs, and any
// text format given as Envoy's own format string (--format-string). A format string is compiled once into a regular
// expression with one group per command operator, so the built-in formats are format strings like any other.

export interface AccessLogEntry {
  /** 1-based line number in the log (1 for --log). */
  lineNumber: number;
  raw: string;
  /** Which format read it: 'istio', 'envoy', 'json' or 'custom'. */
  format: string;
  startTime?: string;
  method?: string;
  path?: string;
  protocol?: string;
  responseCode?: number;
  /** %RESPONSE_FLAGS% as written ('-' when none). */
  responseFlags?: string;
  responseCodeDetails?: string;
  connectionTerminationDetails?: string;
  upstreamTransportFailureReason?: string;
  authority?: string;
  upstreamHost?: string;
  upstreamCluster?: string;
  downstreamLocalAddress?: string;
  downstreamRemoteAddress?: string;
  requestedServerName?: string;
  routeName?: string;
}

type Field = Exclude<keyof AccessLogEntry, 'lineNumber' | 'raw' | 'format' | 'responseCode'> | 'responseCode';

/** Command operators (without the `%` and any `:N` length) → the field they fill. */
const OPERATORS: ReadonlyMap<string, Field> = new Map<string, Field>([
  ['START_TIME', 'startTime'],
  ['REQ(:METHOD)', 'method'],
  ['REQ(X-ENVOY-ORIGINAL-PATH?:PATH)', 'path'],
  ['REQ(:PATH)', 'path'],
  ['REQ(X-ENVOY-ORIGINAL-PATH)', 'path'],
  ['PROTOCOL', 'protocol'],
  ['RESPONSE_CODE', 'responseCode'],
  ['RESPONSE_FLAGS', 'responseFlags'],
  ['RESPONSE_FLAGS_LONG', 'responseFlags'],
  ['RESPONSE_CODE_DETAILS', 'responseCodeDetails'],
  ['CONNECTION_TERMINATION_DETAILS', 'connectionTerminationDetails'],
  ['UPSTREAM_TRANSPORT_FAILURE_REASON', 'upstreamTransportFailureReason'],
  ['REQ(:AUTHORITY)', 'authority'],
  ['REQ(HOST)', 'authority'],
  ['UPSTREAM_HOST', 'upstreamHost'],
  ['UPSTREAM_CLUSTER', 'upstreamCluster'],
  ['UPSTREAM_CLUSTER_RAW', 'upstreamCluster'],
  ['DOWNSTREAM_LOCAL_ADDRESS', 'downstreamLocalAddress'],
  ['DOWNSTREAM_REMOTE_ADDRESS', 'downstreamRemoteAddress'],
  ['REQUESTED_SERVER_NAME', 'requestedServerName'],
  ['ROUTE_NAME', 'routeName'],
]);

/** The keys JSON access logs use for each field (Istio's JSON encoding, Envoy Gateway's default, common variants). */
const JSON_KEYS: ReadonlyArray<[Field, readonly string[]]> = [
  ['startTime', ['start_time', 'timestamp', '@timestamp']],
  ['method', ['method', ':method', 'request_method']],
  ['path', ['path', 'x-envoy-origin-path', ':path', 'request_path']],
  ['protocol', ['protocol']],
  ['responseCode', ['response_code', 'status', 'status_code']],
  ['responseFlags', ['response_flags', 'response_flags_long', 'flags']],
  ['responseCodeDetails', ['response_code_details']],
  ['connectionTerminationDetails', ['connection_termination_details']],
  ['upstreamTransportFailureReason', ['upstream_transport_failure_reason']],
  ['authority', ['authority', ':authority', 'host']],
  ['upstreamHost', ['upstream_host']],
  ['upstreamCluster', ['upstream_cluster']],
  ['downstreamLocalAddress', ['downstream_local_address']],
  ['downstreamRemoteAddress', ['downstream_remote_address']],
  ['requestedServerName', ['requested_server_name']],
  ['routeName', ['route_name']],
];

/** Envoy's default format (access-log docs, "Default format string"). */
export const ENVOY_DEFAULT_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"\n';

/** Istio's default text format (meshConfig accessLogEncoding TEXT with no accessLogFormat). */
export const ISTIO_DEFAULT_FORMAT =
  '[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%\n';

/** What explain needs from a line, said when a line or a --format-string lacks it. */
export const NEEDED_FIELDS =
  '%RESPONSE_FLAGS% (or %RESPONSE_CODE%), %REQ(:AUTHORITY)% and %REQ(:PATH)% for HTTP, and %DOWNSTREAM_LOCAL_ADDRESS% (or --to) for where the request went';

export class LogFormatError extends Error {}

export interface CompiledFormat {
  name: string;
  /** The fields the format carries. */
  fields: ReadonlySet<Field>;
  parse(line: string, lineNumber: number): AccessLogEntry | undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The operator's name without its length suffix: `REQ(USER-AGENT):10` → `REQ(USER-AGENT)`. */
function operatorName(op: string): string {
  return op.replace(/:\d+$/, '');
}

function setField(entry: AccessLogEntry, field: Field, value: string): void {
  if (value === '' || value === '-') return;
  if (field === 'responseCode') {
    if (/^\d{1,3}$/.test(value)) entry.responseCode = Number(value);
    return;
  }
  entry[field] = value;
}

/** Compiles an Envoy format string (`[%START_TIME%] "%REQ(:METHOD)% …"`) into a line parser. */
export function compileFormat(formatString: string, name = 'custom'): CompiledFormat {
  const format = formatString.replace(/\\n$|\n$/, '');
  const parts = format.split(/%([A-Z][A-Z0-9_]*(?:\([^)%]*\))?(?::\d+)?)%/);
  if (parts.length < 3) throw new LogFormatError(`the format string has no command operators (%…%): "${formatString}"`);
  let source = '^';
  const groups: Array<Field | undefined> = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (i % 2 === 0) {
      source += escapeRegExp(part.replace(/%%/g, '%'));
      continue;
    }
    // A value runs up to the character the format writes after it: a quote, a space, a bracket; the last to the end.
    const next = (parts[i + 1] ?? '')[0];
    source += next === undefined ? '(.*)' : `([^${escapeRegExp(next)}]*)`;
    groups.push(OPERATORS.get(operatorName(part)));
  }
  const re = new RegExp(`${source}$`);
  const fields = new Set(groups.filter((g): g is Field => g !== undefined));
  return {
    name,
    fields,
    parse(line, lineNumber) {
      const m = re.exec(line);
      if (!m) return undefined;
      const entry: AccessLogEntry = { lineNumber, raw: line, format: name };
      groups.forEach((field, i) => {
        if (field) setField(entry, field, m[i + 1] ?? '');
      });
      return entry;
    },
  };
}

const BUILT_IN: readonly CompiledFormat[] = [compileFormat(ISTIO_DEFAULT_FORMAT, 'istio'), compileFormat(ENVOY_DEFAULT_FORMAT, 'envoy')];

function parseJsonLine(text: string, raw: string, lineNumber: number): AccessLogEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const entry: AccessLogEntry = { lineNumber, raw, format: 'json' };
  for (const [field, keys] of JSON_KEYS) {
    for (const key of keys) {
      const v = record[key];
      if (typeof v === 'string' || typeof v === 'number') {
        setField(entry, field, String(v));
        break;
      }
    }
  }
  return entry;
}

/**
 * The log line without what collectors put before it: a CRI log prefix (`2026-…Z stdout F `) or kubectl's
 * `--prefix` (`[pod/name/istio-proxy] `).
 */
function stripPrefix(line: string): string {
  return line.replace(/^\[pod\/[^\]]+\]\s+/, '').replace(/^\d{4}-\d\d-\d\dT\S+\s+(?:stdout|stderr)\s+[FP]\s+/, '');
}

/** One access-log line, read with `format` or else with the built-in formats; undefined when none reads it. */
export function parseLogLine(line: string, lineNumber: number, format?: CompiledFormat): AccessLogEntry | undefined {
  const text = stripPrefix(line.trim());
  if (format) return format.parse(text, lineNumber);
  if (text.startsWith('{')) return parseJsonLine(text, line, lineNumber);
  for (const f of BUILT_IN) {
    const entry = f.parse(text, lineNumber);
    if (entry) return { ...entry, raw: line };
  }
  return undefined;
}
