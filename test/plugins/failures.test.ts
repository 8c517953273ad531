// Every way a plugin can fail (fixtures/plugins/broken/): a clear one-line error naming the plugin and exit code 2,
// or — for a rule that throws while it runs — an error finding of that rule while the other rules still run.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, PluginError } from '../../src/index.js';
import { exportsTarget, isPathSpec, resolvePlugin } from '../../src/plugins/resolve.js';
import { cli, tempDir } from '../cli/helpers.js';
import { ACME, BROKEN, configDir, EXAMPLE } from './helpers.js';

const EXPORTS_HINT = 'expected `export default [rule, ...]`, `export default { rules: [rule, ...] }` or `export const rules = [rule, ...]`';

/** module in fixtures/plugins/broken → the exact stderr line after `envoy-lint: plugin "./<module>": `. */
const CASES: Record<string, string> = {
  'no-rules.mjs': `exports no rules: ${EXPORTS_HINT} (it exports "helper", "version")`,
  'rules-object.mjs': `its default export's "rules" is not a list: ${EXPORTS_HINT}`,
  'empty.mjs': 'exports an empty list of rules',
  'collision.mjs': 'its namespace "acme" (rule "acme/require-route-timeout") is already used by plugin "../acme"',
  'builtin-id.mjs': 'rule "dangling-cluster" has the id of a built-in rule: plugin rule ids are namespaced, e.g. "acme/dangling-cluster"',
  'not-namespaced.mjs': 'rule "no-passthrough": id: plugin rule ids are "<namespace>/<rule>" in kebab-case, e.g. "acme/require-route-timeout"',
  'mixed-namespaces.mjs': 'the rule ids of one plugin share one namespace: "team-a/check" and "team-b/check"',
  'bad-meta.mjs':
    'rule "bad/meta": meta: unknown key "helpUrl" (expected description, defaultSeverity, messages, optionsSchema, docsUrl); rule "bad/meta": meta.description: must not be empty; rule "bad/meta": meta.defaultSeverity: must be one of error, warning, info; rule "bad/meta": meta.messages: needs at least one message; rule "bad/run": "run" must be a function (the rule\'s check)',
  'bad-options.mjs': 'rule "badopts/limit": defaultOptions.limit must be >= 1 (they must pass meta.optionsSchema)',
  'throws-on-import.mjs': `failed while loading ${path.join(BROKEN, 'throws-on-import.mjs')}: ACME_RULES_TOKEN is not set`,
};

describe('a plugin that cannot be used is exit 2 with one line naming it', () => {
  for (const [module, reason] of Object.entries(CASES)) {
    it(`--plugin ${module}`, async () => {
      const result = await cli(['--plugin', '../acme', '--plugin', `./${module}`, EXAMPLE], { cwd: BROKEN });
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(`envoy-lint: plugin "./${module}": ${reason}\n`);
    });
  }

  it('every broken plugin is reported in one run, and --list-rules still lists what loaded (exit 2)', async () => {
    const argv = Object.keys(CASES).flatMap((m) => ['--plugin', `./${m}`]);
    const result = await cli(['--list-rules', '--plugin', '../acme', ...argv], { cwd: BROKEN });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(Object.keys(CASES).length);
    expect(result.stdout).toMatch(/^acme\/require-route-timeout\s/m);
  });

  it('in the config file, the error is located at the entry of "plugins"', async () => {
    const dir = configDir({ plugins: [ACME, path.join(BROKEN, 'throws-on-import.mjs')], rules: { 'acme/require-route-timeout': 'error', 'other/rule': 'off' } });
    const result = await cli([EXAMPLE], { cwd: dir });
    expect(result.exitCode).toBe(2);
    // The unknown plugin rule id is not reported again while a plugin failed.
    expect(result.stderr).toBe(`envoy-lint: .envoy-lint.json:4:5: plugins[1]: plugin "${path.join(BROKEN, 'throws-on-import.mjs')}": failed while loading ${path.join(BROKEN, 'throws-on-import.mjs')}: ACME_RULES_TOKEN is not set\n`);
  });

  it('a missing file, a missing package, and a bare file name (never guessed to be the file)', async () => {
    const cases: Array<[string, RegExp]> = [
      ['./nope.mjs', /^envoy-lint: plugin "\.\/nope\.mjs": no such file: .*nope\.mjs\n$/],
      ['@acme/not-installed', /^envoy-lint: plugin "@acme\/not-installed": no package "@acme\/not-installed" in node_modules of .* or its parents/],
      ['empty.mjs', /^envoy-lint: plugin "empty\.mjs": no package "empty\.mjs" .*; to load the file .*empty\.mjs, write "\.\/empty\.mjs"\n$/],
    ];
    for (const [spec, expected] of cases) {
      const result = await cli(['--plugin', spec, EXAMPLE], { cwd: BROKEN });
      expect(result.exitCode, spec).toBe(2);
      expect(result.stderr, spec).toMatch(expected);
    }
  });

  it('a plugin rule id in the config without its plugin is an unknown rule that says to name the plugin', async () => {
    const dir = configDir({ rules: { 'acme/require-route-timeout': 'error' } });
    const result = await cli([EXAMPLE], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('rules.acme/require-route-timeout: unknown rule "acme/require-route-timeout"');
    expect(result.stderr).toContain('(no plugin with rules "acme/..." is loaded: name it in "plugins")');
  });

  it('lint() rejects with the same PluginError', async () => {
    for (const [module, reason] of Object.entries(CASES)) {
      if (module === 'collision.mjs') continue;
      const error: unknown = await lint([EXAMPLE], { plugins: [`./${module}`], cwd: BROKEN }).catch((e: unknown) => e);
      expect(error, module).toBeInstanceOf(PluginError);
      expect((error as PluginError).message, module).toBe(`plugin "./${module}": ${reason}`);
    }
  });
});

describe('a rule that throws while it runs', () => {
  it('becomes an error finding of that rule; the plugin\'s other rules and the built-in ones still run', async () => {
    const result = await cli(['--plugin', path.join(BROKEN, 'throws-at-lint.mjs'), '-f', 'json', EXAMPLE], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; severity: string; message: string }> };
    expect(report.findings.find((f) => f.ruleId === 'flaky/throws')).toMatchObject({ severity: 'error', message: 'rule flaky/throws failed: cannot handle 7 clusters' });
    expect(report.findings.find((f) => f.ruleId === 'flaky/counts-clusters')?.message).toBe('the proxy has 7 clusters');
    expect(report.findings.some((f) => f.ruleId === 'dangling-route-config')).toBe(true);
  });
});

describe('plugin resolution', () => {
  it('tells paths from package names', () => {
    for (const spec of ['./x.mjs', '../x', '.', '/abs/x.mjs', 'file:///abs/x.mjs']) expect(isPathSpec(spec), spec).toBe(true);
    for (const spec of ['x.mjs', 'acme-rules', '@acme/envoy-lint-rules', '@acme/rules/sub']) expect(isPathSpec(spec), spec).toBe(false);
  });

  it('reads package "exports" with the import, node and default conditions', () => {
    expect(exportsTarget('./index.mjs', '.')).toBe('./index.mjs');
    expect(exportsTarget({ require: './index.cjs', import: './index.mjs' }, '.')).toBe('./index.mjs');
    expect(exportsTarget({ '.': { types: './i.d.ts', default: './i.js' }, './extra': './extra.mjs' }, './extra')).toBe('./extra.mjs');
    expect(exportsTarget({ './rules/*': './lib/*.mjs' }, './rules/timeouts')).toBe('./lib/timeouts.mjs');
    expect(exportsTarget({ '.': { require: './i.cjs' } }, '.')).toBeUndefined();
    expect(exportsTarget({ '.': './i.js' }, './private')).toBeUndefined();
  });

  it('resolves a directory through its package.json, and a package subpath through "exports"', () => {
    expect(resolvePlugin('./acme', path.dirname(ACME)).file).toBe(path.join(ACME, 'index.mjs'));
    const dir = tempDir();
    const pkg = path.join(dir, 'node_modules/@acme/rules');
    fs.mkdirSync(path.join(pkg, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@acme/rules', type: 'module', exports: { '.': './lib/all.mjs', './timeouts': { import: './lib/timeouts.mjs' } } }));
    fs.writeFileSync(path.join(pkg, 'lib/all.mjs'), 'export default [];\n');
    fs.writeFileSync(path.join(pkg, 'lib/timeouts.mjs'), 'export default [];\n');
    const nested = path.join(dir, 'a/b');
    fs.mkdirSync(nested, { recursive: true });
    expect(resolvePlugin('@acme/rules', nested)).toEqual({ spec: '@acme/rules', kind: 'package', file: path.join(fs.realpathSync(pkg), 'lib/all.mjs') });
    expect(resolvePlugin('@acme/rules/timeouts', nested).file).toBe(path.join(fs.realpathSync(pkg), 'lib/timeouts.mjs'));
    expect(() => resolvePlugin('@acme/rules/private', nested)).toThrow(/does not export "\.\/private"/);
  });
});
