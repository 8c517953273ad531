// The piecewise path for inputs beyond V8's largest string, checked on small inputs with a tiny piece size: it must
// build exactly the tree JSON.parse builds, place errors where JSON.parse's would be, and the CLI must give the same
// findings as the normal path.
import fs from 'node:fs';
import path from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { InputError } from '../../src/load/errors.js';
import { parseJsonPieces, parseJsonSource, plain } from './pieces.js';
import { bufferSource } from '../../src/load/json/source.js';
import { LazyList, isList } from '../../src/load/json/values.js';
import { parseJson } from '../../src/load/json/parse.js';

const EXAMPLE = path.resolve(__dirname, '../../fixtures/example/config_dump.json');

describe('parseJsonPieces', () => {
  it('builds the same tree as JSON.parse for a real dump cut into 200-byte pieces', () => {
    const bytes = fs.readFileSync(EXAMPLE);
    expect(parseJsonPieces(bytes, 'x', 0, 200)).toEqual(JSON.parse(bytes.toString('utf8')));
  });

  test.prop([fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 1, max: 64 }), fc.constantFrom(0, 2, '\t')], { numRuns: 300 })(
    'equals JSON.parse on random documents and piece sizes',
    (value, pieceBytes, indent) => {
      const text = JSON.stringify(value, null, indent);
      expect(parseJsonPieces(Buffer.from(text), 'x', 0, pieceBytes)).toEqual(JSON.parse(text));
    },
  );

  it('keeps "__proto__" an own property, as JSON.parse does', () => {
    const parsed = parseJsonPieces(Buffer.from('{"__proto__": {"polluted": 1}, "a": [1, 2, 3, 4, 5, 6, 7, 8]}'), 'x', 0, 4) as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(parsed, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('locates a syntax error inside a piece at the same line and column as the whole-text parser', () => {
    const text = fs.readFileSync(EXAMPLE, 'utf8').replace('"route_config_name": "8080"', '"route_config_name": 80 80');
    let whole: InputError | undefined;
    let pieces: InputError | undefined;
    try {
      parseJson(text, 'x');
    } catch (e) {
      whole = e as InputError;
    }
    try {
      parseJsonPieces(Buffer.from(text), 'x', 0, 300);
    } catch (e) {
      pieces = e as InputError;
    }
    expect(whole?.line).toBeGreaterThan(1);
    expect([pieces?.line, pieces?.column]).toEqual([whole?.line, whole?.column]);
  });
});

describe('the CLI on the piecewise path', () => {
  const bin = path.resolve(__dirname, '../../dist/bin/envoy-lint.js');
  it.skipIf(!fs.existsSync(bin))('gives the same JSON report as the normal path (run `npm run build` first)', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, [bin, '-f', 'json', EXAMPLE, path.resolve(__dirname, '../../fixtures/example/iptables-save.txt')], { encoding: 'utf8', env: { ...process.env, ...env } });
    const normal = run({});
    const large = run({ ENVOY_LINT_LARGE_INPUT_BYTES: '1000', ENVOY_LINT_PIECE_BYTES: '500' });
    expect(normal.status).toBe(1);
    expect(large.status).toBe(1);
    expect(large.stdout).toBe(normal.stdout);
  });
});

describe('the CLI without WebAssembly (node --jitless)', () => {
  const bin = path.resolve(__dirname, '../../dist/bin/envoy-lint.js');
  // The scanner's container skip falls back to its byte loop: the same report, whole and piecewise.
  it.skipIf(!fs.existsSync(bin))('gives the same JSON report as with it', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = (flags: string[], env: Record<string, string>) =>
      spawnSync(process.execPath, [...flags, bin, '-f', 'json', EXAMPLE], { encoding: 'utf8', env: { ...process.env, ...env } });
    const envs: Array<Record<string, string>> = [{}, { ENVOY_LINT_LARGE_INPUT_BYTES: '1000', ENVOY_LINT_PIECE_BYTES: '500' }];
    for (const env of envs) {
      const normal = run([], env);
      const jitless = run(['--jitless'], env);
      expect(normal.status).toBe(1);
      expect(jitless.stderr).not.toMatch(/internal error/);
      expect([jitless.status, jitless.stdout]).toEqual([normal.status, normal.stdout]);
    }
  });
});

describe('lazy lists', () => {
  test.prop([fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 1, max: 64 })], { numRuns: 300 })('read the same as JSON.parse', (value, pieceBytes) => {
    const text = JSON.stringify(value, null, 1);
    expect(plain(parseJsonSource(bufferSource(Buffer.from(text), 'x'), 0, pieceBytes).root)).toEqual(JSON.parse(text));
  });
});

describe('a damaged resource inside a lazily read dump', () => {
  const bin = path.resolve(__dirname, '../../dist/bin/envoy-lint.js');
  it.skipIf(!fs.existsSync(bin))('is a located input error (exit 2), not a crash', async () => {
    const { spawnSync } = await import('node:child_process');
    const os = await import('node:os');
    const text = fs.readFileSync(EXAMPLE, 'utf8').replace('"cluster_name": "outbound|9080|v1|ratings.default.svc.cluster.local"', '"cluster_name": outbound');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-lazy-')), 'damaged.json');
    fs.writeFileSync(file, text);
    const result = spawnSync(process.execPath, [bin, file], { encoding: 'utf8', env: { ...process.env, ENVOY_LINT_LARGE_INPUT_BYTES: '1000', ENVOY_LINT_PIECE_BYTES: '500' } });
    expect(result.status).toBe(2);
    const line = text.split('\n').findIndex((l) => l.includes('"cluster_name": outbound')) + 1;
    expect(result.stderr).toMatch(new RegExp(`damaged\\.json:${line}:\\d+: invalid JSON`));
    expect(result.stderr).not.toMatch(/internal error|^\s+at /m);
  });
});

describe('a lazy list', () => {
  it('is a LazyList, not an array: its length, at(), for-of and firstByte see every element, parsed on each read', () => {
    const list = parseJsonSource(bufferSource(Buffer.from('[{"a":1},7,{"a":3}]'), 'x'), 0, 8).root;
    expect(list).toBeInstanceOf(LazyList);
    if (!(list instanceof LazyList)) return;
    expect(Array.isArray(list)).toBe(false);
    expect(isList(list)).toBe(true);
    expect(list.length).toBe(3);
    expect(list.at(0)).toEqual({ a: 1 });
    expect(list.at(0)).not.toBe(list.at(0)); // parsed again: nothing is kept
    expect(list.at(3)).toBeUndefined();
    expect([...list]).toEqual([{ a: 1 }, 7, { a: 3 }]);
    expect([0, 1, 2].map((i) => String.fromCharCode(list.firstByte(i)))).toEqual(['{', '7', '{']);
  });
});
