// The example plugin (fixtures/plugins/acme) through the CLI and the library API on the bundled example dump.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { lint, PluginError, type Report } from '../../src/index.js';
import { cli, ROOT, tempDir } from '../cli/helpers.js';
import { ACME, BROKEN, configDir, EXAMPLE, located } from './helpers.js';

const isAcme = (id: string): boolean => id.startsWith('acme/');

/** The acme findings on fixtures/example/config_dump.json with the rules' default options. */
const EXPECTED = [
  'config_dump.json:52:21 acme/require-circuit-breakers',
  'config_dump.json:69:21 acme/require-circuit-breakers',
  'config_dump.json:86:21 acme/require-circuit-breakers',
  'config_dump.json:103:21 acme/require-circuit-breakers',
  'config_dump.json:189:33 acme/require-route-timeout',
  'config_dump.json:343:19 acme/require-route-timeout',
  'config_dump.json:362:19 acme/require-route-timeout',
  'config_dump.json:394:19 acme/require-route-timeout',
  'config_dump.json:412:19 acme/require-route-timeout',
];

describe('the acme plugin', () => {
  it('reports outbound clusters without circuit breakers and routes without a finite timeout (API)', async () => {
    const report = await lint([EXAMPLE], { plugins: [ACME] });
    expect(located(report, isAcme)).toEqual(EXPECTED);
    const messages = report.findings.filter((f) => isAcme(f.ruleId)).map((f) => `${f.resource.kind}:${f.resource.name}`);
    expect(messages).toContain('cluster:outbound|9080||reviews.default.svc.cluster.local');
    expect(messages).toContain('route:route config 9080, virtual host ratings.default.svc.cluster.local:9080, route 0');
    // The built-in rules still run beside the plugin's.
    expect(report.findings.some((f) => f.ruleId === 'dangling-route-config')).toBe(true);
  });

  it('honours rule options from the caller, validated against the rule\'s options schema', async () => {
    const relaxed = await lint([EXAMPLE], { plugins: [ACME], rules: { 'acme/require-route-timeout': ['error', { allowDisabled: true }], 'acme/require-circuit-breakers': 'off' } });
    expect(located(relaxed, isAcme)).toEqual(['config_dump.json:362:19 acme/require-route-timeout']);
    expect(relaxed.findings.find((f) => isAcme(f.ruleId))?.severity).toBe('error');
    await expect(lint([EXAMPLE], { plugins: [ACME], rules: { 'acme/require-route-timeout': ['error', { allowDisabled: 'yes' }] } })).rejects.toThrow(/rules\.acme\/require-route-timeout\[1\]\.allowDisabled: option must be boolean/);
    await expect(lint([EXAMPLE], { rules: { 'acme/require-route-timeout': 'error' } })).rejects.toThrow(/unknown rule "acme\/require-route-timeout".*name it in "plugins"/);
  });

  it('the circuit-breaker rule accepts real limits and flags Istio\'s "unlimited" ones', async () => {
    const dir = tempDir();
    const cluster = (name: string, thresholds?: object[]): object => ({ '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name, type: 'EDS', ...(thresholds ? { circuit_breakers: { thresholds } } : {}) });
    const dump = {
      configs: [
        {
          '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
          dynamic_active_clusters: [
            { cluster: cluster('outbound|80||limited.default.svc.cluster.local', [{ max_connections: 100, max_pending_requests: 10, max_requests: 100 }]) },
            { cluster: cluster('outbound|80||defaults.default.svc.cluster.local', [{ max_retries: 1024 }]) },
            { cluster: cluster('outbound|80||unlimited.default.svc.cluster.local', [{ max_connections: 4294967295, max_pending_requests: 4294967295, max_requests: 4294967295, max_retries: 4294967295 }]) },
            { cluster: cluster('outbound|80||none.default.svc.cluster.local') },
            { cluster: cluster('inbound|80||') },
          ],
        },
      ],
    };
    const file = path.join(dir, 'clusters.json');
    fs.writeFileSync(file, JSON.stringify(dump, null, 2));
    const report = await lint([file], { plugins: [ACME], rules: { 'acme/require-route-timeout': 'off' } });
    const acme = report.findings.filter((f) => isAcme(f.ruleId));
    expect(acme.map((f) => f.resource.name)).toEqual(['outbound|80||unlimited.default.svc.cluster.local', 'outbound|80||none.default.svc.cluster.local']);
    expect(acme[0]?.message).toContain('limits (4294967295/4294967295/4294967295) are all at least 4294967295');
    expect(acme[0]?.location.pointer).toBe('/configs/0/dynamic_active_clusters/2/cluster/circuit_breakers/thresholds/0');
    const lower = await lint([file], { plugins: [ACME], rules: { 'acme/require-route-timeout': 'off', 'acme/require-circuit-breakers': ['warning', { unlimitedAt: 10 }] } });
    expect(lower.findings.filter((f) => isAcme(f.ruleId)).map((f) => f.resource.name)).toContain('outbound|80||limited.default.svc.cluster.local');
  });

  it('lint() returns the same report as the CLI\'s --format json for the same inputs', async () => {
    const fromApi = await lint([EXAMPLE], { plugins: [ACME] });
    const result = await cli(['--plugin', ACME, '--format', 'json', EXAMPLE], { cwd: tempDir() });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(fromApi)));
    expect(result.report).toEqual(fromApi);
  });

  it('is loaded from the config file\'s "plugins", relative to the config file\'s directory', async () => {
    const dir = configDir({ plugins: [path.relative(tempDir(), ACME)] });
    // The relative path is from a sibling temp dir; from `dir` it is the same depth, so it resolves the same.
    const sub = path.join(dir, 'sub');
    fs.mkdirSync(sub);
    const result = await cli(['-f', 'json', EXAMPLE], { cwd: sub });
    expect(result.stderr).toBe('');
    expect(located(JSON.parse(result.stdout) as Report, isAcme)).toEqual(EXPECTED);
  });

  it('is resolved by package name from node_modules of the config file\'s directory', async () => {
    const dir = configDir({ plugins: ['@acme/envoy-lint-rules'], rules: { 'acme/require-circuit-breakers': 'error' } });
    fs.mkdirSync(path.join(dir, 'node_modules/@acme'), { recursive: true });
    fs.symlinkSync(ACME, path.join(dir, 'node_modules/@acme/envoy-lint-rules'));
    const result = await cli(['-f', 'json', EXAMPLE], { cwd: dir });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as Report;
    expect(located(report, isAcme)).toEqual(EXPECTED);
    expect(report.findings.filter((f) => f.ruleId === 'acme/require-circuit-breakers').every((f) => f.severity === 'error')).toBe(true);
    const list = await cli(['--list-rules'], { cwd: dir });
    expect(list.stdout).toMatch(/^acme\/require-circuit-breakers\s+warning\s+@acme\/envoy-lint-rules\s+An outbound cluster/m);
  });

  it('--list-rules shows each rule\'s source', async () => {
    const result = await cli(['--list-rules', '--plugin', './acme'], { cwd: path.dirname(ACME) });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^dangling-cluster\s+error\s+built-in\s+A route/m);
    expect(result.stdout).toMatch(/^acme\/require-route-timeout\s+warning\s+\.\/acme\s+An HTTP route/m);
  });

  it('--print-config lists the plugins and their rules, and the output is a valid config', async () => {
    const result = await cli(['--print-config', '--plugin', ACME], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    const printed = JSON.parse(result.stdout) as { plugins: string[]; rules: Record<string, unknown> };
    expect(printed.plugins).toEqual([path.join(ACME, 'index.mjs')]);
    expect(printed.rules['acme/require-circuit-breakers']).toEqual(['warning', { unlimitedAt: 4294967295 }]);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/config.schema.json'), 'utf8')) as object;
    expect(new Ajv({ strictTuples: false }).compile(schema)(printed)).toBe(true);
    const dir = configDir(printed);
    expect((await cli(['--print-config'], { cwd: dir })).stdout).toBe(result.stdout);
  });

  it('bad options for a plugin rule in the config are a located config error', async () => {
    const dir = configDir({ plugins: [ACME], rules: { 'acme/require-circuit-breakers': ['warning', { unlimitedAt: 0 }] } });
    const result = await cli([EXAMPLE], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('envoy-lint: .envoy-lint.json:9:24: rules.acme/require-circuit-breakers[1].unlimitedAt: option must be >= 1 (rule "acme/require-circuit-breakers")\n');
  });

  it('a plugin named in the config and with --plugin is loaded once; its namespace is not taken twice', async () => {
    const dir = configDir({ plugins: [ACME] });
    const result = await cli(['--plugin', path.join(ACME, 'index.mjs'), '-f', 'json', EXAMPLE], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(located(JSON.parse(result.stdout) as Report, isAcme)).toEqual(EXPECTED);
    const clash = await cli(['--plugin', path.join(BROKEN, 'collision.mjs'), EXAMPLE], { cwd: dir });
    expect(clash.exitCode).toBe(2);
    expect(clash.stderr).toContain('is already used by plugin');
  });

  it('every output format carries the plugin\'s findings, and SARIF its rules\' metadata', async () => {
    const dir = tempDir();
    const formats = ['text', 'compact', 'json', 'sarif', 'github', 'junit', 'html'];
    const argv = ['--plugin', ACME, ...formats.flatMap((f) => ['-f', f, '-o', path.join(dir, `out.${f}`)]), EXAMPLE];
    const result = await cli(argv, { cwd: dir });
    expect(result.exitCode).toBe(1);
    for (const format of formats) {
      const text = fs.readFileSync(path.join(dir, `out.${format}`), 'utf8');
      expect(text, format).toContain('acme/require-circuit-breakers');
      expect(text, format).toContain('acme/require-route-timeout');
    }
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }> } }; results: Array<{ ruleId: string; ruleIndex: number }> }> };
    const run = sarif.runs[0];
    const rule = run?.tool.driver.rules.find((r) => r.id === 'acme/require-route-timeout');
    expect(rule).toEqual({
      id: 'acme/require-route-timeout',
      shortDescription: { text: 'An HTTP route that forwards to a cluster has no explicit timeout, or disables it with 0s.' },
      fullDescription: { text: 'An HTTP route that forwards to a cluster has no explicit timeout, or disables it with 0s.' },
      helpUri: 'https://github.com/envoy-lint/envoy-lint/blob/main/fixtures/plugins/acme/README.md#acmerequire-route-timeout',
      defaultConfiguration: { level: 'warning' },
    });
    const result0 = run?.results.find((r) => r.ruleId === 'acme/require-route-timeout');
    expect(run?.tool.driver.rules[result0?.ruleIndex ?? -1]?.id).toBe('acme/require-route-timeout');
  });

  // Intentional change (issue 20): it used to link to the plugin's file as a file: URL, a path on the machine that ran
  // the lint, which is useless (and leaks a runner path) in an uploaded SARIF log.
  it('a plugin rule without meta.docsUrl has no helpUri, and built-in rules link to their doc in the repository', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'out.sarif');
    await cli(['--plugin', path.join(BROKEN, 'throws-at-lint.mjs'), '-f', 'sarif', '-o', out, EXAMPLE], { cwd: dir });
    const sarif = JSON.parse(fs.readFileSync(out, 'utf8')) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } } }> };
    const rules = sarif.runs[0]?.tool.driver.rules ?? [];
    expect(rules.find((r) => r.id === 'flaky/counts-clusters')).toBeDefined();
    expect(rules.find((r) => r.id === 'flaky/counts-clusters')?.helpUri).toBeUndefined();
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
    const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(rules.find((r) => r.id === 'dangling-cluster')?.helpUri).toBe(`${repo}/blob/main/rules/dangling-cluster.md`);
  });

  it('lint() rejects with a PluginError naming a plugin that cannot be used', async () => {
    await expect(lint([EXAMPLE], { plugins: ['./nope.mjs'], cwd: BROKEN })).rejects.toThrow(PluginError);
    await expect(lint([EXAMPLE], { plugins: ['./nope.mjs'], cwd: BROKEN })).rejects.toThrow(/^plugin "\.\/nope\.mjs": no such file/);
  });
});
