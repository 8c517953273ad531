// Outputs never destroy inputs, and a failed write leaves the old file or none (issue 21, outputs): -o and
// --write-baseline over an input are refused before anything is read; reports are replaced atomically; a failed write
// to stdout or stderr is exit code 2; --jobs is capped by the cores and the proxies.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { exitOnStreamErrors } from '../../src/cli/std-streams.js';
import { appendTextFile, writeTextFile, type WriteFs } from '../../src/cli/write-file.js';
import { poolSize } from '../../src/fleet/run.js';
import { cli, ONE_ERROR, pinnedDir, Sink } from './helpers.js';

const IPTABLES = 'fixtures/example/iptables-save.txt';

/** A pinned temp dir holding a copy of ONE_ERROR as d.json (and what else is asked for). */
function workspace(): { dir: string; dump: string; original: string } {
  const dir = pinnedDir();
  const dump = path.join(dir, 'd.json');
  fs.copyFileSync(ONE_ERROR, dump);
  return { dir, dump, original: fs.readFileSync(dump, 'utf8') };
}

function refusal(stderr: string, flag: string): void {
  expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(stderr).toMatch(new RegExp(`^envoy-lint: ${flag} .* is .*: writing it would destroy that input; name another file\\n$`));
}

describe('an output that is an input is refused before anything is read', () => {
  it('envoy-lint d.json -f json -o d.json', async () => {
    const { dir, dump, original } = workspace();
    const r = await cli(['d.json', '-f', 'json', '-o', 'd.json'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    refusal(r.stderr, '--output-file');
    expect(fs.readFileSync(dump, 'utf8')).toBe(original);
  });

  it('refuses before reading: a broken input gives no error of its own, only the refusal', async () => {
    const dir = pinnedDir();
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"configs": [');
    const r = await cli(['broken.json', '-f', 'json', '-o', 'broken.json'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    refusal(r.stderr, '--output-file');
    expect(fs.readFileSync(path.join(dir, 'broken.json'), 'utf8')).toBe('{"configs": [');
  });

  it('--write-baseline s.txt over an input s.txt', async () => {
    const { dir } = workspace();
    fs.copyFileSync(IPTABLES, path.join(dir, 's.txt'));
    const r = await cli(['--write-baseline', 's.txt', 'd.json', 's.txt'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    refusal(r.stderr, '--write-baseline');
    expect(fs.readFileSync(path.join(dir, 's.txt'), 'utf8')).toBe(fs.readFileSync(IPTABLES, 'utf8'));
  });

  it('-o ./x against the input given as /abs/x, every report target (-f fmt -o path pairs)', async () => {
    const { dir, dump, original } = workspace();
    const r = await cli(['-f', 'text', '-f', 'sarif', '-o', 'report.sarif', '-f', 'json', '-o', './d.json', dump], { cwd: dir });
    expect(r.exitCode).toBe(2);
    refusal(r.stderr, '--output-file');
    expect(fs.readFileSync(dump, 'utf8')).toBe(original);
    expect(fs.existsSync(path.join(dir, 'report.sarif'))).toBe(false);
  });

  it('-o through a symbolic link, or a hard link, to the input', async () => {
    const { dir, dump, original } = workspace();
    fs.symlinkSync(dump, path.join(dir, 'link.json'));
    fs.linkSync(dump, path.join(dir, 'hard.json'));
    for (const target of ['link.json', 'hard.json']) {
      const r = await cli(['-f', 'json', '-o', target, 'd.json'], { cwd: dir });
      expect(r.exitCode, target).toBe(2);
      refusal(r.stderr, '--output-file');
    }
    expect(fs.readFileSync(dump, 'utf8')).toBe(original);
    expect(fs.lstatSync(path.join(dir, 'link.json')).isSymbolicLink()).toBe(true);
  });

  it('an --iptables input, the --baseline, and the config file', async () => {
    const { dir } = workspace();
    fs.copyFileSync(IPTABLES, path.join(dir, 'ipt.txt'));
    const baseline = await cli(['--write-baseline', 'b.json', 'd.json'], { cwd: dir });
    expect(baseline.exitCode).toBe(0);
    const config = fs.readFileSync(path.join(dir, '.envoy-lint.json'), 'utf8');
    for (const argv of [
      ['--iptables', 'ipt.txt', '-f', 'json', '-o', 'ipt.txt', 'd.json'],
      ['--baseline', 'b.json', '-f', 'json', '-o', 'b.json', 'd.json'],
      ['-f', 'json', '-o', '.envoy-lint.json', 'd.json'],
    ]) {
      const r = await cli(argv, { cwd: dir });
      expect(r.exitCode, argv.join(' ')).toBe(2);
      refusal(r.stderr, '--output-file');
    }
    expect(fs.readFileSync(path.join(dir, 'ipt.txt'), 'utf8')).toBe(fs.readFileSync(IPTABLES, 'utf8'));
    expect(fs.readFileSync(path.join(dir, '.envoy-lint.json'), 'utf8')).toBe(config);
  });

  it('lets --write-baseline refresh the --baseline it reads', async () => {
    const { dir } = workspace();
    expect((await cli(['--write-baseline', 'b.json', 'd.json'], { cwd: dir })).exitCode).toBe(0);
    fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ ...(JSON.parse(fs.readFileSync(path.join(dir, 'b.json'), 'utf8')) as object), findings: [] }));
    const r = await cli(['--baseline', 'b.json', '--write-baseline', 'b.json', 'd.json'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect((JSON.parse(fs.readFileSync(path.join(dir, 'b.json'), 'utf8')) as { findings: unknown[] }).findings).toHaveLength(1);
  });

  it('a file inside an input directory, existing or new; a hidden one is fine', async () => {
    const { dir, original } = workspace();
    const fleet = path.join(dir, 'fleet');
    fs.mkdirSync(path.join(fleet, 'pod-a'), { recursive: true });
    fs.copyFileSync(ONE_ERROR, path.join(fleet, 'pod-a', 'config_dump.json'));
    const existing = await cli(['-f', 'json', '-o', 'fleet/pod-a/config_dump.json', 'fleet'], { cwd: dir });
    expect(existing.exitCode).toBe(2);
    refusal(existing.stderr, '--output-file');
    expect(fs.readFileSync(path.join(fleet, 'pod-a', 'config_dump.json'), 'utf8')).toBe(original);
    const fresh = await cli(['-f', 'json', '-o', 'fleet/report.json', 'fleet/'], { cwd: dir });
    expect(fresh.exitCode).toBe(2);
    expect(fresh.stderr).toMatch(/^envoy-lint: --output-file \S+\/fleet\/report\.json is inside the input directory \S+\/fleet, so the next run would read it as a proxy; write it elsewhere \(or give it a name starting with "\."\)\n$/);
    expect(fs.existsSync(path.join(fleet, 'report.json'))).toBe(false);
    const hidden = await cli(['-f', 'json', '-o', 'fleet/.report.json', 'fleet'], { cwd: dir });
    expect(hidden.exitCode).toBe(1);
    expect(fs.existsSync(path.join(fleet, '.report.json'))).toBe(true);
  });

  it('still writes reports that are not inputs, and into devices (-o /dev/null)', async () => {
    const { dir } = workspace();
    const r = await cli(['-f', 'json', '-o', 'out/report.json', '-f', 'sarif', '-o', '/dev/null', 'd.json'], { cwd: dir });
    expect(r.exitCode).toBe(1);
    expect((JSON.parse(fs.readFileSync(path.join(dir, 'out/report.json'), 'utf8')) as { findings: unknown[] }).findings).toHaveLength(1);
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});

/** node:fs, except that writes put out half of what they are given and then fail as a full disk does. */
function fullDisk(): WriteFs & { temps: string[] } {
  const temps: string[] = [];
  return {
    ...fs,
    temps,
    openSync: ((file: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
      temps.push(String(file));
      return fs.openSync(file, flags, mode);
    }) as typeof fs.openSync,
    writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
      fs.writeSync(fd, buffer, offset, Math.floor(length / 2));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }) as unknown as typeof fs.writeSync,
  };
}

describe('report and baseline files are replaced atomically', () => {
  it('a failed write leaves the previous report intact and no temporary file behind', () => {
    const dir = pinnedDir();
    const file = path.join(dir, 'report.json');
    fs.writeFileSync(file, '{"previous": true}\n');
    const disk = fullDisk();
    expect(() => writeTextFile(file, `${'x'.repeat(10_000)}\n`, 'json report', disk)).toThrow(/^cannot write json report \S+report\.json: ENOSPC$/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"previous": true}\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['.envoy-lint.json', 'report.json']);
    // The write went to a temporary file beside the target, not to the target.
    expect(disk.temps.map((t) => path.dirname(t))).toEqual([dir]);
  });

  it('a failed write of a new report leaves no file at all', () => {
    const dir = pinnedDir();
    expect(() => writeTextFile(path.join(dir, 'new.json'), 'text\n', 'json report', fullDisk())).toThrow(/ENOSPC/);
    expect(fs.readdirSync(dir)).toEqual(['.envoy-lint.json']);
  });

  it('a failed rename leaves the previous file and removes the temporary one', () => {
    const dir = pinnedDir();
    const file = path.join(dir, 'b.json');
    fs.writeFileSync(file, 'old');
    const failing: WriteFs = { ...fs, renameSync: () => { throw Object.assign(new Error('EIO'), { code: 'EIO' }); } };
    expect(() => writeTextFile(file, 'new', 'baseline', failing)).toThrow(/^cannot write baseline \S+b\.json: EIO$/);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir).sort()).toEqual(['.envoy-lint.json', 'b.json']);
  });

  it('keeps the file\'s permissions and a link to it', () => {
    const dir = pinnedDir();
    const real = path.join(dir, 'real.json');
    fs.writeFileSync(real, 'old');
    fs.chmodSync(real, 0o640);
    fs.symlinkSync(real, path.join(dir, 'link.json'));
    writeTextFile(path.join(dir, 'link.json'), 'new', 'json report');
    expect(fs.lstatSync(path.join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('new');
    expect(fs.statSync(real).mode & 0o777).toBe(0o640);
  });

  it('a failed append ($GITHUB_STEP_SUMMARY) is cut back to what the file held', () => {
    const dir = pinnedDir();
    const file = path.join(dir, 'summary.md');
    fs.writeFileSync(file, '# an earlier step\n');
    expect(() => appendTextFile(file, 'x'.repeat(1000), 'GITHUB_STEP_SUMMARY', fullDisk())).toThrow(/^cannot append to GITHUB_STEP_SUMMARY \S+summary\.md: ENOSPC$/);
    expect(fs.readFileSync(file, 'utf8')).toBe('# an earlier step\n');
  });

  it('-o or --write-baseline into an impossible place fails at once, before any input is read', async () => {
    const dir = pinnedDir();
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"configs": [');
    fs.mkdirSync(path.join(dir, 'a-directory'));
    for (const [argv, message] of [
      [['-f', 'json', '-o', '/proc/envoy-lint-nope/x.json'], 'cannot write json report /proc/envoy-lint-nope/x.json: ENOENT'],
      [['-f', 'sarif', '-o', 'a-directory'], `cannot write sarif report ${path.join(dir, 'a-directory')}: EISDIR`],
      [['--write-baseline', '/proc/envoy-lint-nope/b.json'], 'cannot write baseline /proc/envoy-lint-nope/b.json: ENOENT'],
    ] as const) {
      const r = await cli([...argv, 'broken.json'], { cwd: dir });
      expect(r.exitCode).toBe(2);
      // The only line: broken.json was never read.
      expect(r.stderr).toBe(`envoy-lint: ${message}\n`);
    }
    expect(fs.readdirSync(path.join(dir, 'a-directory'))).toEqual([]);
  });
});

describe('a write error on stdout or stderr', () => {
  class FakeStream {
    listeners: Array<(error: NodeJS.ErrnoException) => void> = [];
    on(_event: 'error', listener: (error: NodeJS.ErrnoException) => void): void {
      this.listeners.push(listener);
    }
    fail(code: string): void {
      for (const l of this.listeners) l(Object.assign(new Error(code), { code }));
    }
  }

  function install(stderrWorks = true): { stdout: FakeStream; stderr: FakeStream; written: string[]; exits: number[] } {
    const stdout = new FakeStream();
    const stderr = new FakeStream();
    const written: string[] = [];
    const exits: number[] = [];
    const writeStderr = (text: string): void => {
      if (!stderrWorks) throw Object.assign(new Error('EPIPE'), { code: 'EPIPE' });
      written.push(text);
    };
    exitOnStreamErrors({ stdout, stderr, writeStderr, exit: (code) => void exits.push(code) });
    return { stdout, stderr, written, exits };
  }

  it('on stdout is one line on stderr and exit code 2, once', () => {
    const s = install();
    s.stdout.fail('ENOSPC');
    s.stdout.fail('ERR_STREAM_DESTROYED');
    expect(s.written).toEqual(['envoy-lint: cannot write to standard output: ENOSPC\n']);
    expect(s.exits).toEqual([2]);
  });

  it('EPIPE (the reader stopped reading: | head) is exit code 2 without a line', () => {
    const s = install();
    s.stdout.fail('EPIPE');
    expect(s.written).toEqual([]);
    expect(s.exits).toEqual([2]);
  });

  it('on stderr, or with stderr gone too, is exit code 2 alone', () => {
    const s = install();
    s.stderr.fail('EPIPE');
    expect(s.written).toEqual([]);
    expect(s.exits).toEqual([2]);
    const gone = install(false);
    gone.stdout.fail('ENOSPC');
    expect(gone.exits).toEqual([2]);
  });
});

describe('--jobs', () => {
  it('is capped by the cores and the proxies', () => {
    expect(poolSize(1000, 3, 2)).toBe(2);
    expect(poolSize(1000, 100, 2)).toBe(2);
    expect(poolSize(1000, 3, 64)).toBe(3);
    expect(poolSize(4, 1, 8)).toBe(1);
    expect(poolSize(undefined, 100, 16)).toBe(8);
    expect(poolSize(undefined, 100, 2)).toBe(1);
  });

  it('--help says so', async () => {
    const stdout = new Sink();
    await main(['--help'], { stdout, stderr: new Sink(), env: {} });
    expect(stdout.text.replace(/\s+/g, ' ')).toMatch(/--jobs <n> .*never more than the cores or the proxies/);
  });
});
