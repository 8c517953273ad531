// `envoy-lint diff A B`: what changed between two dumps of a proxy, resource by resource (matched by identity, not by
// position), each change at its line in both files, and which findings the change brings and takes away. A folder (or
// a file of several proxies) on either side is planned as a fleet and its proxies paired by name (diff/fleet.ts).
// Exit codes: 0 the same resources, 1 they differ, 2 usage or input error.
import micromatch from 'micromatch';
import { Command, Option } from 'commander';
import { compareSides } from '../diff/compare.js';
import { compareFindings } from '../diff/findings.js';
import { formatMarkdown, formatText, toJson, type DiffReport, type Locate } from '../diff/render.js';
import { compareFleets, compareOne, fleetEqual, relativeName, sideProxies, uniqueNames, type FleetDiff, type SideProxy } from '../diff/fleet.js';
import { fleetJson, formatFleetMarkdown, formatFleetText, type PairLocate } from '../diff/fleet-render.js';
import { readSide, type DiffSide } from '../diff/resources.js';
import { planProxies } from '../fleet/plan.js';
import type { InputError } from '../load/errors.js';
import { displayName, type LoadedInput, type ReadOptions } from '../load/input.js';
import { safeJson } from '../report/sanitize.js';
import { originLocator, type OriginLocator } from '../trace/locate.js';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE_OR_INPUT } from './exit-codes.js';
import { terminalLines } from './terminal.js';
import { parseArgs, writingTo, type SubcommandIo } from './subcommand.js';
import { readTuning } from './tuning.js';

const EXAMPLES = `
Resources are matched by identity: listeners, clusters, route configurations and secrets by name, endpoints by
cluster name; inside them virtual hosts by name, weighted clusters by name, endpoints by address and domains as a
set, so a reordered list is no difference (routes keep their order: the first match wins). version_info and
last_updated are left out.

Folders: when A or B is a directory (dumps laid out per pod, as a loop over pods or istioctl bug-report writes them)
or a file holding several proxies (egctl's map of proxies), each side is read as a fleet and its proxies are paired
by their name relative to the side's root: before/ns/pod/config_dump.json with after/ns/pod/config_dump.json, a
directory of section files by that directory, an egctl proxy by ns/pod. Each pair is compared as two dumps are; a
proxy on one side only is listed as added or removed with its files. A folder against one dump compares the dump
with the folder's proxy if it holds only one; otherwise name the dump inside the folder.

Examples:
  envoy-lint diff before.json after.json
  envoy-lint diff replica-a.json replica-b.json --format markdown > diff.md
  envoy-lint diff before.json after.json --ignore '/metadata/**' --no-findings
  envoy-lint diff dumps-monday/ dumps-tuesday/ --format markdown > fleet-diff.md

Exit code: 0 the same resources (for folders: every pair the same and no proxy added or removed), 1 they differ,
2 usage or input error.
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
    .description('Compare two dumps of a proxy, or two folders of dumps, by resource identity: what was added, removed and changed, at its line in both files, and which findings the change brings and takes away.')
    .argument('<a>', 'the dump before (a config dump, istioctl or egctl JSON, a bootstrap), or a folder of dumps')
    .argument('<b>', 'the dump or folder after')
    .option('--ignore <pointer>', 'leave out changes at JSON pointers inside a resource matching this glob (repeatable), e.g. /metadata/**', collect, [])
    .option('--no-findings', 'do not run the rules on both sides')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .addHelpText('after', EXAMPLES);
  return writingTo(cmd, io);
}

/** One side as given: one dump (compared as today), or a fleet of proxies (a folder, an egctl map, a bundle). */
type Side = { root: string; errors: InputError[] } & ({ single: DiffSide } | { proxies: SideProxy[] });

function readOneSide(root: string, options: ReadOptions & { findings: boolean }): Side {
  const plan = planProxies([root], [], options.maxArchiveBytes !== undefined ? { maxArchiveBytes: options.maxArchiveBytes } : {});
  const [only] = plan.proxies;
  if (!plan.isFleet && plan.proxies.length === 1 && only) {
    const side = readSide(only.files, { ...options, ...(only.iptables.length > 0 ? { iptables: only.iptables } : {}) });
    if (side.proxies.length <= 1) return { root, errors: [...plan.errors, ...side.errors], single: side };
    // A file that holds several proxies (an egctl map): each is one of the side's.
    return { root, errors: [...plan.errors, ...side.errors], proxies: sideProxies(side, root, only.name, groupOf(side, root)) };
  }
  const errors = [...plan.errors];
  const groups = plan.proxies.map((p) => {
    const side = readSide(p.files, { ...options, name: p.name, ...(p.iptables.length > 0 ? { iptables: p.iptables } : {}) });
    errors.push(...side.errors);
    return { own: relativeName(root, p.name), proxies: sideProxies(side, root, p.name, p.name) };
  });
  return { root, errors, proxies: uniqueNames(groups) };
}

function groupOf(side: DiffSide, root: string): string {
  return side.inputs[0]?.file ?? displayName(root);
}

function asProxy(side: Side): SideProxy | undefined {
  if ('proxies' in side) return side.proxies.length === 1 ? side.proxies[0] : undefined;
  return sideProxies(side.single, side.root, side.root, groupOf(side.single, side.root))[0];
}

/** A one-proxy egctl map against a fleet is a fleet of one: its proxy keeps its `ns/pod` to pair by. */
function asNamedFleet(side: Side): SideProxy[] | undefined {
  if ('proxies' in side) return side.proxies;
  const [proxy] = side.single.proxies;
  return proxy && proxy.name !== groupOf(side.single, side.root) ? sideProxies(side.single, side.root, side.root, groupOf(side.single, side.root)) : undefined;
}

/** Why a fleet cannot be compared with one dump, and how to pick the proxy to compare it with. */
function pickMessage(fleet: Side & { proxies: SideProxy[] }, args: readonly [string, string]): string {
  const file = fleet.proxies.find((p) => p.files.length === 1 && p.files[0] !== fleet.root)?.files[0];
  const names = fleet.proxies.slice(0, 3).map((p) => p.name).join(', ');
  const how = file ? `name one proxy's dump inside it, e.g. envoy-lint diff ${args.map((x) => (x === fleet.root ? file : x)).join(' ')}` : 'compare it with another folder or map of the same proxies';
  return `${fleet.root} holds ${fleet.proxies.length} proxies (${names}${fleet.proxies.length > 3 ? ', ...' : ''}) and the other side one dump: ${how}`;
}

function writeTwoDumps(io: SubcommandIo, a: DiffSide, b: DiffSide, paths: readonly [string, string], opts: DiffOptions, ignored: (pointer: string) => boolean): number {
  const report: DiffReport = { a: a.inputs[0]?.file ?? paths[0], b: b.inputs[0]?.file ?? paths[1], resources: compareSides(a.resources, b.resources, ignored) };
  if (opts.findings) report.findings = compareFindings(a.findings, b.findings);
  const where = { a: originLocator(a.inputs), b: originLocator(b.inputs) };
  const locate: Locate = (side, origin) => where[side].text(origin);
  if (opts.format === 'json') io.stdout.write(`${safeJson(toJson(report, locate), 2)}\n`);
  else io.stdout.write(terminalLines(opts.format === 'markdown' ? formatMarkdown(report, locate) : formatText(report, locate)));
  return report.resources.length === 0 ? EXIT_CLEAN : EXIT_FINDINGS;
}

function writeFleet(io: SubcommandIo, diff: FleetDiff, opts: DiffOptions): number {
  // One locator per set of inputs: the proxies of one group (an egctl map's) share theirs.
  const locators = new Map<readonly LoadedInput[], OriginLocator>();
  const locatorOf = (inputs: readonly LoadedInput[]): OriginLocator => {
    let hit = locators.get(inputs);
    if (!hit) locators.set(inputs, (hit = originLocator(inputs)));
    return hit;
  };
  const locate: PairLocate = (pair) => (side, origin) => {
    const proxy = pair[side];
    return proxy ? locatorOf(proxy.inputs).text(origin) : undefined;
  };
  if (opts.format === 'json') io.stdout.write(`${safeJson(fleetJson(diff, locate), 2)}\n`);
  else io.stdout.write(terminalLines(opts.format === 'markdown' ? formatFleetMarkdown(diff, locate) : formatFleetText(diff, locate)));
  return fleetEqual(diff) ? EXIT_CLEAN : EXIT_FINDINGS;
}

export async function run(argv: string[], io: SubcommandIo): Promise<number> {
  const cmd = program(io);
  const parsed = parseArgs(cmd, argv);
  if (parsed !== undefined) return parsed;
  const opts = cmd.opts<DiffOptions>();
  const [pathA = '', pathB = ''] = cmd.args;
  const reading = { ...readTuning(io.env), findings: opts.findings };
  const a = readOneSide(pathA, reading);
  const b = readOneSide(pathB, reading);
  const errors = [...a.errors, ...b.errors];
  for (const e of errors) io.stderr.write(terminalLines(`envoy-lint diff: ${e.oneLine()}`));
  if (errors.length > 0) return EXIT_USAGE_OR_INPUT;
  const ignored = (pointer: string): boolean => opts.ignore.length > 0 && micromatch.isMatch(pointer, opts.ignore, { dot: true });
  if ('single' in a && 'single' in b) return writeTwoDumps(io, a.single, b.single, [pathA, pathB], opts, ignored);
  const pairing = { ignore: ignored, findings: opts.findings };
  if ('proxies' in a && 'proxies' in b) return writeFleet(io, compareFleets(pathA, pathB, a.proxies, b.proxies, pairing), opts);
  // A fleet against one dump: the dump is compared with the fleet's proxy when it holds only one, else an egctl
  // map's proxy is paired by its ns/pod; a plain dump cannot say which of several it is.
  const left = asProxy(a);
  const right = asProxy(b);
  if (left && right) return writeFleet(io, compareOne(pathA, pathB, left, right, pairing), opts);
  const fleetA = asNamedFleet(a);
  const fleetB = asNamedFleet(b);
  if (fleetA && fleetB) return writeFleet(io, compareFleets(pathA, pathB, fleetA, fleetB, pairing), opts);
  const fleet = 'proxies' in a ? a : 'proxies' in b ? b : undefined;
  if (fleet) io.stderr.write(terminalLines(`envoy-lint diff: ${pickMessage(fleet, [pathA, pathB])}`));
  return EXIT_USAGE_OR_INPUT;
}
