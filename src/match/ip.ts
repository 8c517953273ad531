// IP addresses and CIDR ranges for filter chain matching (FilterChainMatch.prefix_ranges / source_prefix_ranges).
import { formatAddress, parseAddress } from '../net/address.js';

export interface ParsedCidr {
  family: 'ipv4' | 'ipv6';
  /** The network address, masked to the prefix (Envoy's CidrRange normalises the same way). */
  network: bigint;
  prefix: number;
}

const BITS = { ipv4: 32, ipv6: 128 } as const;

/** `10.0.0.0/8`, `::/0`, or a bare address (a /32 or /128). Undefined when it does not parse. */
export function parseCidrText(text: string): ParsedCidr | undefined {
  const [addr = '', len] = text.split('/');
  const parsed = parseAddress(addr.replace(/^\[|\]$/g, ''));
  if (!parsed) return undefined;
  const bits = BITS[parsed.family];
  const prefix = len === undefined || len === '' ? bits : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  return { family: parsed.family, network: mask(parsed.value, prefix, bits), prefix };
}

function mask(value: bigint, prefix: number, bits: number): bigint {
  if (prefix === 0) return 0n;
  const shift = BigInt(bits - prefix);
  return (value >> shift) << shift;
}

export function parseIp(text: string): { family: 'ipv4' | 'ipv6'; value: bigint } | undefined {
  return parseAddress(text.replace(/^\[|\]$/g, '')) ?? undefined;
}

/** Whether the address lies in the range (families must agree; an IPv4 address never matches an IPv6 range). */
export function cidrContains(range: ParsedCidr, address: string): boolean {
  const ip = parseIp(address);
  if (!ip || ip.family !== range.family) return false;
  return mask(ip.value, range.prefix, BITS[ip.family]) === range.network;
}

/** The longest prefix among `ranges` that contains `address`, or -1. */
export function longestMatch(ranges: readonly string[], address: string): number {
  let best = -1;
  for (const text of ranges) {
    const range = parseCidrText(text);
    if (range && range.prefix > best && cidrContains(range, address)) best = range.prefix;
  }
  return best;
}

/** A canonical text for a range (`10.1.2.3/8` → `10.0.0.0/8`), for comparing two chains' criteria. */
export function canonicalCidr(text: string): string {
  const range = parseCidrText(text);
  return range ? `${formatAddress(range.family, range.network)}/${range.prefix}` : text;
}

export function isLoopback(address: string): boolean {
  const ip = parseIp(address);
  if (!ip) return false;
  return ip.family === 'ipv4' ? ip.value >> 24n === 127n : ip.value === 1n;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);
export function isWildcardIp(address: string | undefined): boolean {
  return address === undefined || WILDCARDS.has(address);
}
