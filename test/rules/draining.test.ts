// A draining listener is on its way out: what it names may already be gone, so it is not a dangling reference.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintInputs } from '../../src/pipeline/lint.js';

const FAIL = path.resolve(__dirname, '../../fixtures/dangling-route-config/fail/rds-missing.json');

describe('draining listeners', () => {
  it('are not checked for dangling references; the same listener active is', () => {
    const dump = JSON.parse(fs.readFileSync(FAIL, 'utf8')) as { configs: Array<{ '@type': string; dynamic_listeners?: Array<Record<string, unknown>> }> };
    const listeners = dump.configs.find((c) => c['@type'].endsWith('ListenersConfigDump'))!.dynamic_listeners!;
    const planted = listeners.find((l) => l.name === '0.0.0.0_8080')!;
    planted.draining_state = planted.active_state;
    delete planted.active_state;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-draining-')), 'draining.json');
    fs.writeFileSync(file, JSON.stringify(dump, null, 2));
    const ids = (f: string): string[] => lintInputs([f]).report.findings.map((x) => x.ruleId).filter((id) => id.startsWith('dangling'));
    expect(ids(FAIL)).toEqual(['dangling-route-config']);
    expect(ids(file)).toEqual([]);
  });
});
