// Reading a fleet's inputs again to place its mesh findings (src/fleet/reopen.ts): the same positions as the first
// read, each input read once, and a file that changed since it was stamped is an input error, never wrong lines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InputError } from '../../src/load/errors.js';
import { Reopener } from '../../src/fleet/reopen.js';

const DUMP = `kubectl says hello\n${JSON.stringify({ configs: [{ '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', static_clusters: [{ cluster: { name: 'a' } }] }] }, null, 2)}\n`;
let dir = '';
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function setUp(): { file: string; errors: InputError[]; reopener: Reopener } {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-reopen-'));
  const file = path.join(dir, 'config_dump.json');
  fs.writeFileSync(file, DUMP);
  const errors: InputError[] = [];
  return { file, errors, reopener: new Reopener([file, { name: 'bundle.tar!/dump.json', bytes: Buffer.from(DUMP) }], undefined, (e) => errors.push(e)) };
}

describe('Reopener', () => {
  it('locates pointers and reads lines as the first read did (after the skipped noise line), for files and bytes in memory', () => {
    const { file, errors, reopener } = setUp();
    const pointer = '/configs/0/static_clusters/0/cluster/name';
    // Where "a" is, read off the text.
    const lines = DUMP.split('\n');
    const line = lines.findIndex((l) => l.endsWith('"name": "a"')) + 1;
    const column = (lines[line - 1]?.indexOf('"a"') ?? 0) + 1;
    for (const name of [file, 'bundle.tar!/dump.json']) {
      expect(reopener.locate(name, [pointer])?.get(pointer)).toEqual({ line, column, endLine: line, endColumn: column + 3 });
      expect(reopener.lineTexts(name, [line]).get(line)).toBe(lines[line - 1]);
    }
    expect(errors).toEqual([]);
  });

  it('a file rewritten after it was stamped is an input error, and its pointers get no span', () => {
    const { file, errors, reopener } = setUp();
    fs.writeFileSync(file, DUMP.replace('"a"', '"b"'));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(reopener.locate(file, ['/configs'])).toBeUndefined();
    expect(reopener.lineTexts(file, [1]).size).toBe(0);
    expect(errors.map((e) => e.message)).toEqual(['the file changed after it was read: lint a copy that nothing writes to']);
  });

  it('an input it was not given (a pipe) gets no span and no error', () => {
    const { errors, reopener } = setUp();
    expect(reopener.locate('<stdin>', ['/configs'])).toBeUndefined();
    expect(errors).toEqual([]);
  });
});
