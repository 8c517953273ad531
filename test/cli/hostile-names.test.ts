// Every command and mode on a dump (and file names, a plugin, a route test file) full of terminal control: OSC 8
// hyperlinks, OSC 52 clipboard writes, CSI clear-screen, CR, newlines, U+202E and U+009B. None of it may reach stdout
// or stderr raw: text output shows it as visible escapes, structured formats escape it their own way and stay valid.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { progressLine } from '../../src/cli/progress.js';
import { FORMAT_NAMES } from '../../src/report/index.js';
import { ROOT, Sink, tempDir } from './helpers.js';

const OSC8 = '\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007';
const OSC52 = '\u001b]52;c;ZXZpbA==\u0007';
const CLEAR = '\u001b[2J\u001b[H';
/** What goes into every name of the dump. */
const H = `${OSC8}${OSC52}${CLEAR}\r\nforged line\u202eevil\u009b31m`;
/** The same for file names, which cannot hold '/'. */
const FILE_H = `\u001b]8;;x\u0007${OSC52}${CLEAR}\r\nforged\u202e\u009b31m`;
/** The same for an iptables line: one line, and no BEL (text with BEL is refused as binary), so OSC ends with ST. */
const LINE_H = `\u001b]8;;https://evil.example/\u001b\\click\u001b]52;c;ZXZpbA==\u001b\\${CLEAR}\u202eevil\u009b31m`;

/** Controls that must never be written raw: C0 but tab and newline, DEL, C1, line separators, bidi controls. */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function expectClean(label: string, text: string): void {
  const at = text.search(RAW);
  const context = at < 0 ? '' : JSON.stringify(text.slice(Math.max(0, at - 60), at + 20));
  expect(at, `${label}: raw U+${text.codePointAt(at)?.toString(16).padStart(4, '0') ?? ''} near ${context}`).toBe(-1);
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await main(argv, { stdout, stderr, env, cwd });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs and checks both streams; returns the run for checks of its own. */
async function clean(argv: string[], cwd: string): Promise<Run> {
  const r = await run(argv, cwd);
  const label = argv.map((a) => JSON.stringify(a)).join(' ');
  expectClean(`stdout of ${label}`, r.stdout);
  expectClean(`stderr of ${label}`, r.stderr);
  return r;
}

/** The bundled example with hostile text in listener, route configuration, virtual host, route and cluster names, domains and the node id. */
function hostileDump(): string {
  const h = JSON.stringify(H).slice(1, -1);
  return fs
    .readFileSync(path.join(ROOT, 'fixtures/example/config_dump.json'), 'utf8')
    .replaceAll('.default.svc.cluster.local', `.default${h}.svc.cluster.local`)
    .replaceAll('"0.0.0.0_9080"', `"0.0.0.0_9080${h}"`)
    .replaceAll('"9080"', `"9080${h}"`)
    .replaceAll('"name": "default"', `"name": "default${h}"`)
    .replaceAll('"details"', `"details${h}"`)
    .replace('"id": "sidecar~', `"id": "sidecar${h}~`);
}

/** A plugin whose metadata and messages are hostile, and whose rule reports every cluster by name. */
function hostilePluginSource(): string {
  const rule = {
    id: 'hostile/echo',
    meta: { description: `Echoes cluster names ${H}.`, defaultSeverity: 'warning', messages: { echo: `cluster {{name}} ${H}` } },
  };
  return `export default [{ ...${JSON.stringify(rule)}, run({ graph, report }) {
  for (const c of graph.clusters) report({ messageId: 'echo', data: { name: c.name }, resource: { kind: 'cluster', name: c.name }, origin: c.nameOrigin ?? c.origin });
} }];
`;
}

let dir = '';
let dump = '';
let damaged = '';
let plugin = '';
let tests = '';
let iptables = '';

beforeAll(() => {
  dir = tempDir('envoy-lint-hostile-');
  dump = path.join(dir, `dump-${FILE_H}.json`);
  fs.writeFileSync(dump, hostileDump());
  damaged = path.join(dir, `damaged-${FILE_H}.json`);
  fs.writeFileSync(damaged, '{"configs": [');
  plugin = `./plugin-${FILE_H}.mjs`;
  fs.writeFileSync(path.join(dir, plugin), hostilePluginSource());
  tests = path.join(dir, `tests-${FILE_H}.json`);
  fs.writeFileSync(
    tests,
    JSON.stringify({
      tests: [
        { test_name: `fails ${H}`, input: { authority: 'reviews', path: '/' }, validate: { cluster_name: `expected ${H}` } },
        { test_name: `unchecked ${H}`, input: { authority: 'reviews', path: '/' }, validate: { [`field ${H}`]: 1 } },
        { test_name: `no host ${H}`, input: { authority: `nowhere ${H}`, path: `/${H}` }, validate: { cluster_name: '' } },
      ],
    }),
  );
  iptables = path.join(dir, `iptables-${FILE_H}.txt`);
  fs.writeFileSync(iptables, `*nat\n:OUTPUT ACCEPT [0:0]\n-A OUTPUT ${LINE_H} -j REDIRECT --to-ports 15001\nCOMMIT\n`);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('lint', () => {
  for (const format of FORMAT_NAMES) {
    it(`--format ${format} to stdout`, async () => {
      const r = await clean([dump, '-f', format], dir);
      expect(r.code).toBe(1);
      if (format === 'json' || format === 'sarif') {
        // Still JSON, and the names are all there, escaped.
        expect(JSON.stringify(JSON.parse(r.stdout))).toContain(JSON.stringify(`reviews.default${H}`).slice(1, -1));
      }
      if (format === 'text') expect(r.stdout).toContain('\\x1b]52;c;');
      if (format === 'junit') expect(r.stdout).toContain('&#x202e;');
    });
  }

  it('with colour on, only the colours of the tool itself are raw', async () => {
    const r = await run([dump], dir, { FORCE_COLOR: '1' });
    // eslint-disable-next-line no-control-regex
    const sgr = /\u001b\[[0-9;]*m/g;
    expect(r.stdout).toMatch(sgr);
    expectClean('coloured stdout without its SGR sequences', r.stdout.replace(sgr, ''));
    expectClean('stderr', r.stderr);
  });

  it('with a plugin whose metadata and messages are hostile', async () => {
    const r = await clean([dump, '--plugin', plugin], dir);
    expect(r.stdout).toContain('hostile/echo');
  });

  it('--list-rules with that plugin', async () => {
    const r = await clean(['--list-rules', '--plugin', plugin], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hostile\/echo .*Echoes cluster names \\x1b/m);
  });

  it('--print-config with that plugin: valid JSON, escaped', async () => {
    const r = await clean(['--print-config', '--plugin', plugin], dir);
    expect((JSON.parse(r.stdout) as { plugins: string[] }).plugins.join()).toContain(FILE_H);
  });

  it('a fleet of two, one damaged: its error line and the fleet summary', async () => {
    const r = await clean([dump, damaged], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^envoy-lint: .*damaged-\\x1b.*\n/m);
  });

  it('a fleet of the same dump twice, with the plugin: the report and the fleet summary', async () => {
    const r = await clean([dump, dump, '--plugin', plugin], dir);
    expect(r.stderr).toMatch(/fleet: /);
  });

  it('a missing file, a missing config, a missing baseline, bad flags', async () => {
    const missing = await clean([path.join(dir, `missing-${FILE_H}.json`)], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect((await clean([dump, '-c', `config-${FILE_H}.json`], dir)).code).toBe(2);
    expect((await clean([dump, '--baseline', `baseline-${FILE_H}.json`], dir)).code).toBe(2);
    expect((await clean([dump, '--rule', `${H}=off`], dir)).code).toBe(2);
    expect((await clean([dump, `--${H}`], dir)).code).toBe(2);
    expect((await clean([dump, '--plugin', `./nope-${FILE_H}.mjs`], dir)).code).toBe(2);
    expect((await clean([dump, '--iptables', iptables], dir)).code).toBe(1);
  });

  it('--write-baseline to a hostile name', async () => {
    const r = await clean([dump, '--write-baseline', `baseline-${FILE_H}.json`], dir);
    expect(r.stderr).toMatch(/wrote \d+ finding\(s\) to the baseline/);
  });
});

describe('trace', () => {
  const to = ['--to', '10.96.0.10:9080'];
  // Flags as functions: the files are made in beforeAll, after the tests are collected.
  for (const [what, extra] of [
    ['a host that is missing its cluster', () => ['--host', `details${H}`, '--path', `/details/${H}`]],
    ['weighted clusters', () => ['--host', 'ratings', '--verbose']],
    ['no virtual host matches, verbose', () => ['--host', `nowhere${H}`, '--verbose']],
    ['a named listener', () => ['--listener', `0.0.0.0_9080${H}`, '--host', 'reviews']],
    ['with iptables holding a hostile line', () => ['--iptables', iptables, '--host', 'reviews', '--header', `x-${H}=${H}`, '--sni', `sni${H}`]],
  ] as const) {
    it(what, async () => {
      const r = await clean(['trace', dump, ...to, ...extra()], dir);
      expect(r.stdout, r.stderr).toMatch(/^outcome: /m);
    });
  }

  it('--format json stays valid', async () => {
    const r = await clean(['trace', dump, ...to, '--host', 'reviews', '--format', 'json'], dir);
    expect(JSON.stringify(JSON.parse(r.stdout))).toContain('\\u001b]52');
  });

  it('errors: a missing file, an unknown proxy, a bad flag', async () => {
    expect((await clean(['trace', path.join(dir, `missing-${FILE_H}.json`), ...to], dir)).code).toBe(2);
    expect((await clean(['trace', dump, ...to, '--proxy', `p${H}`], dir)).code).toBe(2);
    expect((await clean(['trace', dump, ...to, '--from-uid', `u${H}`], dir)).code).toBe(2);
  });
});

describe('route-check', () => {
  it('text, with coverage', async () => {
    const r = await clean(['route-check', '--tests', tests, dump, '--route-config', `9080${H}`, '--coverage'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^FAIL {2}fails \\x1b/m);
  });

  it('--format json stays valid', async () => {
    const r = await clean(['route-check', '--tests', tests, dump, '--route-config', `9080${H}`, '--coverage', '--format', 'json'], dir);
    expect((JSON.parse(r.stdout) as { routeConfig: string }).routeConfig).toBe(`9080${H}`);
  });

  it('errors: an unknown route configuration, a missing tests file, a missing dump', async () => {
    expect((await clean(['route-check', '--tests', tests, dump, '--route-config', `nope${H}`], dir)).code).toBe(2);
    expect((await clean(['route-check', '--tests', path.join(dir, `missing-${FILE_H}.json`), dump], dir)).code).toBe(2);
    expect((await clean(['route-check', '--tests', tests, path.join(dir, `missing-${FILE_H}.json`)], dir)).code).toBe(2);
  });
});

describe('explain', () => {
  // An Istio default-format line whose authority, path and cluster carry the hostile text (quotes and spaces aside:
  // those would end the line's fields, and a line that does not parse tests nothing).
  const hostileLine = (flags: string, authority: string, cluster = '-'): string =>
    `[2026-11-30T10:02:11.512Z] "GET /x${LINE_H.replace(/[ "]/g, '')} HTTP/1.1" 503 ${flags} - - "-" 0 91 3 - "-" "curl" "id" "${authority}" "-" ${cluster} - 10.96.0.10:9080 10.244.0.12:51234 - -`;

  for (const format of ['text', 'json', 'markdown'] as const) {
    it(`--format ${format}: a log with hostile names, each cause`, async () => {
      const log = path.join(dir, `access-${format}.log`);
      const name = `details${LINE_H.replace(/[ "]/g, '')}`;
      fs.writeFileSync(log, [hostileLine('NC', 'details'), hostileLine('NR', name), hostileLine('UO', 'reviews', `c${LINE_H.replace(/[ "]/g, '')}`), `not a log line ${LINE_H}`].join('\n'));
      const r = await clean(['explain', dump, '--log-file', log, '--format', format], dir);
      expect(r.code, r.stderr).toBeLessThan(2);
      if (format === 'json') expect((JSON.parse(r.stdout) as { groups: unknown[] }).groups.length).toBeGreaterThan(1);
      else expect(r.stdout).toMatch(/\\x1b/);
    });
  }

  it('errors: a line no format reads, a missing log file, a bad --format-string', async () => {
    expect((await clean(['explain', dump, '--log', `junk ${H}`], dir)).code).toBe(2);
    expect((await clean(['explain', dump, '--log-file', path.join(dir, `missing-${FILE_H}.log`)], dir)).code).toBe(2);
    expect((await clean(['explain', dump, '--format-string', `no operators ${H}`, '--log', 'x'], dir)).code).toBe(2);
  });
});

describe('diff', () => {
  for (const format of ['text', 'json', 'markdown'] as const) {
    it(`--format ${format}: the hostile dump against the bundled example`, async () => {
      const r = await clean(['diff', path.join(ROOT, 'fixtures/example/config_dump.json'), dump, '--format', format], dir);
      expect(r.code, r.stderr).toBe(1);
      if (format === 'json') expect((JSON.parse(r.stdout) as { resources: unknown[] }).resources.length).toBeGreaterThan(1);
      else expect(r.stdout).toMatch(/\\x1b/);
    });
  }

  it('errors: a missing side with a hostile name', async () => {
    expect((await clean(['diff', dump, path.join(dir, `missing-${FILE_H}.json`)], dir)).code).toBe(2);
  });
});

describe('the progress line', () => {
  it('shows a hostile proxy name escaped; only its own line-clearing sequence is raw', () => {
    const stderr = new Sink(true);
    let now = 0;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const progress = progressLine(stderr, true);
    now = 5000;
    progress.update(`linting ${H}: reading`);
    progress.clear();
    expect(stderr.text).toContain('linting \\x1b]8;;');
    expectClean('the progress line', stderr.text.replaceAll('\r\u001b[2K', ''));
  });
});
