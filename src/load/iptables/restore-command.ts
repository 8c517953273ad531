// One iptables-restore command line inside a table: -A, -I, -N, -P, -F, -X.
// Also used for full `iptables -t nat -A ...` command lines once the program and -t are removed.

import { parseRuleSpec, type SpecError } from './rule-spec.js';
import {
  chainForRule, declareChain, deleteChain, flush, insertRule, isBuiltinChain, setPolicy, validChainName,
} from './table-builder.js';
import type { Token } from './tokenize.js';
import type { Table } from './types.js';

const COMMANDS: Readonly<Record<string, string>> = {
  '-A': 'A', '--append': 'A', '-I': 'I', '--insert': 'I', '-N': 'N', '--new-chain': 'N', '--new': 'N',
  '-P': 'P', '--policy': 'P', '-F': 'F', '--flush': 'F', '-X': 'X', '--delete-chain': 'X',
};

export const COMMAND_EXPECTED = 'a command: -A, -I, -N, -P, -F or -X';

export function isCommandToken(text: string): boolean {
  return text in COMMANDS;
}

export function applyCommand(table: Table, all: Token[], line: number, text: string): SpecError | null {
  // iptables-save -c prefixes rules with [packets:bytes].
  const tokens = /^\[\d+:\d+\]$/.test(all[0]?.text ?? '') ? all.slice(1) : all;
  const cmdTok = tokens[0];
  if (!cmdTok) return { column: 1, text: '', expected: COMMAND_EXPECTED };
  const cmd = COMMANDS[cmdTok.text];
  if (!cmd) return { column: cmdTok.column, text: cmdTok.text, expected: COMMAND_EXPECTED };
  const chainTok = tokens[1];
  const needsChain = cmd === 'A' || cmd === 'I' || cmd === 'N' || cmd === 'P';
  if (needsChain && !chainTok) return { column: cmdTok.column + cmdTok.text.length, text: '', expected: 'a chain name' };
  if (chainTok && !validChainName(chainTok.text)) {
    return { column: chainTok.column, text: chainTok.text, expected: 'a chain name (1-28 characters, not starting with - or !)' };
  }
  const at = (tok: Token | undefined, expected: string | null): SpecError | null =>
    expected === null ? null : { column: tok?.column ?? 1, text: tok?.text ?? '', expected };
  switch (cmd) {
    case 'A':
    case 'I': {
      let rest = tokens.slice(2);
      let position = 1;
      if (cmd === 'I' && /^\d+$/.test(rest[0]?.text ?? '')) {
        position = Number(rest[0]?.text);
        rest = rest.slice(1);
      }
      const spec = parseRuleSpec(rest);
      if ('expected' in spec) return spec;
      const name = (chainTok as Token).text;
      const rule = { line, text, matches: spec.matches, target: spec.target };
      if (cmd === 'A') {
        chainForRule(table, name).rules.push(rule);
        return null;
      }
      return at(tokens[2] ?? chainTok, insertRule(table, name, position, rule));
    }
    case 'N': {
      if (tokens[2]) return at(tokens[2], 'end of line');
      const name = (chainTok as Token).text;
      if (isBuiltinChain(table.name, name)) return at(chainTok, 'a user chain name (this is a built-in chain)');
      const err = declareChain(table, name, null, line);
      return err ? at(chainTok, `a new chain name (${err})`) : null;
    }
    case 'P': {
      const pol = tokens[2];
      if (!pol) return { column: text.length + 1, text: '', expected: 'ACCEPT or DROP' };
      const err = setPolicy(table, (chainTok as Token).text, pol.text, line);
      return at(err === 'ACCEPT or DROP' ? pol : chainTok, err);
    }
    case 'F':
      return at(chainTok, flush(table, chainTok?.text ?? null));
    default:
      return at(chainTok, deleteChain(table, chainTok?.text ?? null));
  }
}
