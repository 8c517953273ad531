// Rule sets of a size no one writes by hand but a generator can: chains nested 100,000 deep (the loop check once
// recursed and overflowed the stack; the walk's loop check scanned its whole stack at every jump), and 100,000 chains
// (each declaration and jump looked its chain up by a linear scan: minutes). They must finish, with the answers a
// small rule set would get.
import { describe, expect, it } from 'vitest';
import { parseIptables, type FamilyRules } from '../../src/load/iptables/index.js';
import { chainProblems, interception } from '../../src/model/interception/index.js';
import { reachableChains } from '../../src/model/ports/iptables.js';

const HEAD = ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]'];

/** PREROUTING → C0 → C1 → … → C(depth-1), the last one redirecting TCP; `loop` makes the last jump back to C0 too. */
function nested(depth: number, loop: boolean): string {
  const lines = [...HEAD];
  for (let i = 0; i < depth; i++) lines.push(`:C${i} - [0:0]`);
  lines.push('-A PREROUTING -j C0');
  for (let i = 0; i + 1 < depth; i++) lines.push(`-A C${i} -j C${i + 1}`);
  if (loop) lines.push(`-A C${depth - 1} -j C0`);
  lines.push(`-A C${depth - 1} -p tcp -j REDIRECT --to-ports 15006`, 'COMMIT', '');
  return lines.join('\n');
}

/** PREROUTING jumps to each of `count` chains in turn, each of which returns; then a REDIRECT. */
function wide(count: number): string {
  const lines = [...HEAD];
  for (let i = 0; i < count; i++) lines.push(`:D${i} - [0:0]`);
  for (let i = 0; i < count; i++) lines.push(`-A PREROUTING -j D${i}`);
  lines.push('-A PREROUTING -p tcp -j REDIRECT --to-ports 15006');
  for (let i = 0; i < count; i++) lines.push(`-A D${i} -j RETURN`);
  lines.push('COMMIT', '');
  return lines.join('\n');
}

function only(text: string): FamilyRules {
  const parse = parseIptables(text, 'generated.txt');
  expect(parse.errors).toEqual([]);
  expect(parse.families).toHaveLength(1);
  return parse.families[0] as FamilyRules;
}

// 10,000 already overflowed the CLI's stack; a test worker's stack can be larger, so ten times that.
const DEPTH = 100_000;
const CHAINS = 100_000;

describe('chains nested 100,000 deep', () => {
  it('have no loop, and the walk reaches the REDIRECT at the bottom', () => {
    const rules = only(nested(DEPTH, false));
    const model = interception(rules);
    expect(model.problems).toEqual([]);
    expect(model.inbound).toEqual([
      { from: 1, to: 65535, outcome: { kind: 'redirect', toPort: 15006 }, decidedBy: { file: 'generated.txt', line: HEAD.length + DEPTH + DEPTH + 1, table: 'nat', chain: `C${DEPTH - 1}` } },
    ]);
  });

  it('with the last chain jumping back to the first: one loop, at that jump', () => {
    const rules = only(nested(DEPTH, true));
    const loopLine = HEAD.length + DEPTH + DEPTH + 1;
    expect(chainProblems(rules).map((p) => `${p.kind}@${p.line} ${p.chain}->${p.target}`)).toEqual([`loop@${loopLine} C${DEPTH - 1}->C0`]);
    // The walk skips the jump back and still reaches the REDIRECT after it.
    expect(interception(rules).inbound.map((r) => r.outcome)).toEqual([{ kind: 'redirect', toPort: 15006 }]);
  });
});

describe('100,000 chains', () => {
  it('are parsed, checked and walked, each jump finding its own chain', () => {
    // Two more jumps at the end: to the chain declared last, and to one that does not exist.
    const rules = only(wide(CHAINS).replace('COMMIT', `-A D0 -j D${CHAINS - 1}\n-A D1 -j NOPE\nCOMMIT`));
    const nat = rules.tables.find((t) => t.name === 'nat');
    expect(nat?.chains).toHaveLength(4 + CHAINS);
    expect(chainProblems(rules).map((p) => `${p.kind} ${p.chain}->${p.target}`)).toEqual(['missing-chain D1->NOPE']);
    expect(nat && reachableChains(nat, 'PREROUTING').size).toBe(1 + CHAINS);
    const model = interception(rules);
    // Every chain returns, so the packet gets to the REDIRECT after the 100,000 jumps (not to a step limit).
    expect(model.inbound.map((r) => r.outcome)).toEqual([{ kind: 'redirect', toPort: 15006 }]);
    expect(model.inbound[0]?.decidedBy.line).toBe(HEAD.length + 2 * CHAINS + 1);
  });
});
