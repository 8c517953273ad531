// A directory holding a dump and the admin run-time outputs lints as one proxy, the run-time rules reading the
// outputs beside the dump (the layout the README's "Capturing what a proxy runs" asks for).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli } from '../cli/helpers.js';

describe('a proxy directory with /clusters, /certs and /server_info beside the dump', () => {
  it('is one proxy, and the run-time rules find what the outputs say', async () => {
    const dirs = ['endpoints-unhealthy/fail/ejected-and-failing', 'certificate-expiry/fail/expired-and-future', 'proxy-not-live/fail/initializing'];
    for (const dir of dirs) {
      const r = await cli(['-f', 'json', '--no-progress', path.join(ROOT, 'fixtures', dir)], { cwd: ROOT });
      const report = JSON.parse(r.stdout) as { proxies: unknown[]; findings: Array<{ ruleId: string }> };
      expect(report.proxies, dir).toHaveLength(1);
      expect(report.findings.map((f) => f.ruleId), dir).toContain(dir.split('/')[0]);
    }
  });
});
