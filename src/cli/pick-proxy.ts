// Which proxy a sub-command that looks at one proxy (trace, route-check, explain) reads, when the inputs hold several
// (an egctl map, a directory, a bundle): the one `--proxy` names, else the only one.
import fs from 'node:fs';
import { planProxies } from '../fleet/plan.js';
import { isArchiveFile } from '../load/archive.js';
import type { ReadTuning } from '../load/input.js';
import { loadProxies, type LoadedProxy, type LoadOptions, type LoadResult } from '../pipeline/proxies.js';

/** The proxy to read, or a one-line usage error naming the choices. */
export function pickProxy(proxies: readonly LoadedProxy[], name: string | undefined): LoadedProxy | string {
  if (name !== undefined) {
    const hit = proxies.find((p) => p.name === name);
    return hit ?? `no proxy "${name}" in the inputs; they hold ${proxies.map((p) => `"${p.name}"`).join(', ')}`;
  }
  const [first, ...rest] = proxies;
  if (!first) return 'the inputs hold no proxy';
  if (rest.length > 0) return `the inputs hold ${proxies.length} proxies (${proxies.map((p) => `"${p.name}"`).join(', ')}): pick one with --proxy NAME`;
  return first;
}

/**
 * What a one-proxy sub-command reads: the files named, as one group (today's way), or — when a path is a directory or
 * an archive (a bundle such as `istioctl bug-report`'s) — the planned proxy `--proxy` names (`namespace/pod`), or the
 * only one there is. Returns the load, or a one-line usage error naming the choices.
 */
export function loadOneProxy(paths: readonly string[], options: LoadOptions & Pick<ReadTuning, 'maxArchiveBytes'>, wanted: string | undefined): LoadResult | string {
  const collections = paths.filter((p) => p !== '-' && (isDirectory(p) || isArchiveFile(p)));
  if (collections.length === 0) return loadProxies(paths, options);
  const { maxArchiveBytes, ...loading } = options;
  const plan = planProxies(paths, options.iptables ?? [], maxArchiveBytes !== undefined ? { maxArchiveBytes } : {});
  const [firstError] = plan.errors;
  if (firstError) return { ...loadProxies([], loading), errors: plan.errors };
  const exact = wanted !== undefined ? plan.proxies.filter((p) => p.name === wanted) : plan.proxies;
  // A name no plan has may be a proxy inside one of them (an egctl map): then every plan is read and picked from.
  const chosen = exact.length > 0 ? exact : plan.proxies;
  const [only, ...more] = chosen;
  if (!only) return 'the inputs hold no proxy';
  if (wanted === undefined && more.length > 0) {
    const names = chosen.map((p) => `"${p.name}"`);
    return `the inputs hold ${chosen.length} proxies (${names.slice(0, 10).join(', ')}${names.length > 10 ? `, and ${names.length - 10} more` : ''}): pick one with --proxy NAME`;
  }
  if (more.length === 0) return loadProxies(only.files, { ...loading, name: only.name, ...(only.iptables.length > 0 ? { iptables: only.iptables } : {}) });
  for (const candidate of chosen) {
    const load = loadProxies(candidate.files, { ...loading, name: candidate.name, ...(candidate.iptables.length > 0 ? { iptables: candidate.iptables } : {}) });
    if (load.errors.length > 0 || load.proxies.some((p) => p.name === wanted)) return load;
  }
  return `no proxy "${wanted ?? ''}" in the inputs; they hold ${chosen.slice(0, 10).map((p) => `"${p.name}"`).join(', ')}${chosen.length > 10 ? `, and ${chosen.length - 10} more` : ''}`;
}

function isDirectory(path: string): boolean {
  try {
    return fs.statSync(path).isDirectory();
  } catch {
    return false;
  }
}
