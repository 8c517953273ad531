// Damaged input must never make the parser or the model throw.
import { fuzzRuns } from '../fuzz/budget.js';
import { fc, test } from '@fast-check/vitest';
import { parseIptables } from '../../src/load/iptables/index.js';
import { interception } from '../../src/model/interception/index.js';
import { fixture, fixtureNames } from './helpers.js';

const texts = fixtureNames().map((name) => fixture(name));
const anyFile = fc.constantFrom(...texts);
const params = { numRuns: fuzzRuns(200, 4) };

function parseAndModel(text: string): void {
  const p = parseIptables(text, 'fuzz.txt');
  for (const f of p.families) interception(f);
  for (const e of p.errors) if (e.line < 1 || e.column < 1) throw new Error(`bad location ${JSON.stringify(e)}`);
}

test.prop([anyFile, fc.nat()], params)('truncation at any byte', (text, cut) => {
  parseAndModel(text.slice(0, cut % (text.length + 1)));
});

test.prop([anyFile, fc.array(fc.nat(), { maxLength: 8 })], params)('deleting lines', (text, drops) => {
  const lines = text.split('\n');
  for (const d of drops) lines.splice(d % Math.max(lines.length, 1), 1);
  parseAndModel(lines.join('\n'));
});

test.prop([anyFile, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 })], params)(
  'flipping bytes',
  (text, flips) => {
    const bytes = Buffer.from(text, 'utf8');
    for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
    parseAndModel(bytes.toString('utf8'));
  },
);

test.prop([fc.array(fc.constantFrom('-A', '-I', '-N', '!', '-j', '-g', '-m', 'multiport', '--dports', '-p', 'tcp', '1:2', 'X', '*nat', 'COMMIT', ':X', '-', '[0:0]', 'Chain', '(policy', 'ACCEPT)', '"', '#', '\n'), { maxLength: 40 })], params)(
  'random token soup',
  (tokens) => {
    parseAndModel(tokens.join(' '));
  },
);
