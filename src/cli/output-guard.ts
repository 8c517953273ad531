// Checking the report and baseline files before anything is read. One that is one of the run's own inputs is refused
// (`envoy-lint d.json -f json -o d.json` would replace the dump with its report), compared by device and inode, so a
// symbolic link, a hard link, `./x` against `/abs/x` and a file inside an input directory are all recognised; and one
// that cannot be written fails at once, not after the whole fleet has been linted.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';
import { checkWritable } from './write-file.js';
import type { FormatRequest } from './formats.js';
import type { CliOptions } from './options.js';

export interface GuardedRun {
  options: Pick<CliOptions, 'iptables' | 'baseline' | 'writeBaseline'>;
  /** The positional inputs: files, directories, `-`. */
  inputs: readonly string[];
  /** The report requests; those with a file are checked. */
  requests: readonly FormatRequest[];
  /** The config file and plugin modules: read too, so no report may replace them either. */
  configFile?: string;
  pluginFiles: readonly string[];
  cwd: string;
}

interface Identity {
  key: string;
  what: string;
  /**
   * Whether this is the --baseline file, which --write-baseline may name: the old baseline is read in full before
   * linting starts and its replacement is renamed into place at the end, so refreshing a baseline in place loses
   * nothing. A report (-o) over it is still refused: the report lists only the findings the baseline let through.
   */
  baseline?: boolean;
}

function identity(stat: fs.Stats): string {
  return `${stat.dev}:${stat.ino}`;
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return file === '-' ? fs.fstatSync(0) : fs.statSync(file);
  } catch {
    return undefined; // missing or unreadable: the reader reports it
  }
}

/** The files a fleet directory's walk (src/fleet/plan.ts) would read: hidden entries left out, links followed once. */
function filesUnder(dir: string, what: string, out: Map<string, Identity>, seen = new Set<string>()): void {
  let entries: fs.Dirent[];
  try {
    const real = fs.realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    const stat = statOf(full);
    if (stat?.isDirectory()) filesUnder(full, what, out, seen);
    else if (stat?.isFile()) out.set(identity(stat), { key: identity(stat), what: `${full}, read as part of the input directory ${what}` });
  }
}

/** Where a file not yet there would appear: its directory's real path, so links and `..` do not hide it. */
function realLocation(file: string): string | undefined {
  try {
    return path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
  } catch {
    return undefined;
  }
}

/** Whether a new file at `file` would be walked as a member of the fleet directory `dir` on the next run. */
function insideWalk(file: string, dir: string): boolean {
  const location = realLocation(file);
  let realDir: string;
  try {
    realDir = fs.realpathSync(dir);
  } catch {
    return false;
  }
  if (location === undefined) return false;
  const relative = path.relative(realDir, location);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && !relative.split(path.sep).some((part) => part.startsWith('.'));
}

/**
 * Throws a one-line UsageError when an output would overwrite, or join, what the run reads, or cannot be written at
 * all: before any input is read, not after a fleet has been linted.
 */
export function checkOutputs(run: GuardedRun): void {
  const { options, cwd } = run;
  const outputs = run.requests.flatMap((r) => (r.outputFile !== undefined ? [{ file: r.outputFile, flag: '--output-file', what: `${r.format} report` }] : []));
  if (options.writeBaseline !== undefined) outputs.push({ file: path.resolve(cwd, options.writeBaseline), flag: '--write-baseline', what: 'baseline' });
  if (outputs.length === 0) return;
  const read = new Map<string, Identity>();
  const directories: string[] = [];
  const add = (file: string, what: string, baseline = false): void => {
    const full = file === '-' ? file : path.resolve(cwd, file);
    const stat = statOf(full);
    if (stat?.isDirectory()) {
      directories.push(full);
      filesUnder(full, file, read);
    } else if (stat?.isFile()) read.set(identity(stat), { key: identity(stat), what, ...(baseline ? { baseline } : {}) });
  };
  if (options.baseline !== undefined) add(options.baseline, `the --baseline ${options.baseline}`, true);
  if (run.configFile !== undefined) add(run.configFile, `the config file ${run.configFile}`);
  for (const plugin of run.pluginFiles) add(plugin, `the plugin ${plugin}`);
  // Inputs last: a file that is both an input and the baseline is an input.
  for (const input of [...run.inputs, ...options.iptables]) add(input, input === '-' ? 'the standard input' : `the input ${input}`);
  for (const { file, flag } of outputs) {
    const stat = statOf(file);
    const same = stat?.isFile() ? read.get(identity(stat)) : undefined;
    if (same && !(flag === '--write-baseline' && same.baseline === true)) {
      throw new UsageError(`${flag} ${file} is ${same.what}: writing it would destroy that input; name another file`);
    }
    const dir = stat === undefined ? directories.find((d) => insideWalk(file, d)) : undefined;
    if (dir !== undefined) {
      throw new UsageError(`${flag} ${file} is inside the input directory ${dir}, so the next run would read it as a proxy; write it elsewhere (or give it a name starting with ".")`);
    }
  }
  for (const { file, what } of outputs) checkWritable(file, what);
}
