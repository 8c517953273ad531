// Which proxy a sub-command that looks at one proxy (trace, route-check) reads, when the inputs hold several (an egctl
// map): the one `--proxy` names, else the only one.
import type { LoadedProxy } from '../pipeline/proxies.js';

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
