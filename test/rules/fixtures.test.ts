// One test over every fixtures/<rule-id>/{pass,fail}/ case: a failing case must give exactly the findings in its
// `.expected` file (file:line:column severity rule-id/messageId kind:name), a passing case none. Only the rule under
// test runs. A mesh rule's case is a directory of proxies (one directory each), linted as a fleet; its files are named
// from the case's directory.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { lintInputs } from '../../src/pipeline/lint.js';
import { lintFleet } from '../../src/fleet/run.js';

const FIXTURES = path.resolve(__dirname, '../../fixtures');

interface Case {
  ruleId: string;
  outcome: 'pass' | 'fail';
  name: string;
  inputs: string[];
  expectedFile?: string;
}

function discover(): Case[] {
  const cases: Case[] = [];
  for (const rule of BUILTIN_RULES) {
    for (const outcome of ['pass', 'fail'] as const) {
      const dir = path.join(FIXTURES, rule.id, outcome);
      if (!fs.existsSync(dir)) continue;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          const inputs = fs.readdirSync(full).filter((f) => f !== 'expected').sort().map((f) => path.join(full, f));
          const expected = path.join(full, 'expected');
          cases.push({ ruleId: rule.id, outcome, name: entry.name, inputs, ...(fs.existsSync(expected) ? { expectedFile: expected } : {}) });
        } else if (!entry.name.endsWith('.expected')) {
          const expected = full.replace(/\.[^.]+$/, '.expected');
          cases.push({ ruleId: rule.id, outcome, name: entry.name, inputs: [full], ...(fs.existsSync(expected) ? { expectedFile: expected } : {}) });
        }
      }
    }
  }
  return cases;
}

async function findingsOf(c: Case): Promise<string[]> {
  const rule = BUILTIN_RULES.find((r) => r.id === c.ruleId);
  if (!rule) throw new Error(`no rule ${c.ruleId}`);
  if (rule.scope === 'mesh') {
    const { report, errors } = await lintFleet(c.inputs, { rules: [rule] });
    expect(errors.map((e) => e.oneLine)).toEqual([]);
    const caseDir = path.dirname(c.inputs[0] ?? '');
    return report.findings.map((f) => `${path.relative(caseDir, f.location.file)}:${f.location.line}:${f.location.column} ${f.severity} ${f.ruleId}/${f.messageId} ${f.resource.kind}:${f.resource.kind === 'input' ? path.basename(f.resource.name) : f.resource.name}`).sort();
  }
  const { report, errors } = lintInputs(c.inputs, { rules: [rule] });
  expect(errors.map((e) => e.oneLine())).toEqual([]);
  return report.findings.map((f) => `${path.basename(f.location.file)}:${f.location.line}:${f.location.column} ${f.severity} ${f.ruleId}/${f.messageId} ${f.resource.kind}:${f.resource.kind === 'input' ? path.basename(f.resource.name) : f.resource.name}`).sort();
}

const cases = discover();

describe('rule fixtures', () => {
  it('every built-in rule has passing and failing fixtures', () => {
    for (const rule of BUILTIN_RULES.filter((r) => r.id !== 'unchecked-input')) {
      expect(cases.some((c) => c.ruleId === rule.id && c.outcome === 'pass'), `${rule.id} pass`).toBe(true);
      expect(cases.some((c) => c.ruleId === rule.id && c.outcome === 'fail'), `${rule.id} fail`).toBe(true);
    }
  });

  for (const c of cases) {
    it(`${c.ruleId} ${c.outcome}/${c.name}`, async () => {
      const actual = await findingsOf(c);
      if (c.outcome === 'pass') {
        expect(actual).toEqual([]);
        return;
      }
      expect(c.expectedFile, 'a failing case needs an expected file').toBeDefined();
      const expected = fs.readFileSync(c.expectedFile ?? '', 'utf8').split('\n').filter((l) => l.trim() !== '').sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(actual).toEqual(expected);
    });
  }
});
