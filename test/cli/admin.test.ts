// --admin against a real HTTP server on 127.0.0.1, started here, serving real files: the dump and the run-time
// outputs of fixtures/endpoints-unhealthy/fail/ejected-and-failing (the bundled example's dump and a /clusters output
// written from envoy.admin.v3). Refusals (another host, a closed port, a timeout, an HTTP error) are one line, exit 2.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl } from '../../src/cli/admin.js';
import { ROOT, cli, tempDir } from './helpers.js';

const DIR = path.join(ROOT, 'fixtures/endpoints-unhealthy/fail/ejected-and-failing');
const served: string[] = [];
let server: http.Server;
let base = '';
let mode: 'ok' | 'no-runtime' | 'hang' | 'error' = 'ok';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    served.push(req.url ?? '');
    if (mode === 'hang') return; // never answers
    if (mode === 'error') return void res.writeHead(503).end('no healthy upstream');
    const file = { '/config_dump?include_eds': 'config_dump.json', '/clusters?format=json': 'clusters.json' }[req.url ?? ''];
    if (!file || (mode === 'no-runtime' && file !== 'config_dump.json')) return void res.writeHead(404).end('invalid path');
    res.writeHead(200, { 'content-type': 'application/json' }).end(fs.readFileSync(path.join(DIR, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('--admin', () => {
  it('fetches the four outputs and lints them as one proxy; --save keeps them for an offline run', async () => {
    mode = 'ok';
    served.length = 0;
    const cwd = tempDir();
    const r = await cli(['--admin', base, '--save', 'pod', '-f', 'json', '--no-progress'], { cwd });
    expect(served).toEqual(['/config_dump?include_eds', '/clusters?format=json', '/certs', '/server_info']);
    expect(r.stderr).toMatch(/\/certs answered HTTP 404; linted without it/);
    const report = JSON.parse(r.stdout) as { proxies: unknown[]; findings: Array<{ ruleId: string; location: { file: string } }> };
    expect(report.proxies).toHaveLength(1);
    const unhealthy = report.findings.filter((f) => f.ruleId === 'endpoints-unhealthy');
    expect(unhealthy.map((f) => path.basename(f.location.file))).toEqual(['clusters.json', 'clusters.json']);
    expect(fs.readdirSync(path.join(cwd, 'pod')).sort()).toEqual(['clusters.json', 'config_dump.json']);
    const offline = await cli(['-f', 'json', '--no-progress', 'pod'], { cwd });
    expect((JSON.parse(offline.stdout) as { findings: unknown[] }).findings).toEqual(report.findings);
  });

  it('without --save leaves nothing behind', async () => {
    mode = 'no-runtime';
    const before = fs.readdirSync('/tmp').filter((d) => d.startsWith('envoy-lint-admin-')).length;
    const r = await cli(['--admin', base, '-f', 'json', '--no-progress']);
    expect(r.exitCode, r.stderr).toBeLessThan(2);
    expect(fs.readdirSync('/tmp').filter((d) => d.startsWith('envoy-lint-admin-')).length).toBe(before);
  });

  it('refuses another host without --allow-remote-admin, before any connection', async () => {
    served.length = 0;
    const r = await cli(['--admin', 'http://10.0.0.5:15000']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/10\.0\.0\.5 is not a loopback address; .* needs --allow-remote-admin/);
    expect(() => adminUrl('http://10.0.0.5:15000', true)).not.toThrow();
    for (const ok of ['localhost:15000', 'http://127.0.0.1:19000', 'http://[::1]:15000']) expect(() => adminUrl(ok, false)).not.toThrow();
  });

  it('a closed port, a timeout and an HTTP error are one line each, exit 2', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await cli(['--admin', `http://127.0.0.1:${port}`]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^envoy-lint: cannot read the admin endpoint http:\/\/127\.0\.0\.1:\d+\/config_dump\?include_eds: connection refused/);
    mode = 'hang';
    const slow = await cli(['--admin', base, '--admin-timeout', '1']);
    expect(slow.stderr).toMatch(/no answer within 1 s\n$/);
    expect(slow.exitCode).toBe(2);
    mode = 'error';
    const failing = await cli(['--admin', base]);
    expect(failing.stderr).toMatch(/answered HTTP 503, not a config dump\n$/);
    for (const r of [refused, slow, failing]) expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--save without --admin is a usage error', async () => {
    const r = await cli(['--save', 'x', path.join(DIR, 'config_dump.json')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--save keeps what --admin fetched/);
  });
});

describe('--cert-warn-days', () => {
  it("is certificate-expiry's warnDays: a certificate 20 days from expiry is reported with 30, not by default", async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(DIR, 'config_dump.json'), path.join(dir, 'config_dump.json'));
    const day = 24 * 60 * 60 * 1000;
    const at = (days: number): string => new Date(Date.now() + days * day).toISOString();
    fs.writeFileSync(path.join(dir, 'certs.json'), JSON.stringify({ certificates: [{ cert_chain: [{ path: '<inline>', serial_number: '1', subject_alt_names: [{ uri: 'spiffe://cluster.local/ns/default/sa/a' }], days_until_expiration: '20', valid_from: at(-10), expiration_time: at(20) }] }] }));
    const ids = async (...extra: string[]): Promise<string[]> => (JSON.parse((await cli(['-f', 'json', '--no-progress', ...extra, dir], { cwd: ROOT })).stdout) as { findings: Array<{ ruleId: string; messageId: string }> }).findings.filter((f) => f.ruleId === 'certificate-expiry').map((f) => f.messageId);
    expect(await ids()).toEqual([]);
    expect(await ids('--cert-warn-days', '30')).toEqual(['expiring']);
  });
});
