// Review of the big-input path (piecewise reading with lazy resource lists, src/load/input.ts and src/load/json/) and
// of the fleet pool (src/fleet/{run,worker}.ts). Each "BUG" block was a bug
// found by the review (the comments say what happened before the fix); its tests state what must happen. The
// "control" tests show that the whole-text path (inputs under 4 MB) does the same, so each expectation is the tool's
// own behaviour, not a wish.
//
// Calls without options have the default thresholds: files under 4 MB take the whole-text path, files from 4 MB the
// piecewise one. `pieces` calls the same functions with the thresholds lowered (largeInputBytes 1, pieceBytes 200), so
// that small files take the piecewise path with lazy lists, as the parity test (test/load/piecewise-parity.test.ts)
// does through the CLI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputError } from '../../src/load/errors.js';
import { readInput, type ReadOptions } from '../../src/load/input.js';
import { locateJsonPointers } from '../../src/load/json/locate.js';
import { parseJson } from '../../src/load/json/parse.js';
import { lintInputs, type LintOptions } from '../../src/pipeline/lint.js';
import type { Report } from '../../src/engine/report.js';
import { run as runCli, type CliIo } from '../../src/cli/main.js';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'dist/bin/envoy-lint.js');
const EXAMPLE = path.join(ROOT, 'fixtures/example/config_dump.json');
const EXAMPLE_TEXT = fs.readFileSync(EXAMPLE, 'utf8');
const NOISE = 'Defaulted container "istio-proxy" out of: istio-proxy, istio-init (init)\n';

const PIECEWISE = { largeInputBytes: 1, pieceBytes: 200 };
const PIECEWISE_ENV = { ENVOY_LINT_LARGE_INPUT_BYTES: '1', ENVOY_LINT_PIECE_BYTES: '200' };
/** The same entry points with the thresholds lowered. */
const pieces = {
  lint: { lintInputs: (paths: string[], options: LintOptions = {}) => lintInputs(paths, { ...PIECEWISE, ...options }) },
  input: { readInput: (path: string, index: number, options: ReadOptions = {}) => readInput(path, index, { ...PIECEWISE, ...options }) },
  main: { run: (argv: string[], io: CliIo) => runCli(argv, { ...io, env: { ...io.env, ...PIECEWISE_ENV } }) },
};
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-review-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** file:line:col and rule of every finding, in report order. */
function places(report: Report): string[] {
  return report.findings.map((f) => `${path.basename(f.location.file)}:${f.location.line}:${f.location.column} ${f.ruleId}`);
}

/** Whether reading throws an InputError, and its message (or the kind read). */
function outcome(read: () => { input: { kind: string } }): string {
  try {
    return `read as ${read().input.kind}`;
  } catch (error) {
    if (error instanceof Error && error.name === 'InputError') return `input error: ${error.message}`;
    throw error;
  }
}

/** A ClustersConfigDump whose dynamic_active_clusters list is lazy on the piecewise path (small elements, big list). */
function clustersDump(count: number, extra: (list: unknown[]) => void): string {
  const list: unknown[] = [];
  for (let i = 0; i < count; i++) {
    list.push({ version_info: '1', cluster: { '@type': 'type.googleapis.com/envoy.config.cluster.v3.Cluster', name: `outbound|80||svc-${i}.default.svc.cluster.local`, type: 'STATIC', connect_timeout: '1s' } });
  }
  extra(list);
  return JSON.stringify({ configs: [{ '@type': 'type.googleapis.com/envoy.admin.v3.ClustersConfigDump', version_info: '1', dynamic_active_clusters: list }] }, null, 2);
}

const wrapperProblems = (list: unknown[]): void => {
  list.splice(2, 0, 42); // an element that is not a DynamicCluster object
  (list[4] as { version_info: unknown }).version_info = 7; // a wrapper field of the wrong type
};

describe('found in review, BUG 1: a UTF-8 byte order mark is counted as part of line 1 on the piecewise path', () => {
  // The whole-text path strips the BOM (decodeText), so line-1 columns start after it and line 1's text has no
  // U+FEFF. The piecewise path keeps the BOM in its ByteSource (input.ts readLarge passes the source with the BOM,
  // only the JSON scan starts after it), so lineColumnsAt (then byte-source.ts, now json/source.ts) counts it as a column and lineTexts
  // returns it: every finding on line 1 of a minified dump with a BOM is one column too far right, and line 1 is shown
  // with a stray U+FEFF (seen as "ï»¿" / "M-oM-;M-?" on a terminal). Same shift for structural errors on line 1.
  const minified = write('bom-minified.json', `\ufeff${JSON.stringify(JSON.parse(EXAMPLE_TEXT))}`);
  const noisy = write('bom-noise.json', `\ufeff${NOISE}${EXAMPLE_TEXT}`);

  it('control: the whole-text path puts line-1 findings where they are without the BOM', () => {
    const report = lintInputs([minified]).report;
    const text = JSON.stringify(JSON.parse(EXAMPLE_TEXT));
    for (const f of report.findings) {
      const { line, column, endLine, endColumn } = f.location;
      expect({ line, column, endLine, endColumn }).toEqual(locateJsonPointers(text, [f.location.pointer]).get(f.location.pointer));
    }
  });

  it('finding columns on line 1 equal the whole-text path', () => {
    expect(places(pieces.lint.lintInputs([minified]).report)).toEqual(places(lintInputs([minified]).report));
  });

  it('line 1 is shown without the BOM', () => {
    const { input } = pieces.input.readInput(noisy, 0);
    expect(readInput(noisy, 0).input.positions.lineTexts([1]).get(1)).toBe(NOISE.trimEnd());
    expect(input.positions.lineTexts([1]).get(1)).toBe(NOISE.trimEnd());
  });
});

describe('found in review, BUG 2: --iptables is ignored for big inputs, and iptables-save -c text can be taken for JSON', () => {
  // readInput (input.ts) tries the piecewise JSON path (size >= LARGE_INPUT_BYTES and jsonStart finds a line
  // starting with "[" within the first 6 lines) before it looks at options.forceIptables or looksLikeIptables.
  // `iptables-save -c` starts its rule lines with "[packets:bytes]", so a big counters dump whose first table is
  // short (raw: 2 chains, then Istio's DNS CT rule) becomes "invalid JSON: expected ',' or ']'" (exit 2), even when
  // the user said --iptables FILE. Expected: read as iptables text, as the whole-text path does.
  const iptables = write(
    'iptables-save-c.txt',
    [
      '# Generated by iptables-save v1.8.9 (nf_tables) on Wed Nov 25 20:48:46 2026',
      '*raw',
      ':PREROUTING ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      '[12:720] -A OUTPUT -p udp -m udp --dport 53 -m owner --uid-owner 1337 -j CT --zone 1',
      'COMMIT',
      ...fs.readFileSync(path.join(ROOT, 'fixtures/example/iptables-save.txt'), 'utf8').split('\n').slice(1).map((l) => l.replace(/^-A /, '[0:0] -A ')),
    ].join('\n'),
  );

  it('control: the whole-text path reads it as iptables, forced or sniffed', () => {
    expect(outcome(() => readInput(iptables, 0, { forceIptables: true }))).toBe('read as iptables');
    expect(outcome(() => readInput(iptables, 0))).toBe('read as iptables');
  });

  it('the piecewise path reads it as iptables when forced', () => {
    expect(outcome(() => pieces.input.readInput(iptables, 0, { forceIptables: true }))).toBe('read as iptables');
  });

  it('and when sniffed', () => {
    expect(outcome(() => pieces.input.readInput(iptables, 0))).toBe('read as iptables');
  });
});

describe('found in review, BUG 3: values of a lazy list that no resource check covers are never checked', () => {
  // validate.ts skips lazy lists when checking a section or bootstrap (section = true); resources.ts then checks only
  // the resource it extracts from each element (Collector.add -> validate(typed)). Whatever else the element holds is
  // never checked: an element that is not an object (Msg.list skips it, "the schema check reports them" - it does
  // not), the wrapper's own fields (DynamicCluster.version_info, last_updated, the "@type" of the route_config Any),
  // and whole lists no resource comes from (Bootstrap.stats_sinks, ...). The whole-text path reports all of these as
  // schema-violation. With the default thresholds this is any dump from 4 MB with a section list over 1 MB.
  const big = write('big-clusters.json', clustersDump(16_000, wrapperProblems)); // about 4.5 MB: piecewise, default thresholds
  const small = write('small-clusters.json', clustersDump(20, wrapperProblems));
  const violations = (report: Report): string[] => report.findings.filter((f) => f.ruleId === 'schema-violation').map((f) => `${f.location.pointer}: ${f.message.split(';')[0]}`);
  const expected = ['/configs/0/dynamic_active_clusters/2: "dynamic_active_clusters" must be an object (DynamicCluster), not a number', '/configs/0/dynamic_active_clusters/4/version_info: "version_info" must be a string, not a number'];

  it('control: the whole-text path reports both', () => {
    expect(fs.statSync(big).size).toBeGreaterThan(4 * 1024 * 1024);
    expect(violations(lintInputs([small]).report)).toEqual(expected);
  });

  it('a 4.5 MB dump read piecewise with the default thresholds reports them too', () => {
    expect(violations(lintInputs([big]).report)).toEqual(expected);
  });

  it('a bootstrap\'s stats_sinks read piecewise are checked', () => {
    const sinks = Array.from({ length: 6 }, (_, i) => ({ name: `envoy.stat_sinks.sink-${i}`, typed_config: i === 3 ? 7 : { '@type': 'type.googleapis.com/envoy.config.metrics.v3.StatsdSink' } }));
    const file = write('bootstrap.json', JSON.stringify({ node: { id: 'sidecar~10.0.0.1~a.default~default.svc.cluster.local', cluster: 'a' }, static_resources: { clusters: [] }, stats_sinks: sinks }, null, 2));
    expect(violations(lintInputs([file]).report)).toHaveLength(1);
    expect(violations(pieces.lint.lintInputs([file]).report)).toEqual(violations(lintInputs([file]).report));
  });

  it('an existing fixture gives the same report at a piece size where its route list is lazy', () => {
    // fixtures/duplicate-domain/pass/istio-port-forms.json: its route_config Anys have no "@type". The parity test only
    // tries 200-byte pieces, where these elements are outlined and the list is not lazy; 2000 to 3000 bytes make it lazy.
    const fixture = path.join(ROOT, 'fixtures/duplicate-domain/pass/istio-port-forms.json');
    const run = (env: Record<string, string>) => spawnSync(process.execPath, [BIN, '-f', 'json', fixture], { encoding: 'utf8', env: { ...process.env, ...env } }).stdout;
    expect(fs.existsSync(BIN), 'run `npm run build` first').toBe(true);
    expect(run({ ENVOY_LINT_LARGE_INPUT_BYTES: '1', ENVOY_LINT_PIECE_BYTES: '3000' })).toBe(run({}));
  });
});

describe('found in review, BUG 4: a damaged resource met while reading lazily leaves the resources read before it in the graph', () => {
  // lint.ts loadProxies: collectResources streams each resource into the GraphBuilder as it is read; when a later
  // element fails to parse, the InputError is recorded (exit 2) but the input stays in `inputs` and its resources
  // already given to the builder stay in the graph, without the ResourceSet (sections) they belong to. The rules then
  // report on half a dump: "the inputs hold no clusters" / "no route configurations" at line 1 of a dump that has
  // them, and on the iptables beside it as if the dump's listeners were there (while another rule says there are
  // none). The whole-text path drops the unreadable input entirely, which is what the error message promises.
  const dump = JSON.parse(EXAMPLE_TEXT) as { configs: Array<Record<string, unknown>> };
  const endpoints = dump.configs.find((c) => String(c['@type']).endsWith('EndpointsConfigDump'))!;
  endpoints.dynamic_endpoint_configs = Array.from({ length: 10 }, (_, i) => ({ endpoint_config: { '@type': 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment', cluster_name: `e${i}` } }));
  const damaged = write('damaged.json', JSON.stringify(dump, null, 2).replace('"cluster_name": "e8"', '"cluster_name": e8'));
  const iptables = path.join(ROOT, 'fixtures/example/iptables-save.txt');
  const summary = (r: { report: Report; errors: InputError[] }) => ({ errors: r.errors.map((e) => e.oneLine()), inputs: r.report.inputs.map((i) => `${path.basename(i.file)} ${i.status}`), findings: places(r.report) });

  it('control: the whole-text path reports the input error and lints only the iptables', () => {
    const whole = summary(lintInputs([damaged, iptables]));
    expect(whole.errors).toEqual([expect.stringMatching(/^.*damaged\.json:\d+:\d+: invalid JSON/)]);
    expect(whole.inputs).toEqual(['damaged.json error', 'iptables-save.txt ok']);
  });

  it('the piecewise path gives the same report', () => {
    expect(summary(pieces.lint.lintInputs([damaged, iptables]))).toEqual(summary(lintInputs([damaged, iptables])));
  });
});

describe('found in review, BUG 5: a big file that changes after it was read crashes the run as an "internal error"', () => {
  // Positions and source lines are read from the file again after the rules ran (json/locate.ts, lineTexts through
  // fileSource). If the file shrank meanwhile (a dump being rewritten by a loop that refreshes it), fileSource throws
  // InputError "the file shrank while being read" from lintInputs' locateFindings (lint.ts) - outside loadProxies'
  // InputError handling - and main.ts turns it into "envoy-lint: internal error: ..." without the file's name, and
  // every other input and proxy of the run is lost. The whole-text path does not fail this way (it re-reads the file
  // with readFileSync for positions). Expected: a one-line input error naming the file (exit 2).
  it('is reported as an input error of that file', async () => {
    const dump = write('rewritten.json', EXAMPLE_TEXT);
    const plugin = write(
      'rewrite-plugin.mjs',
      `import fs from 'node:fs';
export default { rules: [{
  id: 'rewrite/dump',
  meta: { description: 'Rewrites the dump while the rules run, as a refresh loop would.', defaultSeverity: 'info', messages: { m: 'x' } },
  run() { fs.writeFileSync(${JSON.stringify(dump)}, '{"configs": []}'); },
}] };
`,
    );
    let stderr = '';
    const sink = (add: (s: string) => void) => ({ write: (s: string) => (add(s), true) });
    const result = await pieces.main.run(['--plugin', plugin, '--no-progress', dump], { stdout: sink(() => undefined), stderr: sink((s) => (stderr += s)), env: {}, cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(stderr).not.toContain('internal error');
    expect(stderr).toMatch(/^envoy-lint: \S*rewritten\.json\b.*shrank/m);
  });
});

describe('found in review, BUG 6: blank lines before kubectl noise count on the whole-text path but not on the piecewise one', () => {
  // jsonStart (input.ts) skips blank lines on its first pass without counting them against the limit of 5 noise
  // lines; skipLeadingNoise counts every line before the JSON. So 3 blank lines + 5 noise lines + JSON is an input
  // error ("invalid YAML") under 4 MB and a dump (with a note "skipped 8 line(s)", beyond the documented limit) from
  // 4 MB. Expected: the same answer at every size.
  const file = write('blank-and-noise.json', `\n\n\n${NOISE}w2\nw3\nw4\nw5\n${EXAMPLE_TEXT}`);

  it('the same input gives the same outcome on both paths', () => {
    expect(outcome(() => pieces.input.readInput(file, 0))).toBe(outcome(() => readInput(file, 0)));
  });
});

describe('found in review, BUG 7: a proxy that fails on a worker thread prints a stack trace without --debug', () => {
  // worker.ts posts `${error.message}\n${error.stack}` as the failure, and run.ts wraps that whole text in an Error,
  // so main.ts prints "envoy-lint: internal error: <message>\n<stack>... (run with --debug for details)": a stack
  // trace with frames, and the "--debug" hint after it. The same failure on the main thread prints one line. The
  // failure used here is BUG 5 on a worker: the plugin rewrites the dump only on a worker thread, and holds the main
  // thread on its first proxy so that a worker claims the others.
  it('is one line without stack frames, as on the main thread', () => {
    expect(fs.existsSync(BIN), 'run `npm run build` first').toBe(true);
    const fleet = path.join(dir, 'fleet');
    for (let i = 0; i < 4; i++) {
      fs.mkdirSync(path.join(fleet, `pod-${i}`), { recursive: true });
      fs.writeFileSync(path.join(fleet, `pod-${i}`, 'config_dump.json'), EXAMPLE_TEXT);
    }
    const plugin = write(
      'worker-rewrite-plugin.mjs',
      `import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';
let first = true;
export default { rules: [{
  id: 'wrewrite/dump',
  meta: { description: 'Rewrites the dump on worker threads; holds the main thread once.', defaultSeverity: 'info', messages: { m: 'x' } },
  run({ target }) {
    if (isMainThread) {
      if (first) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      first = false;
      return;
    }
    fs.writeFileSync(target.inputFiles[0], '{"configs": []}');
  },
}] };
`,
    );
    const r = spawnSync(process.execPath, [BIN, '--jobs', '2', '--plugin', plugin, fleet], { encoding: 'utf8', env: { ...process.env, ENVOY_LINT_LARGE_INPUT_BYTES: '1' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('shrank'); // the worker did fail
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('found in review, BUG 8: invalid JSON inside a lazy-list element that nothing reads is accepted', () => {
  // The outline (json/outline.ts) checks structure only: literals and string contents are left to JSON.parse of the
  // pieces. Elements of a lazy list (json/document.ts, LazyList) are parsed only when read, so an element no one
  // reads is never checked at all: here a big SecretsConfigDump (a section envoy-lint does not read; gateways with
  // many certificates have big ones) with a bad literal. The whole-text path rejects the input (exit 2, located);
  // the piecewise path lints it as if it were valid JSON.
  const secrets = Array.from({ length: 10 }, (_, i) => `{"name": "cert-${i}", "version_info": ${i === 6 ? 'tru' : `"${i}"`}}`);
  const text = EXAMPLE_TEXT.replace('"configs": [', `"configs": [\n    {"@type": "type.googleapis.com/envoy.admin.v3.SecretsConfigDump", "dynamic_active_secrets": [${secrets.join(', ')}]},`);
  const file = write('bad-literal.json', text);

  it('control: the whole-text path rejects it with a located error', () => {
    expect(lintInputs([file]).errors.map((e) => e.oneLine())).toEqual([expect.stringMatching(/bad-literal\.json:3:\d+: invalid JSON/)]);
  });

  it('the piecewise path rejects it too', () => {
    expect(pieces.lint.lintInputs([file]).errors.map((e) => e.oneLine())).toEqual([expect.stringMatching(/bad-literal\.json:3:\d+: invalid JSON/)]);
  });
});

describe('found in review, BUG 9: an "Unexpected token" error is placed at the first copy of V8\'s excerpt, which may be inside a string', () => {
  // json/parse.ts errorOffset (changed in c6a13f9, and used for every piece by json/document.ts) finds V8's
  // 10-characters-each-side excerpt with text.indexOf(excerpt): the first copy, not the one JSON.parse stopped at.
  // When the same characters appear earlier inside a string (a note listing the ports, here), the error is placed
  // there - line 2, inside a valid string - instead of at the bad token on line 3. Expected: line 3, column 25.
  it('is placed at the bad token', () => {
    const text = '{\n  "note": "ports 1, 2, 3, 4, x, 5, 6, 7, 8",\n  "ports": [1, 2, 3, 4, x, 5, 6, 7, 8]\n}\n';
    let error: InputError | undefined;
    try {
      parseJson(text, 'ports.json');
    } catch (e) {
      error = e as InputError;
    }
    expect([error?.line, error?.column]).toEqual([3, 25]);
  });
});
