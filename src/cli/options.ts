// The command line: commander's definition of every flag, and parsing argv into CliOptions.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TOOL_VERSION } from '../pipeline/version.js';
import { CONTROL_PLANE_IDS, type ControlPlaneId } from '../model/control-plane.js';
import { FORMAT_NAMES } from '../report/index.js';
import type { Severity } from '../engine/finding.js';
import { UsageError } from './errors.js';
import { EXIT_CLEAN, EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { FormatPairing } from './formats.js';
import { HELP_AFTER } from './help.js';
import { terminalLines, terminalText } from './terminal.js';

export interface CliOptions {
  rule: string[];
  plugin: string[];
  failOn?: Severity;
  maxWarnings?: number;
  iptables: string[];
  config?: string;
  printConfig?: boolean;
  baseline?: string;
  writeBaseline?: string;
  quiet?: boolean;
  listRules?: boolean;
  debug?: boolean;
  jobs?: number;
  progress?: boolean;
  graphScope?: 'findings' | 'all';
  controlPlane?: ControlPlaneId;
  admin?: string;
  allowRemoteAdmin?: boolean;
  save?: string;
  adminTimeout?: number;
  certWarnDays?: number;
}

export interface ParsedCommandLine {
  options: CliOptions;
  inputs: string[];
  formats: FormatPairing;
}

export interface OutputSink {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when the sink is one. */
  columns?: number;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return Number(value);
}

function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a whole number, 1 or more');
  return Number(value);
}

function buildProgram(formats: FormatPairing, out: { stdout: OutputSink; stderr: OutputSink }): Command {
  const program = new Command()
    .name('envoy-lint')
    .description('Lint what an Envoy proxy actually runs (Istio, Envoy Gateway, Consul, OSM, Kuma, Gloo, Contour, Traffic Director or plain Envoy): dangling routes and clusters, rejected updates, clusters without endpoints, ports that iptables and Envoy disagree about; each finding located at file:line:column.')
    .version(TOOL_VERSION, '-v, --version')
    .argument('[inputs...]', 'config dumps, istioctl or egctl JSON, bootstraps, iptables text, directories of them; - for stdin')
    .addOption(new Option('-f, --format <format>', 'output format, repeatable (default: text; github when GITHUB_ACTIONS=true)').choices(FORMAT_NAMES))
    .option('-o, --output-file <file>', 'write the output of the --format just before it to FILE instead of stdout')
    .option('--rule <id=severity>', 'set a rule to off|info|warning|error (repeatable)', collect, [])
    .addOption(new Option('--fail-on <severity>', 'lowest severity that makes the exit code 1 (default: error)').choices(['error', 'warning', 'info']))
    .option('--max-warnings <n>', 'exit code 1 when there are more than N warnings', nonNegativeInteger)
    .option('--quiet', 'report errors only (the exit code still counts everything)')
    .option('--plugin <path>', 'load rules from a plugin module: a path or a package name (repeatable; this runs its code)', collect, [])
    .option('-c, --config <file>', 'use FILE as the config instead of searching for .envoy-lint.json/.yaml')
    .option('--print-config', 'print the effective config as JSON and exit')
    .option('--baseline <file>', 'do not report findings that are in FILE (a previous --format json report)')
    .option('--write-baseline <file>', 'write the current findings to FILE as a baseline; they are then accepted')
    .option('--iptables <file>', "read FILE as the sidecar's iptables text (repeatable)", collect, [])
    .addOption(new Option('--control-plane <name>', 'the control plane that configured the proxies, instead of detecting it from the dump (decides which rules and advice apply)').choices(CONTROL_PLANE_IDS))
    .option('--admin <url>', "read a running Envoy's admin endpoint (config_dump?include_eds, clusters, certs, server_info) instead of files, e.g. http://127.0.0.1:15000; loopback only")
    .option('--allow-remote-admin', 'let --admin read an admin endpoint on a host other than this one')
    .option('--save <dir>', 'keep what --admin fetched in DIR, to lint it again offline (envoy-lint DIR)')
    .option('--admin-timeout <seconds>', 'how long --admin waits for each answer (default 10)', positiveInteger)
    .option('--cert-warn-days <n>', "report certificates expiring within N days (certificate-expiry's warnDays; default 7)", nonNegativeInteger)
    .option('-j, --jobs <n>', 'lint the proxies of a fleet (a directory, several dumps) on N worker threads (default: 1 up to 2 cores, else half the cores, at most 8; never more than the cores or the proxies)', positiveInteger)
    .addOption(new Option('--graph-scope <scope>', 'what the html, dot and mermaid formats draw: the neighbourhood of the findings, or all (default)').choices(['findings', 'all']))
    .option('--no-progress', 'never show the progress line (it is shown only on a terminal, on stderr)')
    .option('--list-rules', 'list the rules (built-in and from plugins) with their default severity and source, and exit')
    .option('--debug', 'show stack traces of internal errors, and list the files of a bundle that are not proxy data')
    .addHelpText('after', HELP_AFTER)
    .exitOverride()
    .configureOutput({ writeOut: (s) => void out.stdout.write(terminalText(s)), writeErr: (s) => void out.stderr.write(terminalText(s)) })
    .showHelpAfterError('(run envoy-lint --help for usage)');
  // commander validates the value in its own listener (registered first) before these run.
  program.on('option:format', (value: string) => formats.addFormat(value));
  program.on('option:output-file', (value: string) => formats.addOutput(value));
  return program;
}

/** The parsed command line, or the exit code when commander already handled it (--help, --version, a bad flag). */
export function parseCommandLine(argv: readonly string[], out: { stdout: OutputSink; stderr: OutputSink }): ParsedCommandLine | number {
  const formats = new FormatPairing();
  const program = buildProgram(formats, out);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CLEAN : EXIT_USAGE_OR_INPUT;
    if (error instanceof UsageError) {
      out.stderr.write(terminalLines(`envoy-lint: ${error.message}`));
      return EXIT_USAGE_OR_INPUT;
    }
    throw error;
  }
  return { options: program.opts<CliOptions>(), inputs: program.args, formats };
}
