// The bad-input catalogue (fixtures/bad/, made by scripts/make-bad-fixtures.mjs, plus cases built here): each row
// states what the user must see. Contract: one line on stderr naming file and position, no stack trace, exit 2 when
// an input could not be read at all; other inputs' findings still printed; a broken section is a located finding.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readBaseline } from '../../src/config/baseline.js';
import { readConfigFile } from '../../src/config/parse.js';

const BAD = path.resolve(__dirname, '../../fixtures/bad');
const GOOD = path.resolve(__dirname, '../../fixtures/dangling-cluster/fail/route-cluster.json');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-bad-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(...args: string[]): Promise<Run> {
  return runWith({}, ...args);
}

async function runWith(env: Record<string, string>, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => ({ write: (s: string | Uint8Array) => (append(String(s)), true), isTTY: false });
  const io = { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env };
  const code = await main(args, io as unknown as Parameters<typeof main>[1]);
  return { code, stdout, stderr };
}

function expectOneLineError(result: Run, pattern: RegExp): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

const bad = (name: string): string => path.join(BAD, name);

describe('inputs that cannot be read at all: one located line, exit 2', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['empty file', () => bad('empty.json'), /empty\.json: empty file/],
    ['whitespace only', () => bad('whitespace.json'), /whitespace\.json: only whitespace/],
    ['missing file', () => path.join(tmp, 'nope.json'), /nope\.json: no such file/],
    ['a path through a file', () => path.join(GOOD, 'child.json'), /child\.json: cannot read: ENOTDIR/],
    ['binary garbage', () => bad('garbage.bin'), /garbage\.bin:1:1: binary data, not text/],
    ['an HTML error page', () => bad('error-page.json'), /error-page\.json:1:1: looks like HTML/],
    ['truncated JSON', () => bad('truncated.json'), /truncated\.json:143:75: JSON ends unexpectedly/],
    ['an empty JSON array', () => bad('empty-array.json'), /empty-array\.json:1:1: valid JSON\/YAML but not Envoy config: found an empty JSON array; expected/],
    ['an empty JSON object', () => bad('empty-object.json'), /found an empty JSON object/],
    ['a Kubernetes Pod manifest', () => bad('k8s-pod.json'), /found a Kubernetes Pod manifest \(apiVersion v1\)/],
    ['YAML with duplicate keys', () => bad('duplicate-keys.yaml'), /duplicate-keys\.yaml:3:1: invalid YAML: Map keys must be unique/],
    ["Istio's Go-struct JSON", () => path.resolve(__dirname, '../../fixtures/real/pilot_pkg_xds_testdata_none_lds_http.json'), /none_lds_http\.json:222:53: invalid JSON/],
    ["Istio's bootstrap Go template", () => path.resolve(__dirname, '../../fixtures/real/tools_packaging_common_envoy_bootstrap.json'), /envoy_bootstrap\.json:4:1: invalid JSON/],
  ];
  for (const [name, file, pattern] of cases) {
    it(name, async () => expectOneLineError(await run(file()), pattern));
  }

  it('a directory (without a dump in it)', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'dir-'));
    expectOneLineError(await run(dir), /is a directory/);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file (skipped as root: root reads every file)', async () => {
    const file = path.join(tmp, 'secret.json');
    fs.copyFileSync(GOOD, file);
    fs.chmodSync(file, 0o000);
    expectOneLineError(await run(file), /secret\.json: permission denied/);
  });

  it('JSON truncated at any byte names the line and column where it ended', async () => {
    const text = fs.readFileSync(GOOD, 'utf8');
    for (const cut of [1, 17, 1000, 4321, text.length - 2]) {
      const file = path.join(tmp, `cut-${cut}.json`);
      fs.writeFileSync(file, text.slice(0, cut));
      const before = text.slice(0, cut).split('\n');
      const result = await run(file);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`cut-${cut}.json:${before.length}:${(before[before.length - 1] ?? '').length + 1}: `);
    }
  });
});

describe('inputs that are read, with or without a note', () => {
  it('kubectl noise before the JSON is skipped with a note, and the dump is linted at its true lines', async () => {
    const result = await run('-f', 'json', bad('kubectl-noise.json'));
    const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; location: { line: number } }> };
    expect(report.findings.map((f) => `${f.ruleId}@${f.location.line}`)).toEqual(['unchecked-input@1', 'unchecked-input@162', 'route-timeout-default@328', 'dangling-cluster@357']);
    expect(result.code).toBe(1);
  });

  for (const name of ['utf8-bom.json', 'utf16le.json']) {
    it(`${name} is accepted`, async () => {
      const result = await run('-f', 'json', bad(name));
      expect(result.stderr).toBe('');
      const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; location: { line: number; column: number } }> };
      expect(report.findings.map((f) => `${f.ruleId}@${f.location.line}:${f.location.column}`)).toEqual(['unchecked-input@161:23', 'route-timeout-default@327:30', 'dangling-cluster@356:34']);
    });
  }

  it('wrong value types: a quoted port is accepted (proto3 JSON), port 70000 and a negative weight are findings', async () => {
    const result = await run('-f', 'json', bad('wrong-types.json'));
    const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; message: string }> };
    const violations = report.findings.filter((f) => f.ruleId === 'schema-violation').map((f) => f.message);
    expect(violations).toHaveLength(2);
    expect(violations[0]).toMatch(/"port_value" is 70000, but Envoy requires at most 65535/);
    expect(violations[1]).toMatch(/"weight" is -1, but it cannot be negative/);
  });

  it('unknown @type URLs are "cannot check": a note for the section, never an error', async () => {
    const result = await run('-f', 'json', bad('unknown-types.json'));
    const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; severity: string; message: string }> };
    expect(report.findings.filter((f) => f.ruleId !== 'dangling-cluster').map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['unchecked-input info', 'route-timeout-default info', 'unchecked-input info']);
    expect(report.findings.filter((f) => f.ruleId === 'unchecked-input').map((f) => f.message).join('\n')).toContain('acme.admin.v1.WidgetsConfigDump');
  });

  for (const name of ['proto-keys.json', 'proto-keys.yaml']) {
    it(`${name}: __proto__ and constructor keys never touch Object.prototype`, async () => {
      const result = await run('-f', 'json', bad(name));
      expect(result.code).toBe(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  }

  it('100,000 levels of nesting: no crash, a clear verdict', async () => {
    const file = path.join(tmp, 'deep.json');
    const depth = 100_000;
    fs.writeFileSync(file, `{"configs":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
    const result = await run(file);
    expect(result.stderr).not.toMatch(/internal error|Maximum call stack/);
    expect([0, 1, 2]).toContain(result.code);
  });

  it('a 10 MB string value is read', async () => {
    const file = path.join(tmp, 'big-string.json');
    const dump = JSON.parse(fs.readFileSync(GOOD, 'utf8')) as { configs: Array<Record<string, unknown>> };
    dump.configs.push({ '@type': 'type.googleapis.com/envoy.admin.v3.SecretsConfigDump', dynamic_active_secrets: [{ name: 'x'.repeat(10 * 1024 * 1024) }] });
    fs.writeFileSync(file, JSON.stringify(dump));
    const result = await run('-f', 'json', file);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  });
});

describe('a bad input never hides the findings of the good ones', () => {
  it('prints the good file\'s findings in the chosen format and exits 2', async () => {
    const result = await run('-f', 'json', bad('truncated.json'), GOOD, bad('garbage.bin'));
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
    const report = JSON.parse(result.stdout) as { inputs: Array<{ status: string }>; findings: Array<{ ruleId: string }>; summary: { failedInputs: number } };
    expect(report.inputs.map((i) => i.status)).toEqual(['error', 'ok', 'error']);
    expect(report.summary.failedInputs).toBe(2);
    expect(report.findings.map((f) => f.ruleId)).toEqual(['unchecked-input', 'route-timeout-default', 'dangling-cluster']);
  });
});

describe('found by fuzzing', () => {
  it('a YAML alias to an anchor that is never set is a located error, not a crash', async () => {
    const file = path.join(tmp, 'alias.yaml');
    fs.writeFileSync(file, 'static_resources:\n  clusters: *nope\n');
    expectOneLineError(await run(file), /alias\.yaml:2:13: invalid YAML: Unresolved alias/);
  });
});

describe('bounded work on crafted inputs', () => {
  it('--iptables with chains nested 30,000 deep: the loop check finishes (it overflowed the stack), no loop reported', async () => {
    const depth = 30_000;
    const lines = ['*nat', ':PREROUTING ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]'];
    for (let i = 0; i < depth; i++) lines.push(`:C${i} - [0:0]`);
    lines.push('-A PREROUTING -j C0');
    for (let i = 0; i + 1 < depth; i++) lines.push(`-A C${i} -j C${i + 1}`);
    lines.push(`-A C${depth - 1} -p tcp -j REDIRECT --to-ports 15006`, 'COMMIT', '');
    const file = path.join(tmp, 'nested-chains.txt');
    fs.writeFileSync(file, lines.join('\n'));
    const result = await run('-f', 'json', GOOD, '--iptables', file);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; message: string }> };
    expect(report.findings.filter((f) => f.ruleId === 'iptables-parse-error')).toEqual([]);
    expect(report.findings.map((f) => f.message).join('\n')).not.toMatch(/call stack|rule .* failed/);
  });

  it('a virtual host with 2,500 routes is checked for shadowing within the comparison budget, and says where it stopped', async () => {
    const dump = JSON.parse(fs.readFileSync(GOOD, 'utf8')) as { configs: Array<Record<string, unknown>> };
    const routes = dump.configs.find((c) => String(c['@type']).endsWith('RoutesConfigDump')) as { dynamic_route_configs: Array<{ route_config: { virtual_hosts: Array<{ routes: unknown[] }> } }> };
    const vhost = routes.dynamic_route_configs[0]!.route_config.virtual_hosts[0]!;
    vhost.routes = Array.from({ length: 2500 }, (_, i) => ({ match: { path: `/api/v1/items/${i}` }, route: { cluster: 'PassthroughCluster' } }));
    const file = path.join(tmp, 'many-routes.json');
    fs.writeFileSync(file, JSON.stringify(dump));
    const started = Date.now();
    const result = await run('-f', 'json', file);
    expect(Date.now() - started).toBeLessThan(20_000);
    const report = JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; severity: string; message: string }> };
    const shadow = report.findings.filter((f) => f.ruleId === 'shadowed-route');
    expect(shadow).toHaveLength(1);
    expect(shadow[0]?.severity).toBe('info');
    expect(shadow[0]?.message).toMatch(/stopped after 2000000 route comparisons/);
  }, 30_000);
});

/** Findings as `rule file:line:column-endLine:endColumn`, the file named `name` whatever the input was called. */
function places(stdout: string, name = 'dump'): string[] {
  const report = JSON.parse(stdout) as { findings: Array<{ ruleId: string; location: { file: string; line: number; column: number; endLine: number; endColumn: number } }> };
  return report.findings.map(({ ruleId, location: l }) => `${ruleId} ${name}:${l.line}:${l.column}-${l.endLine}:${l.endColumn}`);
}

/** Where GOOD's dangling cluster reference is, found by a text search: `dangling-cluster dump:line:col-line:endCol`. */
function danglingPlace(lines = 0): string {
  const name = '"outbound|9080||details.default.svc.cluster.local"';
  const text = fs.readFileSync(GOOD, 'utf8').split('\n');
  const line = text.findIndex((l) => l.includes(name)) + 1 + lines;
  const column = (text[line - 1 - lines] ?? '').indexOf(name) + 1;
  return `dangling-cluster dump:${line}:${column}-${line}:${column + name.length}`;
}

const hasMkfifo = spawnSync('sh', ['-c', 'command -v mkfifo'], { encoding: 'utf8' }).status === 0;
const hasDevZero = fs.existsSync('/dev/zero') && fs.existsSync('/dev/urandom');

/**
 * A named pipe at a fresh path, written by `sh -c script` (with the pipe as $1) in the background. A second writer
 * opens it after 20 s and closes it again, so that a reader that opened the pipe twice ends instead of hanging the
 * run. `stop` ends both writers (by process group) and removes the pipe.
 */
function fifoWrittenBy(script: string): { fifo: string; stop: () => void } {
  const fifo = path.join(fs.mkdtempSync(path.join(tmp, 'fifo-')), 'p');
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  const writers = [spawn('sh', ['-c', script, 'sh', fifo], { detached: true, stdio: 'ignore' }), spawn('sh', ['-c', 'sleep 20; : > "$1"', 'sh', fifo], { detached: true, stdio: 'ignore' })];
  const stop = (): void => {
    for (const w of writers) {
      try {
        if (w.pid !== undefined) process.kill(-w.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    fs.rmSync(path.dirname(fifo), { recursive: true, force: true });
  };
  return { fifo, stop };
}

describe('inputs that are not regular files: read once, as a stream, with a bound', () => {
  it.skipIf(!hasMkfifo)('a named pipe (`mkfifo p; cat dump.json > p &`) is read, with the findings at the places a file gets', async () => {
    // Read whole, and read piecewise (as a dump of 4 MB and more is) from the bytes kept.
    const envs: Array<Record<string, string>> = [{}, { ENVOY_LINT_LARGE_INPUT_BYTES: '1', ENVOY_LINT_PIECE_BYTES: '200' }];
    for (const env of envs) {
      const { fifo, stop } = fifoWrittenBy(`cat ${JSON.stringify(GOOD)} > "$1"`);
      try {
        const result = await runWith(env, '-f', 'json', fifo);
        expect(result.stderr).toBe('');
        expect(places(result.stdout)).toEqual(places((await run('-f', 'json', GOOD)).stdout));
        expect(places(result.stdout)).toContain(danglingPlace());
      } finally {
        stop();
      }
    }
  });

  it.skipIf(!hasMkfifo)('a pipe that delivers more than the bound is one line, exit 2 (the bound set low here)', async () => {
    const { fifo, stop } = fifoWrittenBy('yes "{" > "$1"');
    try {
      expectOneLineError(await runWith({ ENVOY_LINT_MAX_STREAM_BYTES: String(1 << 20) }, fifo), /\/p: more than 1 MiB from a pipe or device: save it to a file/);
    } finally {
      stop();
    }
  });

  it.skipIf(!hasMkfifo)('a config file or a baseline on a pipe is bounded the same way', () => {
    for (const read of [(fifo: string) => readConfigFile(fifo, 'config.json', 1 << 20), (fifo: string) => readBaseline(fifo, 1 << 20)]) {
      // Two MiB of spaces, then the end: without the bound it is read whole and is "not JSON".
      const { fifo, stop } = fifoWrittenBy(`yes ' ' | head -c ${2 << 20} > "$1"`);
      try {
        expect(() => read(fifo)).toThrow(/more than 1 MiB from a pipe or device/);
      } finally {
        stop();
      }
    }
  });

  it.skipIf(!hasDevZero)('/dev/zero and /dev/urandom are binary data, refused at their first kilobytes', async () => {
    expectOneLineError(await run('/dev/zero'), /^envoy-lint: \/dev\/zero:1:1: binary data, not text/);
    expectOneLineError(await run('/dev/urandom'), /^envoy-lint: \/dev\/urandom:1:1: binary data, not text/);
  });

  it.skipIf(!hasDevZero)('--iptables /dev/zero too, and the dump beside it is still linted', async () => {
    const result = await run('-f', 'json', GOOD, '--iptables', '/dev/zero');
    expectOneLineError(result, /\/dev\/zero:1:1: binary data, not text/);
    expect(places(result.stdout)).toContain(danglingPlace());
  });

  it('a dump rewritten while it is linted keeps the positions of what was read', async () => {
    const file = path.join(tmp, 'rewritten.json');
    fs.copyFileSync(GOOD, file);
    // A rule that rewrites the dump, as a refresh loop would, with every line moved down by ten.
    const plugin = path.join(tmp, 'rewrite-plugin.mjs');
    fs.writeFileSync(
      plugin,
      `import fs from 'node:fs';
export default { rules: [{
  id: 'rewrite/dump',
  meta: { description: 'Rewrites the dump while the rules run.', defaultSeverity: 'info', messages: { m: 'x' } },
  run() { fs.writeFileSync(${JSON.stringify(file)}, '\\n'.repeat(10) + fs.readFileSync(${JSON.stringify(GOOD)}, 'utf8')); },
}] };
`,
    );
    const result = await run('-f', 'json', '--plugin', plugin, file);
    expect(result.stderr).toBe('');
    expect(places(result.stdout)).toEqual(places((await run('-f', 'json', GOOD)).stdout));
    expect(places(result.stdout)).toContain(danglingPlace());
    expect(places((await run('-f', 'json', file)).stdout)).toContain(danglingPlace(10));
  });
});

describe('usage mistakes in subcommands are usage errors, not internal errors', () => {
  it('trace --header without = is one line naming the flag, exit 2', async () => {
    const r = await run('trace', GOOD, '--to', '10.0.0.1:80', '--header', 'noequals');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stderr).toMatch(/--header <name=value>.*expected NAME=VALUE, got "noequals"/);
  });
});

describe('route-check --tests is read once, like every input', () => {
  it.skipIf(!fs.existsSync('/dev/zero'))('a device is refused as binary at once, a missing file is one line; exit 2', async () => {
    const zero = await run('route-check', '--tests', '/dev/zero', GOOD);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/^envoy-lint route-check: \/dev\/zero: binary data, not text\n$/);
    const missing = await run('route-check', '--tests', path.join(tmp, 'nope.yaml'), GOOD);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml: no such file\n$/);
  });
});
