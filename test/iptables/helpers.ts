// Shared helpers for the iptables tests: fixture loading and compact views of answers.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseIptables, type Family, type FamilyRules, type IptablesParse } from '../../src/load/iptables/index.js';
import type { PortOutcome } from '../../src/model/interception/index.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/iptables/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8');
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES).filter((f) => !f.endsWith('.md'));
}

export function parseFixture(name: string): IptablesParse {
  return parseIptables(fixture(name), name);
}

/** The only (or first) rule set of a family in a fixture. */
export function ruleset(name: string, family: Family = 'ipv4'): FamilyRules {
  const r = parseFixture(name).families.find((f) => f.family === family);
  if (!r) throw new Error(`${name} has no ${family} rule set`);
  return r;
}

/** Outcome-only view, merged across deciding rules, for comparing two renderings of one rule set. */
export function outcomesOnly(ranges: PortOutcome[]): { from: number; to: number; outcome: string }[] {
  const out: { from: number; to: number; outcome: string }[] = [];
  for (const r of ranges) {
    const o = JSON.stringify(r.outcome);
    const prev = out.at(-1);
    if (prev && prev.outcome === o && prev.to === r.from - 1) prev.to = r.to;
    else out.push({ from: r.from, to: r.to, outcome: o });
  }
  return out;
}

/** `from-to kind[:port] @line` strings: readable expectations. */
export function brief(ranges: PortOutcome[]): string[] {
  return ranges.map((r) => {
    const o = r.outcome;
    const what =
      o.kind === 'redirect' || o.kind === 'tproxy' ? `${o.kind}:${o.toPort}` : o.kind === 'bypass' || o.kind === 'drop' ? `${o.kind}/${o.via}` : `other:${o.target}`;
    return `${r.from}-${r.to} ${what} @${r.decidedBy.line ?? '-'}`;
  });
}
