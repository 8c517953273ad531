// The match-semantics rules on every real dump in fixtures/real/: none of them fires (Istio's virtualInbound has many
// chains, per-service listeners are bind_to_port: false, routes end with a catch-all — all legitimate).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { lintInputs } from '../../src/pipeline/lint.js';

const IDS = ['shadowed-route', 'duplicate-domain', 'filter-chain-conflict', 'unreachable-listener', 'duplicate-listener-address'];
const REAL = path.resolve(__dirname, '../../fixtures/real');

describe('match-semantics rules on the real dumps', () => {
  const rules = BUILTIN_RULES.filter((r) => IDS.includes(r.id));
  it('all five rules are registered', () => expect(rules.map((r) => r.id).sort()).toEqual([...IDS].sort()));
  for (const file of fs.readdirSync(REAL).filter((f) => !f.endsWith('.md'))) {
    it(file, () => {
      const { report } = lintInputs([path.join(REAL, file)], { rules });
      expect(report.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    });
  }
});
