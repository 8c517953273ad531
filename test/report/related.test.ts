// A finding's related locations (mesh findings: the server's side) in each format that shows them, and the outputs of
// findings without any left as they were.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import { REPORTERS } from '../../src/report/index.js';
import { FILE_A, FILE_B, FINDINGS, makeContext, makeReport } from './helpers.js';

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../schemas/vendor/sarif-2.1.0.json', import.meta.url)), 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ strict: false, validateFormats: false, allErrors: true }).compile(schema);

const base = FINDINGS[0]!;
const withRelated: Finding = {
  ...base,
  related: [
    { location: { file: FILE_B, line: 9, column: 1, endLine: 9, endColumn: 2, pointer: '/x' }, message: "the server's filter chain" },
    { location: { file: FILE_A, line: 3, column: 5, endLine: 3, endColumn: 9, pointer: '/y' }, message: 'the endpoint 10.0.0.7:9080' },
  ],
};

describe('related locations', () => {
  it('text: one "see also" line each, after the source lines', () => {
    const out = REPORTERS.text(makeReport([withRelated]), makeContext());
    const lines = out.split('\n');
    const i = lines.findIndex((l) => l.includes('see also'));
    expect(lines.slice(i, i + 2)).toEqual([expect.stringMatching(/^ {4}see also dumps\/b config\.json:9:1 {2}the server's filter chain$/), expect.stringMatching(/^ {4}see also dumps\/a\.json:3:5 {2}the endpoint 10\.0\.0\.7:9080$/)]);
    expect(REPORTERS.text(makeReport([base]), makeContext())).not.toContain('see also');
  });

  it('SARIF: relatedLocations with ids and messages, valid against the schema; none without', () => {
    const log = JSON.parse(REPORTERS.sarif(makeReport([withRelated]), makeContext())) as { runs: Array<{ results: Array<{ relatedLocations?: Array<{ id: number; message: { text: string }; physicalLocation: { region: { startLine: number } } }> }> }> };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]?.results[0]?.relatedLocations?.map((r) => `${r.id} ${r.physicalLocation.region.startLine} ${r.message.text}`)).toEqual(["0 9 the server's filter chain", '1 3 the endpoint 10.0.0.7:9080']);
    const plain = JSON.parse(REPORTERS.sarif(makeReport([base]), makeContext())) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    expect(plain.runs[0]?.results[0]).not.toHaveProperty('relatedLocations');
  });

  it('SARIF fingerprints do not change with related locations (baselines of existing findings stay valid)', () => {
    const print = (f: Finding): unknown => (JSON.parse(REPORTERS.sarif(makeReport([f]), makeContext())) as { runs: Array<{ results: Array<{ partialFingerprints: unknown }> }> }).runs[0]?.results[0]?.partialFingerprints;
    expect(print(withRelated)).toEqual(print(base));
  });

  it('GitHub annotations and JUnit carry them in their text', () => {
    expect(REPORTERS.github(makeReport([withRelated]), makeContext())).toMatch(/%0Asee also dumps\/b config\.json:9:1 the server's filter chain%0Asee also dumps\/a\.json:3:5 the endpoint/);
    expect(REPORTERS.junit(makeReport([withRelated]), makeContext())).toContain("see also");
  });

  it('JSON: `related` as given', () => {
    const report = JSON.parse(REPORTERS.json(makeReport([withRelated]), makeContext())) as { findings: Finding[] };
    expect(report.findings[0]?.related).toEqual(withRelated.related);
  });
});
