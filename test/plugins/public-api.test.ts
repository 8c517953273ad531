// The public surface as a user meets it: a consumer's TypeScript type-checks against the package's types (from the
// sources, and from the built declarations through package.json "exports"), the declarations have no `any`, and the
// tutorial of docs/rule-api.md works as written: a rule in a new .mjs file, named in .envoy-lint.json, reported in
// every output format (also on fleet worker threads).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST_BIN, ROOT, tempDir } from '../cli/helpers.js';
import { EXAMPLE } from './helpers.js';

const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const DIST_TYPES = path.join(ROOT, 'dist/src/index.d.ts');
const built = fs.existsSync(DIST_BIN) && fs.existsSync(DIST_TYPES);

const CONSUMER = `
import { defineRule, lint, loadInputs, LintInputError, PluginError, BUILTIN_RULES, type ClusterNode, type Report, type Rule, type iptables } from 'envoy-lint';

export const rule = defineRule<'slow', { maxTimeoutSeconds: number }>({
  id: 'acme/slow-route',
  meta: {
    description: 'A route waits longer than allowed.',
    defaultSeverity: 'warning',
    messages: { slow: '{{route}} waits {{timeout}}, more than {{max}}s' },
    optionsSchema: { type: 'object', properties: { maxTimeoutSeconds: { type: 'number' } } },
  },
  defaultOptions: { maxTimeoutSeconds: 30 },
  run({ graph, options, target, report }) {
    const max: number = options.maxTimeoutSeconds;
    for (const rc of graph.routeConfigs)
      for (const vh of rc.virtualHosts)
        for (const route of vh.routes) {
          const timeout = route.actionDetails?.timeout;
          if (timeout !== undefined && Number.parseFloat(timeout) > max) {
            report({ messageId: 'slow', data: { route: route.displayName, timeout, max }, resource: { kind: 'route', name: route.displayName }, origin: route.origin });
          }
          // @ts-expect-error: an unknown message id is a type error
          report({ messageId: 'fast', resource: { kind: 'route', name: '' }, origin: route.origin });
        }
    const cluster: ClusterNode | undefined = graph.cluster('outbound|80||a');
    if (cluster) {
      const limits: number | undefined = cluster.circuitBreakers?.thresholds[0]?.maxConnections;
      void limits;
      void graph.endpointsFor(cluster)?.healthyCount;
    }
    const parses: iptables.IptablesParse[] = target.iptables.map((i) => i.parse);
    void parses;
    void graph.unresolved().map((ref) => graph.resolves(ref));
  },
});

export const all: readonly Rule[] = BUILTIN_RULES;

export async function check(): Promise<number> {
  try {
    const report: Report = await lint(['config_dump.json'], { plugins: ['./rules.mjs'], rules: { 'acme/slow-route': ['error', { maxTimeoutSeconds: 10 }] } });
    const { graph, problems } = loadInputs(['config_dump.json']);
    return report.summary.error + graph.clusters.length + problems.length;
  } catch (error) {
    if (error instanceof LintInputError) return error.problems.length + error.report.findings.length;
    if (error instanceof PluginError) return error.plugin.length;
    throw error;
  }
}
`;

const COMPILER_OPTIONS = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2023'],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: false,
  resolveJsonModule: true,
  noEmit: true,
  types: ['node'],
  typeRoots: [path.join(ROOT, 'node_modules/@types')],
};

function typeCheck(dir: string, compilerOptions: Record<string, unknown>): string {
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
  fs.writeFileSync(path.join(dir, 'consumer.ts'), CONSUMER);
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...COMPILER_OPTIONS, ...compilerOptions }, files: ['consumer.ts'] }));
  const result = spawnSync(process.execPath, [TSC, '-p', path.join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.trim();
}

/** A temp project with envoy-lint "installed" (node_modules/envoy-lint → this repository). */
function project(): string {
  const dir = tempDir('envoy-lint-consumer-');
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules/envoy-lint'), 'dir');
  return dir;
}

describe('the public types', () => {
  it('a consumer type-checks against src/index.ts', () => {
    const dir = tempDir('envoy-lint-consumer-');
    expect(typeCheck(dir, { skipLibCheck: true, paths: { 'envoy-lint': [path.join(ROOT, 'src/index.ts')] } })).toBe('');
  }, 60_000);

  it.skipIf(!built)('a consumer type-checks against the built declarations through package.json "exports" (run `npm run build` first)', () => {
    expect(typeCheck(project(), { skipLibCheck: false })).toBe('');
  }, 60_000);

  it.skipIf(!built)('the declarations reachable from the package entry never say `any`', () => {
    const seen = new Set<string>();
    const queue = [DIST_TYPES];
    const offenders: string[] = [];
    while (queue.length > 0) {
      const file = queue.pop() ?? '';
      if (seen.has(file) || !fs.existsSync(file)) continue;
      seen.add(file);
      const text = fs.readFileSync(file, 'utf8');
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').replace(/'[^'\n]*'|"[^"\n]*"/g, (s) => (s.includes('./') ? s : "''"));
      if (/\bany\b/.test(code)) offenders.push(path.relative(ROOT, file));
      for (const m of text.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
        queue.push(path.resolve(path.dirname(file), (m[1] ?? '').replace(/\.js$/, '.d.ts')));
      }
    }
    expect(seen.size).toBeGreaterThan(5);
    expect(offenders).toEqual([]);
  });
});

function docBlock(doc: string, start: RegExp): string {
  const block = [...doc.matchAll(/```(?:js|json)\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((b) => start.test(b));
  if (block === undefined) throw new Error(`docs/rule-api.md has no code block matching ${start}`);
  return block;
}

describe.skipIf(!built)('the tutorial of docs/rule-api.md, with the built CLI (run `npm run build` first)', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/rule-api.md'), 'utf8');
  const setUp = (): string => {
    const dir = project();
    fs.mkdirSync(path.join(dir, 'lint-rules'));
    fs.writeFileSync(path.join(dir, 'lint-rules/no-passthrough.mjs'), docBlock(doc, /^\/\/ lint-rules\/no-passthrough\.mjs\n/));
    fs.writeFileSync(path.join(dir, '.envoy-lint.json'), docBlock(doc, /^\{\n\s+"plugins": \["\.\/lint-rules\/no-passthrough\.mjs"\]/));
    fs.copyFileSync(EXAMPLE, path.join(dir, 'config_dump.json'));
    return dir;
  };
  const envoyLint = (dir: string, argv: string[]): { status: number | null; stdout: string; stderr: string } =>
    spawnSync(process.execPath, [DIST_BIN, ...argv], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });

  it('the rule in a new .mjs file, named in .envoy-lint.json, is reported in every output format', () => {
    const dir = setUp();
    const list = envoyLint(dir, ['--list-rules']);
    expect(list.stdout).toMatch(/^platform\/no-passthrough\s+error\s+\.\/lint-rules\/no-passthrough\.mjs\s+A route or TCP proxy/m);
    const formats = ['text', 'compact', 'json', 'sarif', 'github', 'junit', 'html', 'dot', 'mermaid'];
    const run = envoyLint(dir, [...formats.flatMap((f) => ['-f', f, '-o', `out/report.${f}`]), 'config_dump.json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    for (const format of formats) {
      expect(fs.readFileSync(path.join(dir, `out/report.${format}`), 'utf8'), format).toContain('platform/no-passthrough');
    }
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as { findings: Array<{ ruleId: string; location: { line: number; column: number } }> };
    const lines = json.findings.filter((f) => f.ruleId === 'platform/no-passthrough').map((f) => `config_dump.json:${f.location.line}:${f.location.column}`);
    // The lines the tutorial shows.
    for (const where of lines) expect(doc).toContain(`${where}  error`);
    expect(lines).toHaveLength(2);
  }, 60_000);

  it('plugin rules run on fleet worker threads too, with the same output as one thread', () => {
    const dir = setUp();
    fs.mkdirSync(path.join(dir, 'fleet'));
    fs.copyFileSync(EXAMPLE, path.join(dir, 'fleet/a.json'));
    fs.copyFileSync(EXAMPLE, path.join(dir, 'fleet/b.json'));
    const one = envoyLint(dir, ['-j', '1', '-f', 'json', '--plugin', path.join(ROOT, 'fixtures/plugins/acme'), 'fleet']);
    const two = envoyLint(dir, ['-j', '2', '-f', 'json', '--plugin', path.join(ROOT, 'fixtures/plugins/acme'), 'fleet']);
    expect(two.stdout).toBe(one.stdout);
    const report = JSON.parse(two.stdout) as { findings: Array<{ ruleId: string }> };
    expect(report.findings.filter((f) => f.ruleId === 'platform/no-passthrough')).toHaveLength(4);
    expect(report.findings.filter((f) => f.ruleId.startsWith('acme/'))).toHaveLength(18);
  }, 60_000);
});
