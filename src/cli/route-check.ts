// `envoy-lint route-check`: route tests in the format of Envoy's route table check tool, run against a route
// configuration of the dump. Exit codes: 0 all tests pass, 1 a test fails, 2 usage, input or test-file error.
import { Command, Option } from 'commander';
import { ReadProblem, readTextOnce } from '../load/open.js';
import { loadOneProxy, pickProxy } from './pick-proxy.js';
import type { RouteConfigNode } from '../model/graph.js';
import { formatRouteCheck, parseRouteTests, RouteTestFileError, runRouteTests } from '../route-check/index.js';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { parseArgs, writingTo, type SubcommandIo } from './subcommand.js';
import { readTuning } from './tuning.js';
import { safeJson } from '../report/sanitize.js';
import { terminalLines } from './terminal.js';

const EXAMPLES = `
Examples:
  envoy-lint route-check --tests routes.test.yaml config_dump.json --route-config 9080
  envoy-lint route-check --tests gateway.tests.json config_dump.json --route-config http.8080 --coverage
  envoy-lint route-check --tests routes.test.yaml config_dump.json --format json

The test file is the route table check tool's: tests: [{test_name, input: {authority, path, method, ssl, internal,
additional_request_headers}, validate: {cluster_name, virtual_host_name, path_rewrite, host_rewrite, path_redirect,
code_redirect}}]. cluster_name "" expects no route. Exit code: 0 all pass, 1 a test fails, 2 usage or input error.
`;

interface Options {
  proxy?: string;
  tests: string;
  routeConfig?: string;
  coverage?: boolean;
  format: 'text' | 'json';
}

function pickRouteConfig(all: readonly RouteConfigNode[], name: string | undefined): RouteConfigNode | string {
  const candidates = all.filter((r) => r.state !== 'error' && r.state !== 'draining');
  if (name !== undefined) {
    return candidates.find((r) => r.name === name && r.state !== 'inline') ?? candidates.find((r) => r.name === name) ?? `no route configuration named "${name}"; the inputs have: ${[...new Set(candidates.map((r) => r.name))].join(', ') || 'none'}`;
  }
  const named = [...new Set(candidates.filter((r) => r.state !== 'inline' && r.state !== 'static').map((r) => r.name))];
  const [only] = named;
  if (named.length === 1 && only !== undefined) return candidates.find((r) => r.name === only) ?? 'internal error';
  return `name the route configuration with --route-config; the inputs have: ${[...new Set(candidates.map((r) => r.name))].join(', ') || 'none'}`;
}

export async function run(argv: string[], io: SubcommandIo): Promise<number> {
  const cmd = new Command('route-check')
    .description("Run route tests written for Envoy's route table check tool against a route configuration of the dump.")
    .argument('<inputs...>', 'config dumps or istioctl routes JSON')
    .requiredOption('--tests <file>', 'the test file (JSON or YAML)')
    .option('--route-config <name>', 'the route configuration to test (needed when the inputs hold several)')
    .option('--proxy <name>', 'the proxy whose routes to test when the inputs hold several (an egctl map or a bundle: namespace/pod; a folder: the path of its dump)')
    .option('--coverage', 'list the routes no test exercised')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', EXAMPLES);
  writingTo(cmd, io);
  const parsed = parseArgs(cmd, argv);
  if (parsed !== undefined) return parsed;
  const opts = cmd.opts<Options>();
  let tests;
  try {
    // Opened once like every input: a pipe or device bounded, binary refused at once.
    tests = parseRouteTests(readTextOnce(opts.tests));
  } catch (error) {
    if (error instanceof ReadProblem) {
      io.stderr.write(terminalLines(`envoy-lint route-check: ${opts.tests}: ${error.why}`));
      return EXIT_USAGE_OR_INPUT;
    }
    if (error instanceof RouteTestFileError || (error instanceof Error && 'code' in error)) {
      const at = error instanceof RouteTestFileError && error.line !== undefined ? `:${error.line}:${error.column ?? 1}` : '';
      io.stderr.write(terminalLines(`envoy-lint route-check: ${opts.tests}${at}: ${error.message}`));
      return EXIT_USAGE_OR_INPUT;
    }
    throw error;
  }
  const load = loadOneProxy(cmd.args, readTuning(io.env), opts.proxy);
  if (typeof load === 'string') {
    io.stderr.write(terminalLines(`envoy-lint route-check: ${load}`));
    return EXIT_USAGE_OR_INPUT;
  }
  const { errors, proxies } = load;
  for (const e of errors) io.stderr.write(terminalLines(`envoy-lint route-check: ${e.oneLine()}`));
  if (errors.length > 0) return EXIT_USAGE_OR_INPUT;
  const proxy = pickProxy(proxies, opts.proxy);
  if (typeof proxy === 'string') {
    io.stderr.write(terminalLines(`envoy-lint route-check: ${proxy}`));
    return EXIT_USAGE_OR_INPUT;
  }
  const { graph } = proxy;
  const rc = pickRouteConfig(graph.routeConfigs, opts.routeConfig);
  if (typeof rc === 'string') {
    io.stderr.write(terminalLines(`envoy-lint route-check: ${rc}`));
    return EXIT_USAGE_OR_INPUT;
  }
  const report = runRouteTests(rc, tests);
  if (opts.format === 'json') {
    const data = {
      routeConfig: report.routeConfig,
      passed: report.passed,
      failed: report.failed,
      skipped: report.skipped,
      tests: report.results.map((r) => ({ name: r.name, passed: r.passed, skipped: r.skipped, virtualHost: r.virtualHost?.name ?? null, route: r.route?.displayName ?? null, fields: r.fields, unchecked: r.unchecked })),
      ...(opts.coverage ? { coverage: { routes: report.totalRoutes, uncovered: report.uncovered.map((r) => r.displayName) } } : {}),
    };
    io.stdout.write(`${safeJson(data, 2)}\n`);
  } else io.stdout.write(terminalLines(formatRouteCheck(report, { coverage: opts.coverage ?? false })));
  return report.failed > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}
