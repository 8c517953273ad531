// Property tests of the dump loader and the YAML path: mutations of real fixtures (truncation, byte flips, deleted
// keys, swapped types, inserted garbage) must give findings or structured input errors, within a time bound, and
// never throw anything else. `npm run fuzz` runs many more cases (FUZZ_RUNS).
import fs from 'node:fs';
import path from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { stringify } from 'yaml';
import { lintInputs } from '../../src/pipeline/lint.js';
import { fuzzRuns, LONG_FUZZ } from './budget.js';

const ROOT = path.resolve(__dirname, '../..');
const SEEDS = [
  'fixtures/example/config_dump.json',
  'fixtures/real/istioctl_pkg_proxyconfig_testdata_config_dump.json',
  'fixtures/real/pilot_pkg_proxy_envoy_configdump_testdata_configdump.json',
  'fixtures/real/istioctl_pkg_writer_envoy_configdump_testdata_endpoint_emptyfilter_output.json',
  'fixtures/real/pkg_bootstrap_testdata_default_golden.json',
].map((f) => fs.readFileSync(path.join(ROOT, f), 'utf8'));

const TIME_BOUND_MS = LONG_FUZZ ? 10_000 : 3_000;

/** Lints text as stdin; returns normally for findings or input errors, throws for anything else. */
function lintText(text: string): void {
  const started = performance.now();
  const { report, errors } = lintInputs(['-'], { stdinText: () => text });
  const elapsed = performance.now() - started;
  if (elapsed > TIME_BOUND_MS) throw new Error(`took ${Math.round(elapsed)} ms`);
  for (const e of errors) if (!e.oneLine() || e.oneLine().includes('\n')) throw new Error('input error is not one line');
  expect(Array.isArray(report.findings)).toBe(true);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value in a JSON document. */
function paths(value: Json, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function edit(doc: Json, at: Array<string | number>, change: (parent: Json[] | { [k: string]: Json }, key: string | number) => void): Json {
  const copy = structuredClone(doc);
  let parent: Json = copy;
  for (const key of at.slice(0, -1)) parent = (parent as Record<string, Json>)[key as string] as Json;
  const last = at[at.length - 1];
  if (last !== undefined && parent && typeof parent === 'object') change(parent, last);
  return copy;
}

const seed = fc.constantFrom(...SEEDS);
const params = { numRuns: fuzzRuns(60, 5) };
const yamlParams = { numRuns: fuzzRuns(60) };

describe('dump loader never throws on mutated real dumps', () => {
  test.prop([seed, fc.double({ min: 0, max: 1, noNaN: true })], params)('random truncation', (text, at) => {
    lintText(text.slice(0, Math.floor(text.length * at)));
  });

  test.prop([seed, fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })], params)(
    'byte flips',
    (text, flips) => {
      const bytes = Buffer.from(text);
      for (const [at, value] of flips) bytes[Math.floor(at * (bytes.length - 1))] = value;
      lintText(bytes.toString('utf8'));
    },
  );

  test.prop([seed, fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 40 })], params)('inserted garbage', (text, at, garbage) => {
    const i = Math.floor(text.length * at);
    lintText(text.slice(0, i) + garbage + text.slice(i));
  });

  test.prop([seed, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 })], params)('deleted keys', (text, picks) => {
    let doc = JSON.parse(text) as Json;
    for (const pick of picks) {
      const all = paths(doc).filter((p) => p.length > 0);
      const target = all[Math.floor(pick * all.length)];
      if (!target) break;
      doc = edit(doc, target, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      });
    }
    lintText(JSON.stringify(doc, null, 1));
  });

  const otherValue = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 10 }), fc.constant([]), fc.constant({}), fc.constant([1, 'x', null]));
  test.prop([seed, fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), otherValue), { minLength: 1, maxLength: 5 })], params)('swapped types', (text, swaps) => {
    let doc = JSON.parse(text) as Json;
    for (const [pick, value] of swaps) {
      const all = paths(doc);
      const target = all[Math.floor(pick * all.length)];
      if (!target || target.length === 0) {
        doc = value as Json;
        continue;
      }
      doc = edit(doc, target, (parent, key) => {
        (parent as Record<string, Json>)[key as string] = value as Json;
      });
    }
    lintText(JSON.stringify(doc, null, 1));
  });
});

describe('YAML path never throws', () => {
  const yamlSeeds = SEEDS.slice(0, 2).concat(SEEDS[4] ?? '').map((t) => stringify(JSON.parse(t)));
  test.prop([fc.constantFrom(...yamlSeeds), fc.double({ min: 0, max: 1, noNaN: true }), fc.string({ maxLength: 20 })], yamlParams)(
    'truncated and garbled YAML',
    (text, at, garbage) => {
      const i = Math.floor(text.length * at);
      lintText(text.slice(0, i) + garbage + text.slice(i, Math.floor(i + (text.length - i) * at)));
    },
  );
});
