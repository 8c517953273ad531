// Keeps the registry, the rule files, their docs, the generated types and the proto descriptor in step.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../rules/index.js';

const ROOT = path.resolve(__dirname, '..');
const REQUIRED_SECTIONS = ['## What it does', '## Why it matters', '## Example', '## How to fix', '## Control planes', '## References', '## Options'];

describe('rules, docs and registry', () => {
  const ruleFiles = fs.readdirSync(path.join(ROOT, 'rules')).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'));

  it('every rule file is registered and every registered rule has a file named by its id', () => {
    expect(ruleFiles.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(BUILTIN_RULES.map((r) => r.id).sort());
  });

  it('rule ids are unique kebab-case', () => {
    const ids = BUILTIN_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
  });

  for (const rule of BUILTIN_RULES) {
    it(`${rule.id} has a doc whose description matches meta and whose sections are all there`, () => {
      const docPath = path.join(ROOT, 'rules', `${rule.id}.md`);
      expect(fs.existsSync(docPath), docPath).toBe(true);
      const doc = fs.readFileSync(docPath, 'utf8');
      const lines = doc.split('\n');
      expect(lines[0]).toBe(`# ${rule.id}`);
      expect(lines[2]).toBe(rule.meta.description);
      expect(doc).toContain(`Default severity: **${rule.meta.defaultSeverity}**`);
      // The sections are the doc's `## ` headings, in REQUIRED_SECTIONS order, each once and no others.
      const headings = lines.filter((line) => line.startsWith('## ')).map((line) => line.trimEnd());
      expect(headings, rule.id).toEqual(REQUIRED_SECTIONS);
      // References cite at least one web page.
      const references = /\n## References\n([\s\S]*?)(?=\n## |$)/.exec(doc)?.[1] ?? '';
      expect(references, `${rule.id}: ## References needs an http(s) link`).toMatch(/\]\(https?:\/\/[^)\s]+\)/);
      // The Control planes section says what meta.controlPlanes says.
      const scope = /## Control planes\n([^\n]+)/.exec(doc)?.[1] ?? '';
      if (rule.meta.controlPlanes) expect(scope, rule.id).toMatch(/^Istio only/);
      else expect(scope, rule.id).toBe('All control planes.');
      // Fixture paths the doc names must exist.
      for (const [, fixture] of doc.matchAll(/`(fixtures\/[^`]+\.json)`/g)) expect(fs.existsSync(path.join(ROOT, fixture ?? '')), fixture).toBe(true);
    });

    it(`${rule.id} has ruleTester cases (test/rules/${rule.id}.test.ts)`, () => {
      const file = path.join(ROOT, 'test/rules', `${rule.id}.test.ts`);
      expect(fs.existsSync(file), file).toBe(true);
      // Mesh rules run over several proxies: their cases are meshes (test/mesh-tester.ts).
      expect(fs.readFileSync(file, 'utf8')).toMatch(rule.scope === 'mesh' ? /meshRuleTester\(rule, \{/ : /ruleTester\(rule, \{/);
    });

    it(`${rule.id} messages name what to do, and the README lists it`, () => {
      const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
      expect(readme).toContain(`[\`${rule.id}\`](rules/${rule.id}.md)`);
      for (const message of Object.values<string>(rule.meta.messages)) expect(message.length).toBeGreaterThan(30);
    });
  }
});

describe('generated files are current', () => {
  it('src/generated/*.ts match schemas/*.schema.json (run `npm run gen`)', async () => {
    const { generateTypes } = (await import(path.join(ROOT, 'scripts/gen-types-lib.mjs'))) as { generateTypes: () => Promise<Record<string, string>> };
    for (const [file, text] of Object.entries(await generateTypes())) {
      expect(fs.readFileSync(path.join(ROOT, file), 'utf8'), file).toBe(text);
    }
  });

  it('src/generated/validate-*.ts are ajv standalone validators of schemas/*.schema.json (run `npm run gen`)', async () => {
    const { generateValidators } = (await import(path.join(ROOT, 'scripts/gen-validators-lib.mjs'))) as { generateValidators: () => Record<string, string> };
    for (const [file, text] of Object.entries(generateValidators())) {
      expect(fs.readFileSync(path.join(ROOT, file), 'utf8'), file).toBe(text);
    }
  });

  it('src/proto/envoy-types.json matches the protos of the installed @grpc/grpc-js-xds (run `npm run gen`)', async () => {
    const { buildTypeTable } = (await import(path.join(ROOT, 'scripts/proto-sources.mjs'))) as { buildTypeTable: () => unknown };
    const committed = fs.readFileSync(path.join(ROOT, 'src/proto/envoy-types.json'), 'utf8');
    expect(committed).toBe(`${JSON.stringify(buildTypeTable())}\n`);
  }, 60_000);

  it('src/generated/scan-wasm.ts is src/load/json/scan.wat assembled (run `npm run gen`)', async () => {
    const { generateScanWasm } = (await import(path.join(ROOT, 'scripts/scan-wasm-lib.mjs'))) as { generateScanWasm: () => Promise<Record<string, string>> };
    for (const [file, text] of Object.entries(await generateScanWasm())) {
      expect(fs.readFileSync(path.join(ROOT, file), 'utf8'), file).toBe(text);
    }
  });

  it('src/generated/html-client.ts is the bundle of src/report/html/client/ (run `npm run gen`)', async () => {
    const { generateHtmlClient } = (await import(path.join(ROOT, 'scripts/html-client-lib.mjs'))) as { generateHtmlClient: () => Promise<Record<string, string>> };
    for (const [file, text] of Object.entries(await generateHtmlClient())) {
      expect(fs.readFileSync(path.join(ROOT, file), 'utf8'), file).toBe(text);
    }
  }, 60_000);
});
