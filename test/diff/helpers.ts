// What the diff tests share: running `envoy-lint diff` in-process, and finding a text's place in a file by reading it.
import fs from 'node:fs';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { ROOT, Sink } from '../cli/helpers.js';

/** `file:line:column` of `offset` characters into the first `text` at or after `after`, read from the file. */
export function at(file: string, text: string, offset: number, after = 0): string {
  const content = fs.readFileSync(file, 'utf8');
  const index = content.indexOf(text, after);
  expect(index, `"${text}" in ${file}`).toBeGreaterThanOrEqual(0);
  const before = content.slice(0, index + offset).split('\n');
  return `${file}:${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}

export async function diff(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(['diff', ...args], { stdout, stderr, env: {}, cwd: ROOT });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
