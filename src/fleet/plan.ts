// Which files form which proxy. A directory is walked (as a loop over pods lays dumps out): files in one directory
// form one proxy (a dump and its iptables; istioctl's per-section files), except that each complete config dump is a
// proxy of its own. Files named on the command line form one group the same way. A bundle — an `istioctl bug-report`
// or `egctl x collect` tree, extracted or as the archive itself — is planned by its layout (bundle.ts) instead: one
// proxy per pod, named `namespace/pod`. An archive is read into memory here, once, and its members travel with the
// plan; a tar archive in no known layout is grouped by directory like a walked one.
import fs from 'node:fs';
import path from 'node:path';
import { isArchiveFile, readArchive } from '../load/archive.js';
import { InputError } from '../load/errors.js';
import { displayName, memoryBytes, type InputRef } from '../load/input.js';
import { compareCodeUnits } from '../engine/run.js';
import { indexBy } from '../model/graph.js';
import { mayBeProxyData, recognizeBundle } from './bundle.js';

export interface ProxyPlan {
  /** A name for the fleet summary: the dump's path, the directory for a group of section files, `namespace/pod` in a bundle. */
  name: string;
  /** Paths, or an archive's members in memory. */
  files: InputRef[];
  /** Files to read as iptables whatever they look like (`--iptables`). */
  iptables: string[];
}

const HEAD_BYTES = 64 * 1024;

/** Up to five lines of `kubectl exec` noise, then JSON's or YAML's first key. */
const NOISE = String.raw`^(?:\ufeff)?(?:[^{[\n]*\n){0,5}`;
/** A whole config dump: `{"configs": ...` (JSON) or `configs:` (YAML). */
const DUMP_HEAD = new RegExp(`${NOISE}\\s*(?:\\{\\s*"configs"\\s*:|configs:)`);
/** An egctl map of proxies whose first leaf is a dump or a dump section: `{"ns": {"pod": {"configs"|"@type": ...`. */
const EGCTL_JSON_HEAD = new RegExp(`${NOISE}\\s*\\{\\s*"[^"\\n]*"\\s*:\\s*\\{\\s*"[^"\\n]*"\\s*:\\s*\\{\\s*"(?:configs|@type)"\\s*:`);
/** The same in YAML (egctl -o yaml): `ns:` / `  pod:` / `    configs:` or `'@type':`. */
const EGCTL_YAML_HEAD = /^(?:\ufeff)?[^\s#][^\n]*:\s*\n[ ]+[^\s#][^\n]*:\s*\n[ ]+(?:configs|'@type'|"@type"):/;

function startsLikeDump(text: string): boolean {
  return DUMP_HEAD.test(text) || EGCTL_JSON_HEAD.test(text) || EGCTL_YAML_HEAD.test(text);
}

/**
 * Whether the file holds whole proxies by itself: an admin /config_dump (JSON or YAML, possibly after lines of kubectl
 * noise) or an egctl map of proxies. Such a file is never merged with the files beside it.
 */
export function looksLikeConfigDump(file: InputRef): boolean {
  if (typeof file !== 'string') return startsLikeDump(memoryBytes(file).toString('utf8', 0, HEAD_BYTES));
  if (file === '-') return true;
  // A pipe or device can be read once: opening it here would take its data from the loader. It stands alone, as '-'.
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    return false; // missing or unreadable: the loader says why
  }
  if (!stat.isFile() && !stat.isDirectory()) return true;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(HEAD_BYTES);
    const read = fs.readSync(fd, head, 0, HEAD_BYTES, 0);
    return startsLikeDump(head.toString('utf8', 0, read));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * The files under `dir`, sorted, hidden ones left out. Symbolic links are followed (a fleet laid out as links to
 * per-pod directories is common); a directory already walked is not walked again, so link cycles end, and a broken
 * link is reported rather than skipped in silence.
 */
function walk(dir: string, out: string[], errors: InputError[], seen = new Set<string>()): void {
  const real = fs.realpathSync(dir);
  if (seen.has(real)) return;
  seen.add(real);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareCodeUnits(a.name, b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = fs.statSync(full);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch {
        errors.push(new InputError(full, 'is a broken symbolic link: its target does not exist'));
        continue;
      }
    }
    if (isDirectory) walk(full, out, errors, seen);
    else if (isFile) out.push(full);
  }
}

/** Splits one group of files into proxies: each config dump alone, the rest with the only dump or together. */
function groupToProxies(name: string, files: InputRef[], iptables: string[]): ProxyPlan[] {
  const dumps = files.filter(looksLikeConfigDump);
  if (dumps.length <= 1) return [{ name: dumps[0] !== undefined ? displayName(dumps[0]) : name, files, iptables }];
  const rest = files.filter((f) => !dumps.includes(f));
  const plans: ProxyPlan[] = dumps.map((dump) => ({ name: displayName(dump), files: [dump], iptables: [] }));
  if (rest.length > 0 || iptables.length > 0) plans.push({ name: `${name} (files beside several dumps)`, files: rest, iptables });
  return plans;
}

export interface FleetPlan {
  proxies: ProxyPlan[];
  /** Paths that name nothing lintable (an empty directory, a damaged archive); missing files are reported when read. */
  errors: InputError[];
  /** Whether the inputs named a directory, an archive or several dumps: then the run is a fleet. */
  isFleet: boolean;
  /** Files of bundles that are not proxy data, left unread (listed with --debug). */
  ignored: string[];
}

export interface PlanOptions {
  /** How many bytes an archive may expand to (default: the archive reader's). */
  maxArchiveBytes?: number;
}

/** `/`-separated path of `file` under `root`, as a bundle's layout is written. */
function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** The proxies of a walked directory: by its bundle layout, or one group per directory; an archive in it is a bundle of its own. */
function planDirectory(root: string, all: string[], options: PlanOptions, ignored: string[], errors: InputError[]): ProxyPlan[] {
  const archives = all.filter(isArchiveFile);
  const files = all.filter((f) => !archives.includes(f));
  return [...planFiles(root, files, ignored), ...archives.flatMap((a) => planArchiveOrError(a, options, ignored, errors))];
}

function planFiles(root: string, files: string[], ignored: string[]): ProxyPlan[] {
  const layout = recognizeBundle(files.map((f) => relative(root, f)));
  if (layout) {
    ignored.push(...layout.ignored.map((f) => path.join(root, f)));
    return layout.proxies.map((p) => ({ name: p.name, files: p.files.map((f) => path.join(root, f)), iptables: [] }));
  }
  return [...indexBy(files, (f) => path.dirname(f))].flatMap(([dir, group]) => groupToProxies(dir, group, []));
}

/** The proxies of an archive, read into memory: by its bundle layout, or one group per directory inside it. */
function planArchive(file: string, options: PlanOptions, ignored: string[]): ProxyPlan[] {
  const read = readArchive(file, { keep: mayBeProxyData, ...(options.maxArchiveBytes !== undefined ? { maxBytes: options.maxArchiveBytes } : {}) });
  const { skipped } = read;
  // A tar may hold a path twice (appended to); extracting it would leave the last, so that is the one read.
  const members = [...new Map(read.members.map((m) => [m.path, m])).values()];
  const named = (member: string): string => `${file}!/${member}`;
  const bytesOf = new Map(members.map((m) => [m.path, m.bytes]));
  const ref = (member: string): InputRef => ({ name: named(member), bytes: bytesOf.get(member) ?? new Uint8Array() });
  ignored.push(...skipped.map(named));
  const layout = recognizeBundle(members.map((m) => m.path));
  if (layout) {
    ignored.push(...layout.ignored.map(named));
    return layout.proxies.map((p) => ({ name: p.name, files: p.files.map(ref), iptables: [] }));
  }
  const groups = indexBy(members, (m) => path.posix.dirname(m.path));
  return [...groups].flatMap(([dir, group]) => groupToProxies(named(dir === '.' ? '' : `${dir}/`), group.map((m) => ref(m.path)), []));
}

/** An archive's proxies; an archive that cannot be read is an error in `errors` and no proxies. */
function planArchiveOrError(file: string, options: PlanOptions, ignored: string[], errors: InputError[]): ProxyPlan[] {
  try {
    const proxies = planArchive(file, options, ignored);
    if (proxies.length === 0) errors.push(new InputError(file, 'is an archive with no files in it: expected config dumps, istioctl JSON, bootstraps or iptables text'));
    return proxies;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    errors.push(error);
    return [];
  }
}

/**
 * Whether a path names several proxies' files by itself: a directory (walked) or a tar archive (a bundle). Anything
 * else, a missing file included (the reader reports it, with the others still linted), is one input.
 */
export function collectionKind(path: string): 'directory' | 'archive' | undefined {
  if (path === '-') return undefined;
  try {
    if (fs.statSync(path).isDirectory()) return 'directory';
  } catch {
    return undefined;
  }
  return isArchiveFile(path) ? 'archive' : undefined;
}

export function planProxies(paths: readonly string[], forcedIptables: readonly string[] = [], options: PlanOptions = {}): FleetPlan {
  const errors: InputError[] = [];
  const ignored: string[] = [];
  const named: string[] = [];
  const planned: ProxyPlan[] = [];
  let collections = 0;
  for (const p of paths) {
    const collection = collectionKind(p);
    // A directory or archive with something in it makes the run a fleet; an empty or unreadable one is only an error.
    if (collection === 'directory') {
      const files: string[] = [];
      walk(p, files, errors);
      if (files.length === 0) errors.push(new InputError(p, 'is a directory with no files in it: expected config dumps, istioctl JSON, bootstraps or iptables text'));
      else collections++;
      planned.push(...planDirectory(p, files, options, ignored, errors));
    } else if (collection === 'archive') {
      const proxies = planArchiveOrError(p, options, ignored, errors);
      if (proxies.length > 0) collections++;
      planned.push(...proxies);
    } else {
      named.push(p);
    }
  }
  const proxies: ProxyPlan[] = [];
  if (named.length > 0 || (forcedIptables.length > 0 && collections === 0)) proxies.push(...groupToProxies('command line', named, [...forcedIptables]));
  else if (forcedIptables.length > 0) errors.push(new InputError(forcedIptables[0] ?? '', '--iptables needs the dump it belongs to named as a file, not inside a directory or an archive'));
  proxies.push(...planned);
  return { proxies, errors, isFleet: collections > 0 || proxies.length > 1, ignored };
}
