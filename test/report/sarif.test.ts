import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { firstSentence, sarifLog } from '../../src/report/sarif.js';
import type { Finding } from '../../src/engine/finding.js';
import { FINDINGS, RULES, makeContext, makeReport } from './helpers.js';

// The vendored schema declares JSON Schema 2020-12 (see schemas/vendor/SOURCES.md), hence Ajv2020.
// strict: false because Ajv's strict mode rejects the schema itself (strictRequired: `required` names properties an
// anyOf branch does not define); validateFormats: false because ajv-formats is not installed, so the `uri`,
// `uri-reference` formats are checked by hand in 'URIs are well-formed' below.
const schemaPath = fileURLToPath(new URL('../../schemas/vendor/sarif-2.1.0.json', import.meta.url));
const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
const validate = ajv.compile(schema);

function parse(out: string): unknown {
  return JSON.parse(out) as unknown;
}

describe('sarif reporter', () => {
  it('output validates against the vendored SARIF 2.1.0 schema', () => {
    for (const findings of [FINDINGS, []]) {
      const ok = validate(parse(REPORTERS.sarif(makeReport(findings), makeContext())));
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('the schema really rejects invalid logs (the validator is not a no-op)', () => {
    const log = sarifLog(makeReport(), makeContext());
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    const bad = JSON.parse(JSON.stringify(log)) as { runs: { results: { level: string }[] }[] };
    const first = bad.runs[0]?.results[0];
    if (first) first.level = 'info';
    expect(validate(bad)).toBe(false);
  });

  it('describes every rule that ran and indexes results into them', () => {
    const log = sarifLog(makeReport(), makeContext());
    const run = log.runs[0];
    if (!run) throw new Error('one run');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(run.tool.driver.name).toBe('envoy-lint');
    expect(run.tool.driver.version).toBe('0.1.0');
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(run.tool.driver.rules[0]).toEqual({
      id: 'route-unknown-cluster',
      shortDescription: { text: 'A route points to a cluster that is not defined.' },
      fullDescription: { text: 'A route points to a cluster that is not defined. Requests on that route fail with 503.' },
      helpUri: 'https://example.com/rules/route-unknown-cluster.md',
      defaultConfiguration: { level: 'error' },
    });
    expect(run.results).toHaveLength(FINDINGS.length);
    run.results.forEach((result, i) => {
      const finding = FINDINGS[i] as Finding;
      expect(run.tool.driver.rules[result.ruleIndex]?.id).toBe(finding.ruleId);
      expect(result.ruleId).toBe(finding.ruleId);
      expect(result.message.text).toBe(finding.message);
      expect(result.locations[0]?.logicalLocations).toEqual([
        { name: finding.resource.name, kind: finding.resource.kind },
      ]);
    });
    expect(run.results.map((r) => r.level)).toEqual(['error', 'note', 'warning', 'error']);
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/project/' } });
    expect(run.results[2]?.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'dumps/b%20config.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 54, endLine: 2, endColumn: 76 },
    });
  });

  it('adds a rule entry for a finding whose rule the context does not describe', () => {
    const base = FINDINGS[0] as Finding;
    const log = sarifLog(makeReport([{ ...base, ruleId: 'parse-error' }]), makeContext());
    const run = log.runs[0];
    const index = run?.results[0]?.ruleIndex ?? -1;
    expect(run?.tool.driver.rules[index]?.id).toBe('parse-error');
    expect(validate(log)).toBe(true);
  });

  it('files outside cwd get absolute file: URIs; relative docsUrl is not emitted as helpUri', () => {
    const base = FINDINGS[0] as Finding;
    const context = makeContext({ rules: [{ ...(RULES[0] as (typeof RULES)[number]), docsUrl: 'rules/x.md' }] });
    const log = sarifLog(makeReport([{ ...base, location: { ...base.location, file: '/elsewhere/c#1.json' } }]), context);
    expect(log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({
      uri: 'file:///elsewhere/c%231.json',
    });
    expect(log.runs[0]?.tool.driver.rules[0]?.helpUri).toBeUndefined();
    expect(validate(log)).toBe(true);
  });

  it('URIs are well-formed (the formats Ajv does not check here)', () => {
    const run = sarifLog(makeReport(), makeContext()).runs[0];
    if (!run) throw new Error('one run');
    const absolute = [
      run.tool.driver.informationUri,
      ...run.tool.driver.rules.map((r) => r.helpUri ?? 'https://x/'),
      ...Object.values(run.originalUriBaseIds).map((b) => b.uri),
    ];
    for (const uri of absolute) expect(() => new URL(uri ?? ''), String(uri)).not.toThrow();
    for (const result of run.results) {
      const uri = result.locations[0]?.physicalLocation.artifactLocation.uri ?? '';
      expect(uri).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+$/);
      expect(new URL(uri, 'file:///base/').href.startsWith('file:///base/')).toBe(true);
    }
  });

  it('firstSentence', () => {
    expect(firstSentence('One. Two.')).toBe('One.');
    expect(firstSentence('v1.2 is old. Upgrade')).toBe('v1.2 is old.');
    expect(firstSentence('No period\nsecond line')).toBe('No period');
  });
});

describe('sarif for code scanning', () => {
  const fingerprintsOf = (findings: Finding[], overrides: Parameters<typeof makeContext>[0] = {}): string[] =>
    (sarifLog(makeReport(findings), makeContext(overrides)).runs[0]?.results ?? []).map((r) => r.partialFingerprints['envoyLintFinding/v1'] ?? '');

  it('fingerprints stay when a finding moves to other lines, and differ between findings', () => {
    const [first] = FINDINGS;
    if (!first) throw new Error('a finding');
    const moved: Finding = { ...first, location: { ...first.location, line: first.location.line + 40, endLine: first.location.endLine + 40, column: 3 } };
    expect(fingerprintsOf([moved])).toEqual(fingerprintsOf([first]));
    const all = fingerprintsOf(FINDINGS);
    expect(new Set(all).size).toBe(FINDINGS.length);
    const otherResource: Finding = { ...first, resource: { ...first.resource, name: `${first.resource.name}-2` } };
    expect(fingerprintsOf([otherResource])).not.toEqual(fingerprintsOf([first]));
  });

  it('two findings about the same resource are told apart by their order', () => {
    const [first] = FINDINGS;
    if (!first) throw new Error('a finding');
    const twice = fingerprintsOf([first, { ...first, location: { ...first.location, line: first.location.line + 1 } }]);
    expect(twice[0]).not.toBe(twice[1]);
    expect(twice.map((f) => f.split(':')[0])).toEqual([twice[0]?.split(':')[0], twice[0]?.split(':')[0]]);
  });

  it('paths start at the repository root when the context names one, so code scanning finds the files', () => {
    const [first] = FINDINGS;
    if (!first) throw new Error('a finding');
    const inSub = { ...first, location: { ...first.location, file: '/work/project/dumps/a.json' } };
    const run = sarifLog(makeReport([inSub]), makeContext({ cwd: '/work/project/dumps', repositoryRoot: '/work/project' })).runs[0];
    expect(run?.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/project/' } });
    expect(run?.results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: 'dumps/a.json', uriBaseId: '%SRCROOT%' });
  });

  it('the invocation carries the exit code when the caller gives it', () => {
    expect(sarifLog(makeReport(), makeContext({ exitCode: 1 })).runs[0]?.invocations[0]?.exitCode).toBe(1);
    expect(sarifLog(makeReport(), makeContext()).runs[0]?.invocations[0]).not.toHaveProperty('exitCode');
    expect(validate(sarifLog(makeReport(), makeContext({ exitCode: 1 })))).toBe(true);
  });
});
