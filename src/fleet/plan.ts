// Which files form which proxy. A directory is walked (as `istioctl bug-report` or a loop over pods lays dumps out):
// files in one directory form one proxy (a dump and its iptables; istioctl's per-section files), except that each
// complete config dump is a proxy of its own. Files named on the command line form one group the same way.
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../load/errors.js';

export interface ProxyPlan {
  /** A name for the fleet summary: the dump's path, or the directory for a group of section files. */
  name: string;
  files: string[];
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

/**
 * Whether the file holds whole proxies by itself: an admin /config_dump (JSON or YAML, possibly after lines of kubectl
 * noise) or an egctl map of proxies. Such a file is never merged with the files beside it.
 */
export function looksLikeConfigDump(file: string): boolean {
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
    const text = head.toString('utf8', 0, read);
    return DUMP_HEAD.test(text) || EGCTL_JSON_HEAD.test(text) || EGCTL_YAML_HEAD.test(text);
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
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
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
function groupToProxies(name: string, files: string[], iptables: string[]): ProxyPlan[] {
  const dumps = files.filter(looksLikeConfigDump);
  if (dumps.length <= 1) return [{ name: dumps[0] ?? name, files, iptables }];
  const rest = files.filter((f) => !dumps.includes(f));
  const plans: ProxyPlan[] = dumps.map((dump) => ({ name: dump, files: [dump], iptables: [] }));
  if (rest.length > 0 || iptables.length > 0) plans.push({ name: `${name} (files beside several dumps)`, files: rest, iptables });
  return plans;
}

export interface FleetPlan {
  proxies: ProxyPlan[];
  /** Paths that name nothing lintable (an empty directory); missing files are reported when read. */
  errors: InputError[];
  /** Whether the inputs named a directory or several dumps: then the run is a fleet. */
  isFleet: boolean;
}

export function planProxies(paths: readonly string[], forcedIptables: readonly string[] = []): FleetPlan {
  const errors: InputError[] = [];
  const named: string[] = [];
  const byDirectory = new Map<string, string[]>();
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = p !== '-' && fs.statSync(p).isDirectory();
    } catch {
      isDir = false; // a missing file is reported by the reader, with the others still linted
    }
    if (!isDir) {
      named.push(p);
      continue;
    }
    const files: string[] = [];
    walk(p, files, errors);
    if (files.length === 0) errors.push(new InputError(p, 'is a directory with no files in it: expected config dumps, istioctl JSON, bootstraps or iptables text'));
    for (const f of files) {
      const dir = path.dirname(f);
      const list = byDirectory.get(dir);
      if (list) list.push(f);
      else byDirectory.set(dir, [f]);
    }
  }
  const proxies: ProxyPlan[] = [];
  if (named.length > 0 || (forcedIptables.length > 0 && byDirectory.size === 0)) proxies.push(...groupToProxies('command line', named, [...forcedIptables]));
  else if (forcedIptables.length > 0) errors.push(new InputError(forcedIptables[0] ?? '', '--iptables needs the dump it belongs to named as a file, not inside a directory'));
  for (const [dir, files] of byDirectory) proxies.push(...groupToProxies(dir, files, []));
  return { proxies, errors, isFleet: byDirectory.size > 0 || proxies.length > 1 };
}
