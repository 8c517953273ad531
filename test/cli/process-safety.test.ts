// The built CLI as a process (issue 21, outputs): a failed write to stdout or stderr is exit code 2, not Node's stack
// trace and 1; signals reach the child it re-runs with a larger heap, and it ends as the child does; `--jobs 1000`
// starts no more worker threads than there are cores. Needs `npm run build`.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLEAN, DIST_BIN, ONE_ERROR, ROOT, tempDir } from './helpers.js';

const EXAMPLE = path.join(ROOT, 'fixtures/example/config_dump.json');

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function ended(child: ChildProcess): Promise<Ended> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe('a write error on stdout or stderr', () => {
  it('envoy-lint dump > /dev/full is one line on stderr and exit code 2', () => {
    const full = fs.openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [DIST_BIN, EXAMPLE], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(r.stderr).toBe('envoy-lint: cannot write to standard output: ENOSPC\n');
      expect(r.status).toBe(2);
    } finally {
      fs.closeSync(full);
    }
  });

  it('a reader that closed stdout (EPIPE) is exit code 2, quietly (no line, no stack trace)', async () => {
    const child = spawn(process.execPath, [DIST_BIN, EXAMPLE], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    const r = await ended(child);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(2);
  });

  it('with stderr closed early, an input error still exits 2', async () => {
    const child = spawn(process.execPath, [DIST_BIN, '/no/such/dump.json'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.destroy();
    expect((await ended(child)).code).toBe(2);
  });
});

describe('an output over the input', () => {
  it('refuses -o naming the file that stdin (-) was redirected from', () => {
    const dir = tempDir();
    const dump = path.join(dir, 'd.json');
    fs.copyFileSync(ONE_ERROR, dump);
    const stdin = fs.openSync(dump, 'r');
    try {
      const r = spawnSync(process.execPath, [DIST_BIN, '-', '-f', 'json', '-o', 'd.json'], { cwd: dir, stdio: [stdin, 'pipe', 'pipe'], encoding: 'utf8' });
      expect(r.stderr).toMatch(/^envoy-lint: --output-file \S+d\.json is the standard input: writing it would destroy that input; name another file\n$/);
      expect(r.status).toBe(2);
    } finally {
      fs.closeSync(stdin);
    }
    expect(fs.readFileSync(dump, 'utf8')).toBe(fs.readFileSync(ONE_ERROR, 'utf8'));
  });
});

/** The pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(process.platform !== 'linux')('the re-run with a larger heap', () => {
  const dir = tempDir();
  // Sparse: 300 MB by its size (so the CLI asks for a larger heap than node's 100 MB below), nothing on disk.
  const big = path.join(dir, 'big.json');
  fs.writeFileSync(big, '');
  fs.truncateSync(big, 300 * 1024 * 1024);
  const orphans: number[] = [];
  afterAll(() => {
    for (const pid of orphans) if (alive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The CLI on `-` (a stdin we keep open, so the child waits) and the big file, with a heap small enough to re-run. */
  function parentAndChild(): { parent: ChildProcess; done: Promise<Ended>; child: Promise<number> } {
    const parent = spawn(process.execPath, ['--max-old-space-size=100', DIST_BIN, '-', big], { stdio: ['pipe', 'pipe', 'pipe'] });
    const done = ended(parent);
    const child = waitFor('the re-run child', () => childrenOf(parent.pid ?? -1)[0]).then((pid) => (orphans.push(pid), pid));
    return { parent, done, child };
  }

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal} to the CLI reaches the child, and the CLI ends by the same signal`, async () => {
      const { parent, done, child } = parentAndChild();
      const pid = await child;
      parent.kill(signal);
      const r = await done;
      expect(r.signal).toBe(signal);
      expect(alive(pid)).toBe(false);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('');
    });
  }

  it('ends with the child\'s exit code', async () => {
    const { parent, done, child } = parentAndChild();
    await child;
    parent.stdin?.end('');
    const r = await done;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^envoy-lint: <stdin>: empty file/m);
  });
});

describe('--jobs', () => {
  it('--jobs 1000 starts no more threads than cores or proxies', () => {
    const dir = tempDir();
    const fleet = path.join(dir, 'fleet');
    fs.mkdirSync(fleet);
    for (let i = 0; i < 12; i++) fs.copyFileSync(i === 0 ? ONE_ERROR : CLEAN, path.join(fleet, `pod-${String(i).padStart(2, '0')}.json`));
    // Counts the Worker threads the CLI starts, from inside it (the bundle reads Worker off node:worker_threads).
    const counter = path.join(dir, 'count-workers.cjs');
    const countFile = path.join(dir, 'workers.txt');
    fs.writeFileSync(counter, `const wt = require('node:worker_threads');
if (wt.isMainThread) {
  let started = 0;
  const Original = wt.Worker;
  wt.Worker = class extends Original { constructor(...args) { super(...args); started++; } };
  process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(countFile)}, String(started)));
}
`);
    const r = spawnSync(process.execPath, ['--require', counter, DIST_BIN, '--jobs', '1000', '--no-progress', '-f', 'json', fleet], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as { inputs: unknown[] }).inputs).toHaveLength(12);
    const cores = os.availableParallelism();
    expect(Number(fs.readFileSync(countFile, 'utf8'))).toBe(Math.min(cores, 12) - 1);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
