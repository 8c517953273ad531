// docs/ci.md is tested: its config examples load without errors, its workflow uses only the Action's real inputs
// and uploads the SARIF file, and every flag in `envoy-lint --help` is documented.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILTIN_RULES } from '../../rules/index.js';
import { loadConfig } from '../../src/config/load.js';
import { cli, ROOT, tempDir } from '../cli/helpers.js';

const doc = fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');

function blocks(lang: string): string[] {
  return [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');
}

describe('docs/ci.md', () => {
  it('config examples are valid config files', () => {
    const configs = [...blocks('yaml').filter((b) => b.startsWith('# .envoy-lint.yaml')).map((b) => ['.envoy-lint.yaml', b]), ...blocks('json').filter((b) => b.includes('"ignore"')).map((b) => ['.envoy-lint.json', b])];
    expect(configs).toHaveLength(2);
    for (const [name = '', text = ''] of configs) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, name), text);
      expect(loadConfig({ cwd: dir, rules: BUILTIN_RULES }).errors.map((e) => e.oneLine())).toEqual([]);
    }
  });

  it('the workflow runs the Action with its real inputs and uploads the SARIF it writes', () => {
    const workflow = blocks('yaml').map((b) => parse(b) as { jobs?: Record<string, { steps: Array<{ uses?: string; with?: Record<string, string> }> }> }).find((w) => w.jobs);
    const steps = Object.values(workflow?.jobs ?? {})[0]?.steps ?? [];
    const action = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    const lint = steps.find((s) => s.uses?.startsWith('envoy-lint/envoy-lint@'));
    for (const input of Object.keys(lint?.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBe(lint?.with?.['sarif-file']);
  });

  it('documents every long flag of --help', async () => {
    const help = (await cli(['--help'])).stdout;
    const flags = new Set([...help.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1] ?? ''));
    flags.delete('--help');
    flags.delete('--version');
    expect(flags.size).toBeGreaterThan(10);
    for (const flag of flags) expect(doc, flag).toMatch(new RegExp(`\\| \`(-\\w, )?${flag}[ \`]`));
  });
});
