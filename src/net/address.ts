// IPv4/IPv6 address and CIDR handling, shared by the iptables parser and the matcher (a leaf: it imports nothing).
// Addresses are numbers (bigint) internally so that prefix containment is one shift and compare; the parse output
// keeps only canonical text.

export type Family = 'ipv4' | 'ipv6';

/** A parsed address with prefix; `address` is the canonical text of the network address. */
export interface Cidr {
  family: Family;
  address: string;
  prefix: number;
  /** As written in the input (`127.0.0.1/32`, `localhost`, `!127.0.0.1` without the `!`). */
  text: string;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(text: string): bigint | null {
  const m = V4.exec(text);
  if (!m) return null;
  let n = 0n;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return null;
    n = (n << 8n) | BigInt(octet);
  }
  return n;
}

export function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return null;
  // An embedded IPv4 tail (::127.0.0.53) is rewritten as its two 16-bit groups.
  let groupsText = text;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    groupsText = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = groupsText.split('::');
  if (halves.length > 2) return null;
  const parseHalf = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseHalf(halves[0] ?? '');
  const rest = halves.length === 2 ? parseHalf(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  const given = head.length + rest.length;
  let groups: number[];
  if (halves.length === 2) {
    if (given > 7) return null;
    groups = [...head, ...new Array<number>(8 - given).fill(0), ...rest];
  } else {
    if (given !== 8) return null;
    groups = head;
  }
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(g);
  return n;
}

export function parseAddress(text: string): { family: Family; value: bigint } | null {
  const v4 = parseIpv4(text);
  if (v4 !== null) return { family: 'ipv4', value: v4 };
  const v6 = parseIpv6(text);
  if (v6 !== null) return { family: 'ipv6', value: v6 };
  return null;
}

export function familyBits(family: Family): number {
  return family === 'ipv4' ? 32 : 128;
}

export function formatAddress(family: Family, value: bigint): string {
  if (family === 'ipv4') {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join('.');
  }
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((value >> s) & 0xffffn).toString(16));
  // Compress the longest run of zero groups, as RFC 5952 asks.
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Parses `a.b.c.d[/len]`, `a.b.c.d/255.255.0.0` or an IPv6 address with optional `/len`. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const addr = parseAddress(addrText);
  if (!addr) return null;
  const bits = familyBits(addr.family);
  let prefix = bits;
  if (slash >= 0) {
    const maskText = text.slice(slash + 1);
    if (/^\d{1,3}$/.test(maskText)) {
      prefix = Number(maskText);
    } else {
      const mask = addr.family === 'ipv4' ? parseIpv4(maskText) : parseIpv6(maskText);
      if (mask === null) return null;
      prefix = prefixOfMask(mask, bits);
      if (prefix < 0) return null;
    }
    if (prefix > bits) return null;
  }
  const network = maskTo(addr.value, prefix, bits);
  return { family: addr.family, address: formatAddress(addr.family, network), prefix, text };
}

function prefixOfMask(mask: bigint, bits: number): number {
  let prefix = 0;
  for (let i = bits - 1; i >= 0 && ((mask >> BigInt(i)) & 1n) === 1n; i--) prefix++;
  // Non-contiguous masks are not expressible as a prefix.
  return maskTo(mask, prefix, bits) === mask ? prefix : -1;
}

function maskTo(value: bigint, prefix: number, bits: number): bigint {
  if (prefix === 0) return 0n;
  const shift = BigInt(bits - prefix);
  return (value >> shift) << shift;
}

/** Whether `value` (of `family`) lies inside `cidr`. Different families never match. */
export function cidrContains(cidr: Cidr, family: Family, value: bigint): boolean {
  if (cidr.family !== family) return false;
  const bits = familyBits(family);
  const net = parseAddress(cidr.address);
  if (!net) return false;
  return maskTo(value, cidr.prefix, bits) === net.value;
}

/** Names `iptables -L` prints instead of addresses when run without -n. */
export function cidrForHostname(name: string, family: Family): Cidr | null {
  const lower = name.toLowerCase();
  if (lower === 'localhost' || lower === 'ip6-localhost' || lower === 'localhost6' || lower === 'ip6-loopback') {
    return family === 'ipv4'
      ? { family, address: '127.0.0.1', prefix: 32, text: name }
      : { family, address: '::1', prefix: 128, text: name };
  }
  return null;
}
