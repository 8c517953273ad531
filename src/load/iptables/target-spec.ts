// Builds a Target from `-j NAME` and the target options that followed it.

import { parseMark, parseNumber, parsePortRange } from './ports.js';
import type { Token } from './tokenize.js';
import type { Target } from './types.js';

export interface TargetOption {
  name: Token;
  value: Token | null;
}

export interface SpecError {
  column: number;
  text: string;
  expected: string;
}

/** Target extensions that are not user chains; anything else after -j is taken as a chain name. */
const EXTENSIONS = new Set([
  'AUDIT', 'CHECKSUM', 'CLASSIFY', 'CLUSTERIP', 'CONNSECMARK', 'DNAT', 'DNPT', 'DSCP', 'ECN', 'HL',
  'HMARK', 'IDLETIMER', 'LED', 'MASQUERADE', 'NETMAP', 'NFLOG', 'NFQUEUE', 'NOTRACK', 'QUEUE',
  'RATEEST', 'SECMARK', 'SET', 'SNAT', 'SNPT', 'SYNPROXY', 'TCPMSS', 'TCPOPTSTRIP', 'TEE', 'TOS',
  'TRACE', 'TTL', 'ULOG',
]);

const MODELLED = new Set(['RETURN', 'ACCEPT', 'DROP', 'REJECT', 'REDIRECT', 'TPROXY', 'MARK', 'CONNMARK', 'CT', 'LOG']);

export function isTargetExtension(name: string): boolean {
  return EXTENSIONS.has(name) || MODELLED.has(name);
}

function optionsText(options: TargetOption[]): string {
  return options.map((o) => (o.value ? `${o.name.text} ${o.value.text}` : o.name.text)).join(' ');
}

export function buildTarget(name: Token, goto: boolean, options: TargetOption[]): Target | SpecError {
  if (goto) {
    if (options.length > 0) return unexpected(options[0]);
    return { kind: 'goto', chain: name.text };
  }
  const find = (...names: string[]): TargetOption | undefined => options.find((o) => names.includes(o.name.text));
  switch (name.text) {
    case 'RETURN':
    case 'ACCEPT':
    case 'DROP':
      return options.length > 0 ? unexpected(options[0]) : { kind: name.text };
    case 'REJECT':
      return { kind: 'REJECT', rejectWith: find('--reject-with')?.value?.text ?? null };
    case 'REDIRECT': {
      const opt = find('--to-ports', '--to-port');
      if (!opt) return { kind: 'REDIRECT', toPorts: null };
      const range = opt.value ? parsePortRange(opt.value.text, '-:') : null;
      if (!range) return valueError(opt, 'a port or port-port');
      return { kind: 'REDIRECT', toPorts: range };
    }
    case 'TPROXY': {
      const port = find('--on-port');
      const mark = find('--tproxy-mark');
      const onPort = port?.value ? parseNumber(port.value.text) : null;
      if (port && (onPort === null || onPort > 65535)) return valueError(port, 'a port number');
      const tproxyMark = mark?.value ? parseMark(mark.value.text) : null;
      if (mark && !tproxyMark) return valueError(mark, 'value[/mask]');
      return { kind: 'TPROXY', onPort, onIp: find('--on-ip')?.value?.text ?? null, tproxyMark };
    }
    case 'MARK': {
      const ops = { '--set-mark': 'set', '--set-xmark': 'xset', '--and-mark': 'and', '--or-mark': 'or', '--xor-mark': 'xor' } as const;
      const opt = options.find((o) => o.name.text in ops);
      if (!opt) return { column: name.column, text: name.text, expected: 'MARK with --set-mark, --set-xmark, --and-mark, --or-mark or --xor-mark' };
      const mark = opt.value ? parseMark(opt.value.text) : null;
      if (!mark) return valueError(opt, 'value[/mask]');
      return { kind: 'MARK', op: ops[opt.name.text as keyof typeof ops], mark };
    }
    case 'CT': {
      const zoneOpt = find('--zone', '--zone-orig', '--zone-reply');
      const zone = zoneOpt?.value ? parseNumber(zoneOpt.value.text) : null;
      if (zoneOpt && zone === null) return valueError(zoneOpt, 'a zone number');
      return { kind: 'CT', zone, options: optionsText(options) };
    }
    case 'CONNMARK':
      return { kind: 'CONNMARK', options: optionsText(options) };
    case 'LOG':
      return { kind: 'LOG', options: optionsText(options) };
    default:
      if (EXTENSIONS.has(name.text)) return { kind: 'extension', name: name.text, options: optionsText(options) };
      if (options.length > 0) return unexpected(options[0]);
      return { kind: 'jump', chain: name.text };
  }
}

function unexpected(opt: TargetOption | undefined): SpecError {
  return { column: opt?.name.column ?? 1, text: opt?.name.text ?? '', expected: 'no options after this target' };
}

function valueError(opt: TargetOption, expected: string): SpecError {
  const at = opt.value ?? opt.name;
  return { column: at.column, text: at.text, expected: `${opt.name.text} ${expected}` };
}
