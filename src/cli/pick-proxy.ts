// Which proxy a sub-command that looks at one proxy (trace, route-check, explain) reads, when the inputs hold several
// (an egctl map, a directory, a bundle): the one `--proxy` names, else the only one.
import { collectionKind, planProxies, type ProxyPlan } from '../fleet/plan.js';
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
  if (!paths.some((p) => collectionKind(p) !== undefined)) return loadProxies(paths, options);
  const { maxArchiveBytes, ...loading } = options;
  const plan = planProxies(paths, options.iptables ?? [], maxArchiveBytes !== undefined ? { maxArchiveBytes } : {});
  if (plan.errors.length > 0) return { ...loadProxies([], loading), errors: plan.errors };
  const load = (p: ProxyPlan): LoadResult => loadProxies(p.files, { ...loading, name: p.name, ...(p.iptables.length > 0 ? { iptables: p.iptables } : {}) });
  const exact = wanted !== undefined ? plan.proxies.filter((p) => p.name === wanted) : plan.proxies;
  // A name no plan has may be a proxy inside one of them (an egctl map): then every plan is read and picked from.
  const chosen = exact.length > 0 ? exact : plan.proxies;
  const [only, ...more] = chosen;
  if (!only) return 'the inputs hold no proxy';
  if (wanted === undefined && more.length > 0) return `the inputs hold ${chosen.length} proxies (${someNames(chosen)}): pick one with --proxy NAME`;
  if (more.length === 0) return load(only);
  for (const candidate of chosen) {
    const loaded = load(candidate);
    if (loaded.errors.length > 0 || loaded.proxies.some((p) => p.name === wanted)) return loaded;
  }
  return `no proxy "${wanted ?? ''}" in the inputs; they hold ${someNames(chosen)}`;
}

/** The first ten plans' names, quoted, and how many more there are. */
function someNames(plans: readonly ProxyPlan[]): string {
  const names = plans.slice(0, 10).map((p) => `"${p.name}"`);
  return `${names.join(', ')}${plans.length > 10 ? `, and ${plans.length - 10} more` : ''}`;
}
