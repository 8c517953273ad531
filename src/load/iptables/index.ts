// Public entry of the iptables loader.

import { IptablesReader } from './parse.js';
import type { IptablesParse } from './types.js';

export { looksLikeIptables } from './sniff.js';
export { findChain } from './table-builder.js';
export { cidrContains, parseAddress, parseCidr } from '../../net/address.js';
export type * from './types.js';

/**
 * Parses iptables-save / ip6tables-save output, iptables-restore input (Istio goldens),
 * `iptables -L [-n] [-v]` table views and `iptables ... -A ...` command lines, possibly mixed
 * with prose. Never throws: unparseable lines become located `errors` and the rest still counts.
 */
export function parseIptables(text: string, file: string): IptablesParse {
  return new IptablesReader(file).read(text);
}
