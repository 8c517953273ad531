// Port and port-range syntax shared by the save and table-view parsers.

import { servicePort } from './services.js';
import type { PortRange } from './types.js';

/** A single port number or service name; null when it is neither. */
export function parsePort(text: string): number | null {
  if (/^\d{1,5}$/.test(text)) {
    const n = Number(text);
    return n <= 65535 ? n : null;
  }
  return servicePort(text);
}

/**
 * `a`, `a:b`, `a:` or `:b` (iptables ranges; `-` also accepted as REDIRECT's `--to-ports`
 * uses it). Returns null on any malformed part.
 */
export function parsePortRange(text: string, separators = ':'): PortRange | null {
  const sep = [...separators].find((s) => text.includes(s));
  if (sep === undefined) {
    const p = parsePort(text);
    return p === null ? null : { from: p, to: p };
  }
  const [a = '', b = '', ...extra] = text.split(sep);
  if (extra.length > 0) return null;
  const from = a === '' ? 0 : parsePort(a);
  const to = b === '' ? 65535 : parsePort(b);
  if (from === null || to === null || from > to) return null;
  return { from, to };
}

/** A multiport list: `53,15008,1000:2000`. */
export function parsePortList(text: string): PortRange[] | null {
  if (text === '') return null;
  const out: PortRange[] = [];
  for (const part of text.split(',')) {
    const r = parsePortRange(part);
    if (!r) return null;
    out.push(r);
  }
  return out;
}

/** Numeric value with optional 0x prefix (marks, zones). */
export function parseNumber(text: string): number | null {
  if (/^0x[0-9a-fA-F]{1,8}$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^\d{1,10}$/.test(text)) {
    const n = Number(text);
    return n <= 0xffffffff ? n : null;
  }
  return null;
}

/** `value[/mask]` as used by --mark, --set-xmark, --tproxy-mark. */
export function parseMark(text: string): { value: number; mask: number } | null {
  const [v = '', m, ...extra] = text.split('/');
  if (extra.length > 0) return null;
  const value = parseNumber(v);
  const mask = m === undefined ? 0xffffffff : parseNumber(m);
  if (value === null || mask === null) return null;
  return { value, mask };
}
