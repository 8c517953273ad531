// Route tests in the format of Envoy's route table check tool (router_check_tool): `tests: [{test_name, input,
// validate}]`, JSON or YAML, run against one route configuration of the dump with envoy-lint's matcher.
import { InputError } from '../load/errors.js';
import { parseYaml } from '../load/parse-yaml.js';
import type { RouteConfigNode, RouteNode, VirtualHostNode } from '../model/graph.js';
import { redirectLocation, rewrittenHost, rewrittenPath, routeTarget } from '../match/action.js';
import { httpRequest, type HttpRequest } from '../match/request.js';
import { selectRoute } from '../match/route.js';
import { selectVirtualHost } from '../match/virtual-host.js';

export interface RouteTestInput {
  authority: string;
  path: string;
  method?: string;
  ssl?: boolean;
  internal?: boolean;
  random_value?: number;
  additional_request_headers?: Array<{ key: string; value: string }>;
}

/** The validate fields envoy-lint checks (the tool's names). Others are reported as not checked. */
export interface RouteTestValidate {
  cluster_name?: string;
  virtual_host_name?: string;
  virtual_cluster_name?: string;
  host_rewrite?: string;
  path_rewrite?: string;
  path_redirect?: string;
  code_redirect?: number;
  request_header_matches?: unknown;
  response_header_matches?: unknown;
}

export interface RouteTest {
  test_name: string;
  input: RouteTestInput;
  validate: RouteTestValidate;
}

export class RouteTestFileError extends Error {
  override name = 'RouteTestFileError';
  constructor(
    message: string,
    /** Where in the file, when the file could not be parsed. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const CHECKED = ['cluster_name', 'virtual_host_name', 'host_rewrite', 'path_rewrite', 'path_redirect', 'code_redirect'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a test file (`tests:` list, or a bare list as older versions of the tool took). Input keys `:authority` etc. too. */
export function parseRouteTests(text: string): RouteTest[] {
  let data: unknown;
  try {
    // The loader's YAML reading: its wording, its position, and its bound on nesting (JSON is read as YAML too).
    data = parseYaml(text, '').data;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new RouteTestFileError(error.message, error.line ?? 1, error.column ?? 1);
  }
  const list = Array.isArray(data) ? data : isObject(data) ? data.tests : undefined;
  if (!Array.isArray(list)) throw new RouteTestFileError('expected `tests:` with a list of {test_name, input, validate}');
  return list.map((raw, i) => {
    if (!isObject(raw)) throw new RouteTestFileError(`tests[${i}]: expected an object`);
    const name = typeof raw.test_name === 'string' ? raw.test_name : `tests[${i}]`;
    const input = raw.input;
    const validate = raw.validate;
    if (!isObject(input)) throw new RouteTestFileError(`${name}: missing input`);
    if (!isObject(validate)) throw new RouteTestFileError(`${name}: missing validate`);
    const authority = input.authority ?? input[':authority'];
    const path = input.path ?? input[':path'];
    if (typeof authority !== 'string' || typeof path !== 'string') throw new RouteTestFileError(`${name}: input needs authority and path`);
    const method = input.method ?? input[':method'];
    const headers = input.additional_request_headers ?? input.additional_headers;
    const parsed: RouteTestInput = { authority, path };
    if (typeof method === 'string') parsed.method = method;
    if (typeof input.ssl === 'boolean') parsed.ssl = input.ssl;
    if (typeof input.internal === 'boolean') parsed.internal = input.internal;
    if (typeof input.random_value === 'number') parsed.random_value = input.random_value;
    if (Array.isArray(headers)) {
      parsed.additional_request_headers = headers.filter(isObject).map((h) => ({ key: String(h.key ?? h.field ?? ''), value: String(h.value ?? '') }));
    }
    return { test_name: name, input: parsed, validate: validate as RouteTestValidate };
  });
}

export interface FieldResult {
  field: string;
  expected: string;
  actual: string;
  passed: boolean;
}

export interface RouteTestResult {
  name: string;
  passed: boolean;
  /** Nothing it validates is checked by envoy-lint: neither passed nor failed (a PASS would be a claim never tested). */
  skipped: boolean;
  fields: FieldResult[];
  /** Validate fields the test gives that envoy-lint does not check. */
  unchecked: string[];
  virtualHost?: VirtualHostNode;
  route?: RouteNode;
}

/**
 * The tool builds request headers from the input: :authority, :path, :method (default GET), x-forwarded-proto https
 * when `ssl`, x-envoy-internal: true when `internal`, plus additional_request_headers.
 */
export function requestOf(input: RouteTestInput): HttpRequest {
  const headers: Array<[string, string]> = [['x-forwarded-proto', input.ssl ? 'https' : 'http']];
  if (input.internal) headers.push(['x-envoy-internal', 'true']);
  for (const h of input.additional_request_headers ?? []) headers.push([h.key.toLowerCase(), h.value]);
  return httpRequest({ authority: input.authority, path: input.path, method: input.method ?? 'GET', headers, scheme: input.ssl ? 'https' : 'http' });
}

/**
 * Runs one test as the tool does: the route's cluster ("" when no route matches or the route does not forward),
 * the virtual host's name, the path and host after the route's rewrites (unchanged when it has none), and for
 * redirects the full Location and the response code.
 */
export function runRouteTest(rc: RouteConfigNode, test: RouteTest): RouteTestResult {
  const request = requestOf(test.input);
  const vsel = selectVirtualHost(rc, request.authority);
  const rsel = vsel.vhost ? selectRoute(vsel.vhost, request) : undefined;
  const route = rsel?.route;
  const target = route ? routeTarget(route, request) : undefined;
  let cluster = '';
  if (target?.kind === 'cluster') cluster = target.cluster;
  else if (target?.kind === 'cluster_header') cluster = target.cluster ?? '';
  else if (target?.kind === 'weighted') {
    // The tool picks a weighted cluster with input.random_value (default 0) over the cumulative weights.
    const total = target.clusters.reduce((s, c) => s + c.weight, 0);
    const pick = total > 0 ? (test.input.random_value ?? 0) % total : 0;
    let acc = 0;
    for (const c of target.clusters) {
      acc += c.weight;
      if (pick < acc) {
        cluster = c.name;
        break;
      }
    }
  }
  const actual: Record<(typeof CHECKED)[number], string> = {
    cluster_name: cluster,
    virtual_host_name: vsel.vhost?.name ?? '',
    host_rewrite: route ? (rewrittenHost(route) ?? request.authority) : '',
    path_rewrite: route ? (rewrittenPath(route, request.path) ?? request.path) : '',
    path_redirect: route && target?.kind === 'redirect' ? redirectLocation(route, request) : '',
    code_redirect: target?.kind === 'redirect' ? String(target.status) : target?.kind === 'direct_response' ? String(target.status) : '',
  };
  const fields: FieldResult[] = [];
  const unchecked: string[] = [];
  for (const [key, value] of Object.entries(test.validate)) {
    if ((CHECKED as readonly string[]).includes(key)) {
      const expected = String(value);
      const got = actual[key as (typeof CHECKED)[number]];
      fields.push({ field: key, expected, actual: got, passed: expected === got });
    } else unchecked.push(key);
  }
  const skipped = fields.length === 0;
  const result: RouteTestResult = { name: test.test_name, passed: !skipped && fields.every((f) => f.passed), skipped, fields, unchecked };
  if (vsel.vhost) result.virtualHost = vsel.vhost;
  if (route) result.route = route;
  return result;
}

export interface RouteCheckReport {
  routeConfig: string;
  results: RouteTestResult[];
  passed: number;
  failed: number;
  /** Tests with nothing envoy-lint checks (only unsupported validate fields, or none). */
  skipped: number;
  /** Routes no test reached, by display name. */
  uncovered: RouteNode[];
  totalRoutes: number;
}

export function runRouteTests(rc: RouteConfigNode, tests: readonly RouteTest[]): RouteCheckReport {
  const results = tests.map((t) => runRouteTest(rc, t));
  const hit = new Set(results.map((r) => r.route).filter((r): r is RouteNode => r !== undefined));
  const all = rc.virtualHosts.flatMap((v) => v.routes);
  const passed = results.filter((r) => r.passed).length;
  const skipped = results.filter((r) => r.skipped).length;
  return { routeConfig: rc.name, results, passed, failed: results.length - passed - skipped, skipped, uncovered: all.filter((r) => !hit.has(r)), totalRoutes: all.length };
}

/** One string a line, for the CLI to neutralise each (test, route and cluster names may hold newlines). */
export function formatRouteCheck(report: RouteCheckReport, options: { coverage?: boolean } = {}): string[] {
  const lines = [`route configuration ${report.routeConfig}: ${report.results.length} test(s)`];
  for (const r of report.results) {
    lines.push(`${r.skipped ? 'SKIP' : r.passed ? 'PASS' : 'FAIL'}  ${r.name}`);
    for (const f of r.fields.filter((x) => !x.passed)) {
      lines.push(`      ${f.field}`, `        - expected: ${JSON.stringify(f.expected)}`, `        + actual:   ${JSON.stringify(f.actual)}`);
    }
    if (!r.passed && !r.skipped) lines.push(`      (virtual host: ${r.virtualHost?.name ?? 'none'}; route: ${r.route?.displayName ?? 'none'})`);
    if (r.unchecked.length) lines.push(`      not checked by envoy-lint: ${r.unchecked.join(', ')}`);
    else if (r.skipped) lines.push('      validates nothing');
  }
  lines.push(`${report.passed} passed, ${report.failed} failed${report.skipped > 0 ? `, ${report.skipped} skipped (nothing envoy-lint checks)` : ''}`);
  if (options.coverage) {
    const covered = report.totalRoutes - report.uncovered.length;
    const pct = report.totalRoutes > 0 ? Math.round((covered / report.totalRoutes) * 1000) / 10 : 100;
    lines.push(`coverage: ${covered}/${report.totalRoutes} routes (${pct}%)`);
    for (const r of report.uncovered) lines.push(`  not exercised: ${r.displayName}`);
  }
  return lines;
}
