// The `envoy-lint` command line. Exit codes: 0 clean, 1 findings at or above the threshold (or more warnings than
// --max-warnings), 2 usage, config, baseline or input error.
import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_RULES } from '../../rules/index.js';
import { applyBaseline, BaselineError, readBaseline } from '../config/baseline.js';
import { effectiveConfig, printableConfig, type EffectiveConfig } from '../config/effective.js';
import { applyIgnores, ignoreMatchers } from '../config/ignore.js';
import { loadConfigAndPlugins, type LoadedConfigAndPlugins } from '../config/load.js';
import { lintFleet } from '../fleet/run.js';
import { readTuning } from './tuning.js';
import { GRAPH_FORMATS } from '../report/graph/index.js';
import { summarize } from '../pipeline/report.js';
import { jsonReporter } from '../report/index.js';
import { safeJson } from '../report/sanitize.js';
import type { Finding } from '../engine/finding.js';
import type { Report } from '../engine/report.js';
import { UsageError } from './errors.js';
import { EXIT_CLEAN, EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { defaultFormat, reportCwd } from './github-env.js';
import { parseCommandLine, type CliOptions, type OutputSink, type ParsedCommandLine } from './options.js';
import { fleetSummary } from './fleet-summary.js';
import { failingSeverity, outcome } from './outcome.js';
import { progressLine } from './progress.js';
import { writeOutputs } from './outputs.js';
import { loadTextWrapping } from '../report/text.js';
import { checkOutputs } from './output-guard.js';
import { adminUrl, fetchAdminOutputs, scratchDirectory } from './admin.js';
import { listRules, parseRuleSettings } from './rule-flags.js';
import { terminalLines, terminalText } from './terminal.js';
import { writeTextFile } from './write-file.js';
import { hiddenByQuiet, writtenToBaseline } from './withheld.js';
import type { Withheld } from '../report/types.js';

export interface CliIo {
  stdout: OutputSink;
  stderr: OutputSink;
  env: Readonly<Record<string, string | undefined>>;
  /** Where the config file is searched from and relative paths start (default: process.cwd()). */
  cwd?: string;
}

export interface RunResult {
  exitCode: number;
  /** The report that decided the exit code (after ignores and the baseline, before --quiet); absent on early exits. */
  report?: Report;
}

function defaultIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * A user-given path, relative to io.cwd. Kept as given when that is the process's cwd, so messages show it as typed,
 * unless reports name files from another directory (GITHUB_WORKSPACE): a relative path would then be read from the
 * wrong place, so it is made absolute (`cd sub && envoy-lint x.json` annotates `sub/x.json`).
 */
function fromCwd(file: string, cwd: string, env: CliIo['env']): string {
  if (file === '-' || path.isAbsolute(file)) return file;
  if (path.resolve(cwd) === process.cwd() && reportCwd(env, cwd) === cwd) return file;
  return path.resolve(cwd, file);
}

function withFindings(report: Report, findings: Finding[]): Report {
  return { ...report, findings, summary: summarize(findings, report.summary.failedInputs) };
}

/** The config file and the plugins (config `plugins` and --plugin), each problem printed as one line. */
async function configAndPlugins(options: CliOptions, cwd: string, io: CliIo): Promise<LoadedConfigAndPlugins> {
  const loaded = await loadConfigAndPlugins({
    cwd,
    builtins: BUILTIN_RULES,
    plugins: options.plugin,
    ...(options.config !== undefined ? { configPath: options.config } : {}),
  });
  for (const error of loaded.errors) io.stderr.write(terminalLines(`envoy-lint: ${error.oneLine()}`));
  return loaded;
}

/** The config file with the command line on top; undefined when the file or a plugin is bad (already printed). */
function configFor(options: CliOptions, loaded: LoadedConfigAndPlugins): EffectiveConfig | undefined {
  if (loaded.errors.length > 0) return undefined;
  const overrides = {
    rules: parseRuleSettings(options.rule, loaded.rules),
    ...(options.failOn !== undefined ? { failOn: options.failOn } : {}),
    ...(options.maxWarnings !== undefined ? { maxWarnings: options.maxWarnings } : {}),
  };
  const config = effectiveConfig(loaded.config, overrides, loaded.file);
  if (options.certWarnDays !== undefined) {
    // --cert-warn-days is certificate-expiry's warnDays option, on top of the config file's.
    const rule = loaded.rules.find((r) => r.id === 'certificate-expiry');
    const setting = config.settings.get('certificate-expiry');
    config.settings.set('certificate-expiry', { severity: setting?.severity ?? rule?.meta.defaultSeverity ?? 'error', options: { ...(setting?.options ?? {}), warnDays: options.certWarnDays } });
  }
  return config;
}

/** --admin: fetches the endpoint's outputs into --save DIR (or a scratch directory, removed after the run). */
async function adminInputs(options: CliOptions, cwd: string, io: CliIo, cleanups: Array<() => void>): Promise<string[]> {
  if (options.admin === undefined) return [];
  const base = adminUrl(options.admin, options.allowRemoteAdmin === true);
  let dir: string;
  if (options.save !== undefined) dir = path.resolve(cwd, options.save);
  else {
    const scratch = scratchDirectory();
    cleanups.push(() => fs.rmSync(scratch, { recursive: true, force: true }));
    dir = scratch;
  }
  const { notes } = await fetchAdminOutputs(base, dir, (options.adminTimeout ?? 10) * 1000);
  for (const note of notes) io.stderr.write(terminalLines(`envoy-lint: ${note}`));
  return [options.save !== undefined ? options.save : dir];
}

async function runParsed({ options, inputs: named, formats }: ParsedCommandLine, io: CliIo, cleanups: Array<() => void> = []): Promise<RunResult> {
  const cwd = io.cwd ?? process.cwd();
  const loaded = await configAndPlugins(options, cwd, io);
  const { rules, plugins } = loaded;
  if (options.listRules) {
    // Listed even when the config has problems (its errors point here); a plugin that failed is exit code 2.
    listRules(io.stdout, rules, plugins);
    return { exitCode: loaded.pluginsFailed ? EXIT_USAGE_OR_INPUT : EXIT_CLEAN };
  }
  const config = configFor(options, loaded);
  if (!config) return { exitCode: EXIT_USAGE_OR_INPUT };
  if (options.printConfig) {
    const printedPlugins = plugins.map((p) => (p.kind === 'path' ? p.file : p.spec));
    io.stdout.write(`${safeJson(printableConfig(config, rules, printedPlugins), 2)}\n`);
    return { exitCode: EXIT_CLEAN };
  }
  if (named.length === 0 && options.iptables.length === 0 && options.admin === undefined) throw new UsageError('no inputs: name a config dump (or - for stdin, or --admin URL); see envoy-lint --help');
  if (options.save !== undefined && options.admin === undefined) throw new UsageError('--save keeps what --admin fetched: give --admin URL too');
  const requests = formats.resolve(defaultFormat(io.env), cwd);
  checkOutputs({ options, inputs: named, requests, cwd, pluginFiles: plugins.map((p) => p.file), ...(loaded.file !== undefined ? { configFile: loaded.file } : {}) });
  const inputs = [...named, ...(await adminInputs(options, cwd, io, cleanups))];
  const baseline = options.baseline !== undefined ? readBaseline(path.resolve(cwd, options.baseline)) : undefined;
  if (baseline?.note) io.stderr.write(terminalLines(`envoy-lint: ${baseline.note}`));

  const progress = progressLine(io.stderr, options.progress !== false && !options.quiet);
  const wantsGraph = requests.some((r) => GRAPH_FORMATS.has(r.format));
  const { report, errors, sourceLine, fleet, isFleet, graphView, ignored } = await lintFleet(inputs.map((f) => fromCwd(f, cwd, io.env)), {
    graphView: wantsGraph,
    settings: config.settings,
    rules,
    plugins: plugins.map((p) => p.file),
    iptables: options.iptables.map((f) => fromCwd(f, cwd, io.env)),
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.controlPlane !== undefined ? { controlPlane: options.controlPlane } : {}),
    reading: readTuning(io.env),
    onProgress: (done, total, name) => progress.update(`linted ${done}/${total} proxies (${name})`),
    onDetail: (proxy, detail) => progress.update(`linting ${proxy}: ${detail}`),
  });
  progress.clear();
  if (options.debug === true && ignored.length > 0) {
    io.stderr.write(terminalLines([`envoy-lint: not proxy data, left unread (${ignored.length}):`, ...ignored.map((f) => `  ${f}`)]));
  }
  for (const error of errors) io.stderr.write(terminalLines(`envoy-lint: ${error.oneLine}`));

  let findings = applyIgnores(report.findings, ignoreMatchers(config.ignore));
  let baselined: Withheld | undefined;
  if (options.writeBaseline !== undefined) {
    const file = path.resolve(cwd, options.writeBaseline);
    writeTextFile(file, jsonReporter(withFindings(report, findings), { cwd, color: false, rules: [], sourceLine: () => undefined }), 'baseline');
    io.stderr.write(terminalLines(`envoy-lint: wrote ${findings.length} finding(s) to the baseline ${options.writeBaseline}; they are accepted from now on`));
    baselined = writtenToBaseline(findings.length, options.writeBaseline);
    findings = [];
  } else if (baseline) {
    findings = applyBaseline(findings, baseline);
  }
  const counted = withFindings(report, findings);
  const shown = options.quiet ? withFindings(report, findings.filter((f) => f.severity === 'error')) : counted;
  const withheld = baselined ?? hiddenByQuiet(counted.findings, shown.findings);
  const graph = graphView ? { graph: graphView, graphScope: options.graphScope ?? 'all' } : undefined;
  // With nothing read at all, a text report would only say "no problems": the stderr lines say what happened.
  const outputs = report.inputs.every((i) => i.status === 'error') && errors.length > 0 ? requests.filter((r) => r.format !== 'text') : requests;
  const failOn = failingSeverity(findings, config.failOn, config.maxWarnings);
  const result = outcome(findings, config.failOn, config.maxWarnings);
  // Known before the reports are written, so SARIF can carry it (a report file that cannot be written still exits 2).
  const exitCode = errors.length > 0 ? EXIT_USAGE_OR_INPUT : result.exitCode;
  if (io.stdout.isTTY === true && outputs.some((r) => r.format === 'text' && r.outputFile === undefined)) await loadTextWrapping();
  writeOutputs(shown, outputs, sourceLine, rules, { stdout: io.stdout, env: io.env, cwd: reportCwd(io.env, cwd), failOn, exitCode, ...(withheld ? { withheld } : {}), ...(graph ? { graph } : {}) }, plugins);
  // The fleet summary accompanies a text report on the terminal; machine formats carry their own data.
  if (isFleet && requests.some((r) => r.format === 'text' && r.outputFile === undefined)) io.stderr.write(terminalLines(fleetSummary(fleet)));

  if (errors.length > 0) return { exitCode: EXIT_USAGE_OR_INPUT, report: counted };
  if (result.note) io.stderr.write(terminalLines(`envoy-lint: ${result.note}`));
  const hidden = counted.findings.length - shown.findings.length;
  // --quiet shows errors only; when what it hides fails the run, say so, or "no problems" and exit 1 contradict.
  if (hidden > 0 && result.exitCode !== EXIT_CLEAN && shown.findings.length === 0) {
    io.stderr.write(terminalLines(`envoy-lint: --quiet hid ${hidden} warning/info finding(s), and they fail the run (--fail-on ${config.failOn}${config.maxWarnings !== undefined ? `, --max-warnings ${config.maxWarnings}` : ''}); run without --quiet to see them`));
  }
  return { exitCode: result.exitCode, report: counted };
}

/** Runs the CLI and returns the exit code with the report behind it (the GitHub Action reads its counts). */
export async function run(argv: readonly string[], io: CliIo = defaultIo()): Promise<RunResult> {
  const parsed = parseCommandLine(argv, io);
  if (typeof parsed === 'number') return { exitCode: parsed };
  const cleanups: Array<() => void> = [];
  try {
    return await runParsed(parsed, io, cleanups);
  } catch (error) {
    if (error instanceof UsageError || error instanceof BaselineError) {
      io.stderr.write(terminalLines(`envoy-lint: ${error.message}`));
      return { exitCode: EXIT_USAGE_OR_INPUT };
    }
    const debug = parsed.options.debug === true;
    io.stderr.write(terminalLines(`envoy-lint: internal error: ${error instanceof Error ? error.message : String(error)}${debug ? '' : ' (run with --debug for details)'}`));
    if (debug && error instanceof Error && error.stack) io.stderr.write(terminalText(error.stack));
    return { exitCode: EXIT_USAGE_OR_INPUT };
  } finally {
    for (const cleanup of cleanups) cleanup();
  }
}

/** Sub-commands beside the default lint: `envoy-lint trace ...`, `envoy-lint route-check ...`, `envoy-lint explain ...`, `envoy-lint diff A B`. */
const SUBCOMMANDS: Record<string, () => Promise<{ run: (argv: string[], io: CliIo) => Promise<number> }>> = {
  trace: () => import('./trace.js'),
  'route-check': () => import('./route-check.js'),
  explain: () => import('./explain.js'),
  diff: () => import('./diff.js'),
};

export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const sub = argv[0] !== undefined ? SUBCOMMANDS[argv[0]] : undefined;
  if (sub) return (await sub()).run(argv.slice(1), io);
  return (await run(argv, io)).exitCode;
}
