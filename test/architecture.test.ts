// The written architecture (ARCHITECTURE.md) is the enforced one (scripts/layers.mjs, eslint.config.js): the table
// matches, every module is in a layer, and the linter really fails on a wrong-way import and on a cycle.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS } from '../scripts/layers.mjs';

const ROOT = path.resolve(__dirname, '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) walk(rel, out);
    else if (rel.endsWith('.ts')) out.push(rel);
  }
  return out;
}

/** The layer table of ARCHITECTURE.md: name → [paths, may import]. */
function documentedLayers(): Array<{ name: string; paths: string[]; mayImport: string[] }> {
  const doc = fs.readFileSync(path.join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  return doc
    .split('\n')
    .filter((l) => /^\| [a-z]+ \| `/.test(l))
    .map((line) => {
      const [name = '', paths = '', may = ''] = line.split('|').slice(1, -1).map((c) => c.trim());
      return {
        name,
        paths: [...paths.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ''),
        mayImport: may === '—' ? [] : may.split(',').map((s) => s.trim()),
      };
    });
}

describe('architecture', () => {
  it('ARCHITECTURE.md draws the layers the linter enforces', () => {
    expect(documentedLayers()).toEqual(LAYERS.map((l) => ({ name: l.name, paths: [...l.paths], mayImport: [...l.mayImport] })));
  });

  it('every module under src/ and rules/ belongs to a layer', () => {
    const orphans = [...walk('src'), ...walk('rules')].filter((f) => !LAYERS.some((l) => l.paths.some((p) => f === p || f.startsWith(`${p}/`))));
    expect(orphans).toEqual([]);
  });

  it('the linter fails on an import that goes up a layer, and on a cycle', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [upward] = await eslint.lintText("import { problemCount } from '../report/summary.js';\nexport const x = problemCount;\n", { filePath: path.join(ROOT, 'src/load/wrong-way.ts') });
    expect(upward?.messages.map((m) => m.ruleId)).toContain('import-x/no-restricted-paths');
    // A cycle needs real files on both ends.
    const a = path.join(ROOT, `src/model/cycle-a-${process.pid}.ts`);
    const b = path.join(ROOT, `src/model/cycle-b-${process.pid}.ts`);
    try {
      fs.writeFileSync(a, `import { b } from './cycle-b-${process.pid}.js';\nexport const a = (): number => b() + 1;\n`);
      fs.writeFileSync(b, `import { a } from './cycle-a-${process.pid}.js';\nexport const b = (): number => a() - 1;\n`);
      const [cycle] = await eslint.lintFiles([a]);
      expect(cycle?.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
    } finally {
      fs.rmSync(a, { force: true });
      fs.rmSync(b, { force: true });
    }
  }, 60_000);
});
