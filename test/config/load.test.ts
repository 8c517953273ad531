// Finding, loading and checking the config file; rule options against the rule's own schema; the effective config.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { effectiveConfig } from '../../src/config/effective.js';
import { findConfigFile } from '../../src/config/find.js';
import { loadConfig } from '../../src/config/load.js';
import { defineRule, type Rule } from '../../src/engine/rule.js';
import { InputError } from '../../src/load/errors.js';
import { cli, ROOT, tempDir } from '../cli/helpers.js';

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

describe('findConfigFile', () => {
  it('walks up from the cwd to the nearest config file', () => {
    const root = tempDir();
    const file = write(root, 'repo/.envoy-lint.yml', 'failOn: warning\n');
    fs.mkdirSync(path.join(root, 'repo/a/b'), { recursive: true });
    expect(findConfigFile(path.join(root, 'repo/a/b'))).toBe(file);
    const nearer = write(root, 'repo/a/.envoy-lint.json', '{}');
    expect(findConfigFile(path.join(root, 'repo/a/b'))).toBe(nearer);
    expect(findConfigFile(root)).toBeUndefined();
  });

  it('refuses two config files in one directory', () => {
    const dir = tempDir();
    write(dir, '.envoy-lint.json', '{}');
    write(dir, '.envoy-lint.yaml', '{}');
    expect(() => findConfigFile(dir)).toThrow(InputError);
    expect(() => findConfigFile(dir)).toThrow(/both \.envoy-lint\.json and \.envoy-lint\.yaml/);
  });
});

describe('loadConfig', () => {
  it('reads JSON and YAML, and an empty YAML file as {}', () => {
    const dir = tempDir();
    write(dir, 'a.json', '{ "failOn": "info" }');
    write(dir, 'b.yaml', '');
    expect(loadConfig({ cwd: dir, configPath: 'a.json', rules: BUILTIN_RULES }).config).toEqual({ failOn: 'info' });
    expect(loadConfig({ cwd: dir, configPath: 'b.yaml', rules: BUILTIN_RULES })).toMatchObject({ config: {}, errors: [] });
  });

  it('is all defaults without a config file', () => {
    expect(loadConfig({ cwd: tempDir(), rules: BUILTIN_RULES })).toEqual({ config: {}, errors: [] });
  });

  it('validates rule options against the rule\'s optionsSchema, located at the option', () => {
    const rule = defineRule<'m', { maxHosts: number }>({
      id: 'too-many-hosts',
      meta: {
        description: 'd',
        defaultSeverity: 'warning',
        messages: { m: 'm' },
        optionsSchema: { type: 'object', additionalProperties: false, properties: { maxHosts: { type: 'integer', minimum: 1 } } },
      },
      defaultOptions: { maxHosts: 10 },
      run: () => undefined,
    }) as unknown as Rule;
    const dir = tempDir();
    write(dir, 'good.json', '{ "rules": { "too-many-hosts": ["error", { "maxHosts": 3 }] } }');
    write(dir, 'bad.json', '{\n  "rules": {\n    "too-many-hosts": ["error", { "maxHosts": 0 }]\n  }\n}\n');
    expect(loadConfig({ cwd: dir, configPath: 'good.json', rules: [rule] }).errors).toEqual([]);
    const { errors } = loadConfig({ cwd: dir, configPath: 'bad.json', rules: [rule] });
    expect(errors.map((e) => e.oneLine())).toEqual(['bad.json:3:47: rules.too-many-hosts[1].maxHosts: option must be >= 1 (rule "too-many-hosts")']);
  });
});

describe('the effective config', () => {
  it('puts command-line flags over the file, keeping the file\'s rule options', () => {
    const effective = effectiveConfig(
      { rules: { 'dangling-cluster': ['warning', { x: 1 }], 'unchecked-input': 'off' }, failOn: 'warning', maxWarnings: 3 },
      { rules: new Map([['dangling-cluster', { severity: 'error' as const }]]), failOn: 'error', maxWarnings: 0 },
    );
    expect(effective.settings.get('dangling-cluster')).toEqual({ severity: 'error', options: { x: 1 } });
    expect(effective.settings.get('unchecked-input')).toEqual({ severity: 'off' });
    expect(effective.failOn).toBe('error');
    expect(effective.maxWarnings).toBe(0);
  });

  it('--print-config prints every rule, valid against the config schema', async () => {
    const dir = tempDir();
    write(dir, '.envoy-lint.json', '{ "rules": { "dangling-cluster": "warning" }, "maxWarnings": 4 }');
    const result = await cli(['--print-config', '--fail-on', 'info'], { cwd: dir });
    expect(result.exitCode).toBe(0);
    const printed = JSON.parse(result.stdout) as { rules: Record<string, unknown>; failOn: string; maxWarnings: number };
    expect(Object.keys(printed.rules).sort()).toEqual(BUILTIN_RULES.map((r) => r.id).sort());
    expect(printed.rules['dangling-cluster']).toBe('warning');
    expect(printed.failOn).toBe('info');
    expect(printed.maxWarnings).toBe(4);
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas/config.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ strictTuples: false }).compile(schema);
    expect(validate(printed), JSON.stringify(validate.errors)).toBe(true);
  });

  it('a bad config found by walking up is exit 2 before any input is read', async () => {
    const dir = tempDir();
    write(dir, '.envoy-lint.yaml', 'rules:\n  nope: error\n');
    const result = await cli(['/no/such/dump.json'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('envoy-lint: .envoy-lint.yaml:2:9: rules.nope: unknown rule "nope"; see envoy-lint --list-rules\n');
  });
});
