// `--admin URL`: read a running Envoy's admin endpoint instead of files. It fetches the four outputs envoy-lint reads
// (config_dump?include_eds, clusters?format=json, certs, server_info) into a directory, which is then linted like any
// proxy directory; `--save DIR` keeps them, so the same run can be repeated offline. Only loopback addresses are
// fetched unless --allow-remote-admin says otherwise: an admin endpoint can also drain and stop the proxy, and
// envoy-lint makes no other network access at all. Every failure is one usage error (exit 2).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isIP } from 'node:net';
import { UsageError } from './errors.js';

/** What is fetched, and the file each goes to (names the fleet planner and the README use). */
export const ADMIN_OUTPUTS: ReadonlyArray<{ path: string; file: string; optional: boolean }> = [
  { path: 'config_dump?include_eds', file: 'config_dump.json', optional: false },
  { path: 'clusters?format=json', file: 'clusters.json', optional: true },
  { path: 'certs', file: 'certs.json', optional: true },
  { path: 'server_info', file: 'server_info.json', optional: true },
];

/** No admin output is this big in practice; a bound keeps a wrong URL from filling the disk. */
const MAX_BYTES = 1024 * 1024 * 1024;

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || /^::ffff:127\./.test(host);
  return false;
}

/** The admin base URL, checked: http(s), a host, loopback unless allowed. */
export function adminUrl(text: string, allowRemote: boolean): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new UsageError(`--admin ${text}: not a URL (e.g. http://127.0.0.1:15000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--admin ${text}: only http and https admin endpoints are read`);
  if (!isLoopback(url.hostname) && !allowRemote) {
    throw new UsageError(`--admin ${text}: ${url.hostname} is not a loopback address; an admin endpoint can drain and stop the proxy, so reading one on another host needs --allow-remote-admin (or use kubectl port-forward POD 15000 and --admin http://127.0.0.1:15000)`);
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

async function fetchOne(url: URL, timeoutMs: number): Promise<{ status: number; body: Buffer }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES) throw new Error(`the answer is ${length} bytes, more than the ${MAX_BYTES / 2 ** 20} MiB read`);
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

function why(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused (is the proxy running, and the admin port right? for a pod: kubectl port-forward POD 15000)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'no such host';
  return code ?? e.cause?.message ?? e.message ?? String(error);
}

/**
 * Fetches the admin outputs of `base` into `dir` (made if needed). The config dump is required; the run-time outputs
 * are kept when the endpoint answers 200 (an older Envoy, or a proxy filtering its admin, may not serve them all).
 * Returns the files written and a note for each output left out.
 */
export async function fetchAdminOutputs(base: URL, dir: string, timeoutMs: number): Promise<{ files: string[]; notes: string[] }> {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const notes: string[] = [];
  for (const output of ADMIN_OUTPUTS) {
    const url = new URL(output.path, base);
    let answer: { status: number; body: Buffer };
    try {
      answer = await fetchOne(url, timeoutMs);
    } catch (error) {
      if (output.optional && files.length > 0) {
        notes.push(`${url.href}: ${why(error, timeoutMs)}; linted without it`);
        continue;
      }
      throw new UsageError(`cannot read the admin endpoint ${url.href}: ${why(error, timeoutMs)}`);
    }
    if (answer.status !== 200) {
      if (output.optional) {
        notes.push(`${url.href} answered HTTP ${answer.status}; linted without it`);
        continue;
      }
      throw new UsageError(`the admin endpoint ${url.href} answered HTTP ${answer.status}, not a config dump`);
    }
    const file = path.join(dir, output.file);
    fs.writeFileSync(file, answer.body);
    files.push(file);
  }
  return { files, notes };
}

/** Where fetched outputs go when --save is not given: a fresh directory, removed by the caller after the run. */
export function scratchDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-admin-'));
}
