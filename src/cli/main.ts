// The `envoy-lint` command line. Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage or input error.
import { Command, CommanderError, Option } from 'commander';
import { BUILTIN_RULES } from '../../rules/index.js';
import type { RuleSetting } from '../engine/run.js';
import { lintPaths, TOOL_VERSION } from '../lint.js';
import { REPORTERS, type FormatName } from '../report/index.js';
import { SEVERITY_RANK, type RuleDescription, type Severity } from '../report/types.js';
import { useColor } from './color.js';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { sourceLineLookup } from './source-lines.js';
import { ruleDescriptions } from './rule-docs.js';

class UsageError extends Error {}

const EXAMPLES = `
Inputs (sniffed by content; several files are merged into one proxy's view):
  an Envoy admin /config_dump (with or without ?include_eds, or a partial ?resource= dump)
  istioctl proxy-config listeners|routes|clusters|endpoints|all -o json output
  an Envoy bootstrap (JSON or YAML)
  -   reads standard input

Examples:
  $ envoy-lint config_dump.json
  $ envoy-lint listeners.json routes.json clusters.json endpoints.json
  $ kubectl exec POD -c istio-proxy -- curl -s 'localhost:15000/config_dump?include_eds' | envoy-lint -
  $ envoy-lint --format json config_dump.json > report.json
  $ envoy-lint --rule cluster-without-endpoints=off --fail-on warning config_dump.json
  $ envoy-lint --list-rules

Exit codes:
  0  no findings at or above the failure threshold (default: error)
  1  findings at or above the threshold
  2  usage error, or an input that could not be read (its error names file:line:column)
`;

interface CliOptions {
  format: FormatName;
  rule: string[];
  failOn: Severity;
  listRules?: boolean;
  iptables: string[];
  debug?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseRuleSettings(specs: readonly string[]): Map<string, RuleSetting> {
  const known = new Set(BUILTIN_RULES.map((r) => r.id));
  const settings = new Map<string, RuleSetting>();
  for (const spec of specs) {
    const match = /^([\w/-]+)=(off|info|warning|error)$/.exec(spec);
    if (!match) throw new UsageError(`--rule expects <rule-id>=off|info|warning|error, got "${spec}"`);
    const [, id = '', severity] = match;
    if (!known.has(id)) throw new UsageError(`--rule: unknown rule "${id}" (see --list-rules)`);
    settings.set(id, { severity: severity as RuleSetting['severity'] });
  }
  return settings;
}

function listRules(out: NodeJS.WritableStream): void {
  const width = Math.max(...BUILTIN_RULES.map((r) => r.id.length));
  for (const rule of BUILTIN_RULES) {
    out.write(`${rule.id.padEnd(width)}  ${rule.meta.defaultSeverity.padEnd(7)}  ${rule.meta.description}\n`);
  }
}

export async function main(argv: readonly string[], io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const program = new Command()
    .name('envoy-lint')
    .description('Lint what an Envoy or Istio sidecar actually runs: dangling routes and clusters, rejected updates, clusters without endpoints, each finding located at file:line:column.')
    .version(TOOL_VERSION, '-v, --version')
    .argument('[inputs...]', 'config dumps, istioctl JSON, bootstraps; - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(Object.keys(REPORTERS)).default('text'))
    .option('--rule <id=severity>', 'set a rule to off|info|warning|error (repeatable)', collect, [])
    .addOption(new Option('--fail-on <severity>', 'lowest severity that makes the exit code 1').choices(['error', 'warning', 'info']).default('error'))
    .option('--iptables <file>', 'read FILE as the sidecar\'s iptables text (repeatable)', collect, [])
    .option('--list-rules', 'list the rules with their default severity and exit')
    .option('--debug', 'show stack traces of internal errors')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run envoy-lint --help for usage)');

  let options: CliOptions;
  let inputs: string[];
  try {
    program.parse(argv, { from: 'user' });
    options = program.opts<CliOptions>();
    inputs = program.args;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CLEAN : EXIT_USAGE_OR_INPUT;
    throw error;
  }

  try {
    if (options.listRules) {
      listRules(io.stdout);
      return EXIT_CLEAN;
    }
    if (inputs.length === 0 && options.iptables.length === 0) throw new UsageError('no inputs: name a config dump (or - for stdin); see envoy-lint --help');
    const settings = parseRuleSettings(options.rule);
    const { report, errors, inputs: loaded } = lintPaths(inputs, { settings, iptables: options.iptables });
    for (const error of errors) io.stderr.write(`envoy-lint: ${error.oneLine()}\n`);
    const descriptions: RuleDescription[] = ruleDescriptions(BUILTIN_RULES);
    const output = REPORTERS[options.format](report, {
      cwd: process.cwd(),
      color: useColor(io.stdout, io.env),
      rules: descriptions,
      sourceLine: sourceLineLookup(loaded),
    });
    io.stdout.write(output);
    if (errors.length > 0) return EXIT_USAGE_OR_INPUT;
    const threshold = SEVERITY_RANK[options.failOn];
    return report.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT_FINDINGS : EXIT_CLEAN;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`envoy-lint: ${error.message}\n`);
      return EXIT_USAGE_OR_INPUT;
    }
    io.stderr.write(`envoy-lint: internal error: ${error instanceof Error ? error.message : String(error)}${options.debug ? '' : ' (run with --debug for details)'}\n`);
    if (options.debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT_USAGE_OR_INPUT;
  }
}
