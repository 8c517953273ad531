// Recognisers for the kinds of line an iptables paste contains.

import { isCommandToken } from './restore-command.js';
import { tokenize, type Token } from './tokenize.js';
import type { Family } from './types.js';

/**
 * `*nat` (iptables-save) or `* nat` (Istio's goldens). Only a plain word counts, so markdown
 * emphasis such as `**note**` in surrounding prose is not taken for a table.
 */
export function tableHeader(line: string): string | null {
  const m = /^\*\s*([A-Za-z_][\w-]*)\s*$/.exec(line);
  return m ? (m[1] ?? null) : null;
}

export interface ListChainHeader {
  name: string;
  policy: string | null;
}

/** `Chain X (policy ACCEPT 0 packets, 0 bytes)`, `Chain X (policy ACCEPT)`, `Chain X (2 references)`. */
export function listChainHeader(line: string): ListChainHeader | null {
  const m = /^Chain (\S+) \((?:policy (\S+)(?: \d+[KMGT]? packets, \d+[KMGT]? bytes)?|\d+ references)\)\s*$/.exec(line);
  return m ? { name: m[1] ?? '', policy: m[2] ?? null } : null;
}

/** The column header of the table view; tells which optional columns are present. */
export function listColumnHeader(line: string): { lineNumbers: boolean; verbose: boolean } | null {
  const m = /^\s*(num\s+)?(pkts\s+bytes\s+)?target\s+prot\s+opt\s+(in\s+out\s+)?source\s+destination\s*$/.exec(line);
  if (!m) return null;
  return { lineNumbers: m[1] !== undefined, verbose: m[2] !== undefined && m[3] !== undefined };
}

/** Lines outside a table that are clearly meant as rules, so they are errors rather than prose. */
export function looksLikeRule(line: string): boolean {
  const t = line.trim();
  return (
    /^(\[\d+:\d+\]\s+)?(-[AINPFX]|--append|--insert|--new-chain|--policy)\s+\S/.test(t) ||
    /^:\S+\s+\S+\s+\[\d+:\d+\]/.test(t) ||
    t === 'COMMIT'
  );
}

export type CommandLine =
  | { kind: 'save'; family: Family }
  | { kind: 'list'; family: Family; table: string | null }
  | { kind: 'rule'; family: Family; table: string; tokens: Token[] }
  | { kind: 'other'; family: Family };

const PROGRAM = /^(?:.*\/)?(ip6?tables)(?:-legacy|-nft)?(-save|-restore)?$/;
/** Programs that run iptables for you: the iptables word may come later on the line. */
const LAUNCHERS = new Set(['sudo', 'nsenter', 'ip', 'kubectl', 'docker', 'crictl', 'nerdctl', 'chroot', 'env', 'exec', 'watch', 'time']);

/** A shell command invoking iptables (with an optional prompt), e.g. `iptables -t nat -A ...`. */
export function commandLine(line: string): CommandLine | null {
  const body = line.replace(/^\s*(?:\[[^\]]*\]\s*[#$]|[\w.-]+@[\w.-]+(?::\S*)?\s*[#$]|[#$>])?\s*/, '');
  const { tokens } = tokenize(body);
  const first = tokens[0];
  if (!first) return null;
  let at = PROGRAM.test(first.text) ? 0 : -1;
  if (at < 0 && LAUNCHERS.has(first.text)) at = tokens.findIndex((t) => PROGRAM.test(t.text));
  if (at < 0) return null;
  const m = PROGRAM.exec(tokens[at]?.text ?? '');
  const family: Family = m?.[1] === 'ip6tables' ? 'ipv6' : 'ipv4';
  if (m?.[2] === '-save') return { kind: 'save', family };
  if (m?.[2] === '-restore') return { kind: 'other', family };
  const args = tokens.slice(at + 1);
  let table: string | null = null;
  const rest: Token[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Token;
    if (a.text === '-t' || a.text === '--table') {
      table = args[++i]?.text ?? null;
    } else if (/^-t\w+$/.test(a.text)) {
      table = a.text.slice(2);
    } else if (a.text === '-w' || a.text === '--wait' || a.text === '-W' || a.text === '--wait-interval') {
      if (/^\d+$/.test(args[i + 1]?.text ?? '')) i++;
    } else {
      rest.push(a);
    }
  }
  const list = rest.some((a) => a.text === '--list' || /^-[a-zA-Z]*L[a-zA-Z]*$/.test(a.text));
  if (list) return { kind: 'list', family, table };
  const cmd = rest.findIndex((a) => isCommandToken(a.text));
  if (cmd >= 0) {
    const shift = line.length - body.length;
    const ruleTokens = rest.slice(cmd).map((t) => ({ text: t.text, column: t.column + shift }));
    return { kind: 'rule', family, table: table ?? 'filter', tokens: ruleTokens };
  }
  return { kind: 'other', family };
}
