// Baselines: --write-baseline records the current findings, --baseline drops them on later runs (matched by rule,
// resource and message, not by line), and a missing or invalid baseline is exit 2 with one line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, baselineKey, readBaseline } from '../../src/config/baseline.js';
import type { Finding } from '../../src/engine/finding.js';
import { cli, ONE_ERROR, pinnedDir, tempDir, TWO_WARNINGS } from './helpers.js';

interface JsonReport {
  findings: Array<{ ruleId: string; severity: string; location: { line: number } }>;
}

describe('--write-baseline and --baseline', () => {
  it('writes the JSON report of the current findings and accepts them', async () => {
    const cwd = pinnedDir();
    const written = await cli(['--write-baseline', 'baseline.json', ONE_ERROR], { cwd });
    expect(written.exitCode).toBe(0);
    expect(written.stderr).toBe('envoy-lint: wrote 1 finding(s) to the baseline baseline.json; they are accepted from now on\n');
    const baseline = JSON.parse(fs.readFileSync(path.join(cwd, 'baseline.json'), 'utf8')) as JsonReport & { version: number };
    expect(baseline.version).toBe(1);
    expect(baseline.findings.map((f) => f.ruleId)).toEqual(['dangling-cluster']);

    const again = await cli(['--baseline', 'baseline.json', ONE_ERROR], { cwd });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toContain('dangling-cluster');
  });

  it('still matches when the dump is regenerated and every line moves', async () => {
    const cwd = pinnedDir();
    await cli(['--write-baseline', 'baseline.json', ONE_ERROR], { cwd });
    const regenerated = path.join(cwd, 'regenerated.json');
    fs.writeFileSync(regenerated, `\n\n${JSON.stringify(JSON.parse(fs.readFileSync(ONE_ERROR, 'utf8')), null, 4)}`);
    const plain = JSON.parse((await cli(['-f', 'json', regenerated], { cwd })).stdout) as JsonReport;
    expect(plain.findings[0]?.location.line).not.toBe(356);
    const result = await cli(['--baseline', 'baseline.json', regenerated], { cwd });
    expect(result.exitCode).toBe(0);
  });

  it('reports findings that are not in the baseline', async () => {
    const cwd = pinnedDir();
    await cli(['--write-baseline', 'baseline.json', ONE_ERROR], { cwd });
    const result = await cli(['--baseline', 'baseline.json', '--fail-on', 'warning', '-f', 'json', ONE_ERROR, TWO_WARNINGS], { cwd });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    // Two complete config dumps are two proxies: both of the second dump's warnings are new.
    expect(report.findings.map((f) => f.ruleId)).toEqual(['cluster-without-endpoints', 'cluster-without-endpoints']);
  });

  it('is exit 2 with one line for a missing or invalid baseline', async () => {
    const cwd = pinnedDir();
    const missing = await cli(['--baseline', 'nope.json', ONE_ERROR], { cwd });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^envoy-lint: baseline .*nope\.json: no such file \(create one with --write-baseline FILE\)\n$/);
    expect(missing.stdout).toBe('');
    for (const [name, text] of [['text.json', 'not json'], ['sarif.json', '{"version":"2.1.0","runs":[]}'], ['bad.json', '{"version":1,"findings":[{"ruleId":"x"}]}']] as const) {
      fs.writeFileSync(path.join(cwd, name), text);
      const result = await cli(['--baseline', name, ONE_ERROR], { cwd });
      expect(result.exitCode, name).toBe(2);
      expect(result.stderr.trimEnd().split('\n'), name).toHaveLength(1);
    }
  });
});

describe('applyBaseline', () => {
  const finding = (line: number, message = 'm', messageId = 'missing'): Finding => ({
    ruleId: 'r',
    severity: 'error',
    message,
    messageId,
    resource: { kind: 'cluster', name: 'c' },
    location: { file: 'f.json', line, column: 1, endLine: line, endColumn: 2, pointer: '' },
  });
  const baselineOf = (findings: object[]): ReturnType<typeof readBaseline> => {
    const file = path.join(tempDir(), 'b.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, findings }));
    return readBaseline(file);
  };

  it('accepts each baseline entry once, whatever the location', () => {
    const baseline = baselineOf([finding(1)]);
    expect(applyBaseline([finding(10), finding(20), finding(30, 'm', 'other')], baseline)).toEqual([finding(20), finding(30, 'm', 'other')]);
  });

  it('matches by messageId, so a reworded message stays accepted', () => {
    const baseline = baselineOf([finding(1, 'the old wording')]);
    expect(baseline.note).toBeUndefined();
    expect(applyBaseline([finding(1, 'the new wording')], baseline)).toEqual([]);
  });

  it('reads what --format json wrote', () => {
    expect(baselineOf([finding(5), finding(6)]).byMessageId).toEqual(new Map([[baselineKey(finding(0)), 2]]));
  });

  it('still reads a baseline written before findings had a messageId, by message text, with a note to rewrite it', () => {
    const old = (line: number, message: string): object => {
      const { messageId: _drop, ...rest } = finding(line, message);
      return rest;
    };
    const baseline = baselineOf([old(1, 'm'), old(2, 'gone')]);
    expect(baseline.note).toMatch(/2 finding\(s\) have no messageId .* rewrite it with --write-baseline$/);
    expect(applyBaseline([finding(7, 'm'), finding(8, 'new')], baseline)).toEqual([finding(8, 'new')]);
  });
});
