// Shared paths and helpers of the plugin tests.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, tempDir } from '../cli/helpers.js';

export const ACME = path.join(ROOT, 'fixtures/plugins/acme');
export const BROKEN = path.join(ROOT, 'fixtures/plugins/broken');
export const EXAMPLE = path.join(ROOT, 'fixtures/example/config_dump.json');

/** A fresh directory holding `.envoy-lint.json` with this content. */
export function configDir(config: object): string {
  const dir = tempDir('envoy-lint-plugins-');
  fs.writeFileSync(path.join(dir, '.envoy-lint.json'), `${JSON.stringify(config, null, 2)}\n`);
  return dir;
}

/** `file:line:col ruleId` of each finding, the way expected-findings files list them. */
export function located(report: { findings: Array<{ ruleId: string; location: { file: string; line: number; column: number } }> }, ruleIds: (id: string) => boolean = () => true): string[] {
  return report.findings.filter((f) => ruleIds(f.ruleId)).map((f) => `${path.basename(f.location.file)}:${f.location.line}:${f.location.column} ${f.ruleId}`);
}
