// `envoy-lint diff A B`: what changed between two dumps of a proxy, resource by resource (matched by identity, not by
// position), each change at its line in both files, and which findings the change brings and takes away. Exit codes:
// 0 the same resources, 1 they differ, 2 usage or input error.
import micromatch from 'micromatch';
import { Command, Option } from 'commander';
import { compareSides } from '../diff/compare.js';
import { compareFindings } from '../diff/findings.js';
import { formatMarkdown, formatText, toJson, type DiffReport, type Locate } from '../diff/render.js';
import { readSide } from '../diff/resources.js';
import { safeJson } from '../report/sanitize.js';
import { originLocator } from '../trace/locate.js';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { terminalLines } from './terminal.js';
import { parseArgs, writingTo, type SubcommandIo } from './subcommand.js';
import { readTuning } from './tuning.js';

const EXAMPLES = `
Resources are matched by identity: listeners, clusters, route configurations and secrets by name, endpoints by
cluster name; inside them virtual hosts by name, weighted clusters by name, endpoints by address and domains as a
set, so a reordered list is no difference (routes keep their order: the first match wins). version_info and
last_updated are left out.

Examples:
  envoy-lint diff before.json after.json
  envoy-lint diff replica-a.json replica-b.json --format markdown > diff.md
  envoy-lint diff before.json after.json --ignore '/metadata/**' --no-findings

Exit code: 0 the same resources, 1 they differ, 2 usage or input error.
`;

interface DiffOptions {
  ignore: string[];
  findings: boolean;
  format: 'text' | 'json' | 'markdown';
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function program(io: SubcommandIo): Command {
  const cmd = new Command('diff')
    .description('Compare two dumps of a proxy by resource identity: what was added, removed and changed, at its line in both files, and which findings the change brings and takes away.')
    .argument('<a>', 'the dump before (a config dump, istioctl or egctl JSON, a bootstrap)')
    .argument('<b>', 'the dump after')
    .option('--ignore <pointer>', 'leave out changes at JSON pointers inside a resource matching this glob (repeatable), e.g. /metadata/**', collect, [])
    .option('--no-findings', 'do not run the rules on both sides')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .addHelpText('after', EXAMPLES);
  return writingTo(cmd, io);
}

export async function run(argv: string[], io: SubcommandIo): Promise<number> {
  const cmd = program(io);
  const parsed = parseArgs(cmd, argv);
  if (parsed !== undefined) return parsed;
  const opts = cmd.opts<DiffOptions>();
  const [pathA = '', pathB = ''] = cmd.args;
  const tuning = readTuning(io.env);
  const a = readSide([pathA], { ...tuning, findings: opts.findings });
  const b = readSide([pathB], { ...tuning, findings: opts.findings });
  const errors = [...a.errors, ...b.errors];
  for (const e of errors) io.stderr.write(terminalLines(`envoy-lint diff: ${e.oneLine()}`));
  if (errors.length > 0) return EXIT_USAGE_OR_INPUT;
  const ignored = (pointer: string): boolean => opts.ignore.length > 0 && micromatch.isMatch(pointer, opts.ignore, { dot: true });
  const report: DiffReport = { a: a.inputs[0]?.file ?? pathA, b: b.inputs[0]?.file ?? pathB, resources: compareSides(a.resources, b.resources, ignored) };
  if (opts.findings) report.findings = compareFindings(a.findings, b.findings);
  const where = { a: originLocator(a.inputs), b: originLocator(b.inputs) };
  const locate: Locate = (side, origin) => where[side].text(origin);
  if (opts.format === 'json') io.stdout.write(`${safeJson(toJson(report, locate), 2)}\n`);
  else io.stdout.write(terminalLines(opts.format === 'markdown' ? formatMarkdown(report, locate) : formatText(report, locate)));
  return report.resources.length === 0 ? EXIT_CLEAN : EXIT_FINDINGS;
}
