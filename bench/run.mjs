// `npm run bench`: envoy-lint against the floor it cannot beat, measured in the same run on the same machine.
//
// Every comparison is a pair (envoy-lint, a baseline) run alternately, the order flipped on every round, and quoted as
// the median of the per-round ratios: this machine's speed drifts several-fold within minutes, and only two runs made
// back to back see the same machine. The load average is printed before and after, with a warning when it is high.
//
// Pairs: `--version` vs `node -e 0`; the GitHub Action's committed bundle on the real dump vs `node -e 0`; explain
// of a 10,000-line log vs one trace; a real 295 KB sidecar dump and generated Istio-like dumps of 5 and 70 MB in two
// layouts (one resource per line, and the admin endpoint's own two-space indent) vs `node` reading and JSON.parse-ing
// the file; with --full also 300 and 600 MB (the latter beyond V8's largest string, checked against the same proxy in
// four smaller files). Then linear growth (time per service across sizes), and fleets: 200 copies of the real dump
// with the default --jobs vs one node process reading and parsing the 200 files; 8 proxies of 5 MB with --jobs 1 vs 2.
//
// Needs GNU time (/usr/bin/time, Debian package `time`) for peak RSS. Data goes to bench/.data (git-ignored).
// Usage: node bench/run.mjs [--full] [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate, generateSections } from './generate.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const DATA = path.join(ROOT, 'bench', '.data');
const BIN = path.join(ROOT, 'dist', 'bin', 'envoy-lint.js');
const ACTION = path.join(ROOT, 'dist', 'action', 'index.js');
const REAL_DUMP = path.join(ROOT, 'fixtures', 'real', 'istioctl_cmd_istioctl_testdata_auth_productpage_config_dump.json');
const full = process.argv.includes('--full');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const NODE = process.execPath;
fs.mkdirSync(DATA, { recursive: true });
if (!fs.existsSync(BIN)) throw new Error('run `npm run build` first');
if (!fs.existsSync('/usr/bin/time')) throw new Error('GNU time is needed for peak RSS: apt-get install -y time');

/** Runs a command under GNU time: wall and CPU seconds, peak RSS in MB, exit status and output. */
function measure(args, options = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [wall, user, sys, kb] = last.split(' ').map(Number);
  return { wall, cpu: user + sys, rssMb: kb / 1024, status: result.status, stdout: result.stdout };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs `subject` and `baseline` RUNS times each, alternating and flipping the order every round. Returns the median
 * of the per-round wall-time ratios (subject / baseline), both medians, both peak RSS (max over rounds), the
 * subject's last output. `options` (cwd, env) go to both commands.
 */
function pair(subject, baseline, runs = RUNS, options = {}) {
  const s = [];
  const b = [];
  for (let r = 0; r < runs; r++) {
    if (r % 2 === 0) {
      s.push(measure(subject, options));
      b.push(measure(baseline, options));
    } else {
      b.push(measure(baseline, options));
      s.push(measure(subject, options));
    }
  }
  return {
    ratio: median(s.map((m, i) => m.wall / b[i].wall)),
    wall: median(s.map((m) => m.wall)),
    baseWall: median(b.map((m) => m.wall)),
    rssMb: Math.max(...s.map((m) => m.rssMb)),
    baseRssMb: Math.max(...b.map((m) => m.rssMb)),
    baseOk: b.every((m) => m.status === 0),
    status: s[s.length - 1].status,
    stdout: s[s.length - 1].stdout,
  };
}

const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
/** Warns when the machine is busy: above `quiet` (while it runs, the benchmark itself adds 1 to 2 to the load). */
function loadWarning(quiet) {
  const [one] = os.loadavg();
  if (one > quiet) console.log(`WARNING: load average ${one.toFixed(2)}: the machine is busy, and every figure here is unreliable (ratios move by ±30% under load). Re-run on a quiet machine before quoting any.`);
}

const PARSE = 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))';
const lintArgs = (file) => [NODE, BIN, '-f', 'json', '--fail-on', 'error', file];
const parseArgs = (file) => [NODE, '-e', PARSE, file];
const s2 = (n) => `${n.toFixed(2)} s`;

function findingsOf(stdout) {
  try {
    return JSON.parse(stdout).findings.length;
  } catch {
    return '?';
  }
}

function dump(services, layout) {
  const file = path.join(DATA, `dump-${services}-${layout}.json`);
  if (!fs.existsSync(file)) generate(services, file, layout);
  return file;
}

console.log(`envoy-lint benchmark, ${new Date().toISOString().slice(0, 10)}; ${RUNS} rounds per pair (order flipped each round), medians of the per-round ratios`);
console.log(`load average before: ${loadavg()}`);
loadWarning(0.5);
console.log();

// Start-up.
let startup = 0;
{
  const r = pair([NODE, BIN, '--version'], [NODE, '-e', '0'], Math.max(RUNS, 9));
  startup = r.wall;
  console.log(`--version: ${s2(r.wall)} vs node -e 0 ${s2(r.baseWall)}: ratio ${r.ratio.toFixed(2)} (target ≤ 1.5)`);
}

// The GitHub Action's start: its committed bundle run as a runner would (no install step, no node_modules) in a
// folder holding only the real dump, with the Actions variables set; issue 20 asks for under 2 s.
{
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-action-bench-'));
  fs.copyFileSync(REAL_DUMP, path.join(dir, 'config_dump.json'));
  const env = {
    PATH: process.env.PATH,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: dir,
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    GITHUB_OUTPUT: path.join(dir, 'output.txt'),
    INPUT_FILES: 'config_dump.json',
  };
  const r = pair([NODE, ACTION], [NODE, '-e', '0'], RUNS, { cwd: dir, env });
  console.log(`GitHub Action, real 295 KB dump: ${s2(r.wall)} (target < 2 s) vs node -e 0 ${s2(r.baseWall)}: ratio ${r.ratio.toFixed(2)}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

// explain: a 10,000-line access log (the lines of an incident: a few causes, many repeats, client ports varying)
// against one trace of one request on the same real dump; issue 19 asks for about the time of one trace plus parsing.
{
  const log = path.join(DATA, 'access-10000.log');
  const line = (i, authority, flags, code) =>
    `[2026-11-30T10:02:11.512Z] "GET /api/${i % 97} HTTP/1.1" ${code} ${flags} - - "-" 0 91 3 - "-" "curl/8.5" "id-${i}" "${authority}" "-" - - 10.96.0.20:9080 10.244.0.12:${20000 + (i % 30000)} - -`;
  const kinds = [['details:9080', '-', 200], ['nosuch:9080', 'NR', 404], ['reviews:9080', 'UO', 503], ['details:9080', 'UT', 504]];
  fs.writeFileSync(log, Array.from({ length: 10000 }, (_, i) => { const [a, f, c] = kinds[i % kinds.length]; return line(i, a, f, c); }).join('\n'));
  const r = pair([NODE, BIN, 'explain', REAL_DUMP, '--log-file', log], [NODE, BIN, 'trace', REAL_DUMP, '--to', '10.96.0.20:9080', '--host', 'details:9080'], RUNS);
  console.log(`explain, 10,000 log lines on the real 295 KB dump: ${s2(r.wall)} vs one trace ${s2(r.baseWall)}: ratio ${r.ratio.toFixed(2)}`);
}

// Single dumps, small to large.
const rows = [];
const cases = [
  { label: 'real 295 KB sidecar dump', file: REAL_DUMP, target: 2.0 },
  { label: '5 MB, one resource per line', services: 1100, layout: 'lines' },
  { label: '70 MB, one resource per line', services: 15500, layout: 'lines', target: 2.0, rssTarget: 3 },
  { label: '70 MB, indented (admin layout)', services: 6300, layout: 'indented', target: 2.0, rssTarget: 3 },
  ...(full ? [{ label: '300 MB, one resource per line', services: 66000, layout: 'lines' }, { label: '600 MB, one resource per line', services: 132000, layout: 'lines', rssTarget: 2.5, seconds: 12 }] : []),
];
for (const c of cases) {
  const file = c.file ?? dump(c.services, c.layout);
  const mb = fs.statSync(file).size / 1e6;
  const r = pair(lintArgs(file), parseArgs(file), mb > 400 ? Math.min(RUNS, 3) : RUNS);
  rows.push({ ...c, file, mb, r });
  const base = r.baseOk ? `read + JSON.parse ${s2(r.baseWall)} ${r.baseRssMb.toFixed(0)} MB` : 'read + JSON.parse fails (string longer than V8 allows)';
  const ratio = r.baseOk ? `ratio ${r.ratio.toFixed(2)}${c.target ? ` (target ≤ ${c.target})` : ''}` : `${c.seconds ? `target ≤ ${c.seconds} s` : ''}`;
  console.log(`${c.label.padEnd(32)} ${mb.toFixed(mb < 10 ? 1 : 0).padStart(5)} MB | envoy-lint ${s2(r.wall)} ${r.rssMb.toFixed(0)} MB RSS (${(r.rssMb / mb).toFixed(2)}× file${c.rssTarget ? `, target ≤ ${c.rssTarget}` : ''}), ${findingsOf(r.stdout)} findings | ${base} | ${ratio}`);
}

// Linear growth: time per service across sizes, relative to the 70 MB dump's, with the start-up (a run's fixed cost,
// the --version pair's time) taken off first.
{
  const lines = rows.filter((row) => row.layout === 'lines');
  const reference = lines.find((row) => row.services === 15500);
  if (reference && lines.length >= 2) {
    const perService = (row) => Math.max(0, row.r.wall - startup) / row.services;
    console.log(`linear growth (time per service, start-up taken off, relative to 15500 services): ${lines.map((row) => `${row.services}: ${(perService(row) / perService(reference)).toFixed(2)}`).join(', ')}`);
  }
}

// The > 512 MB dump against the same proxy in four smaller files.
const biggest = rows.find((row) => row.services === 132000);
if (biggest) {
  const dir = path.join(DATA, 'split-132000');
  if (!fs.existsSync(path.join(dir, 'endpoints.json'))) generateSections(132000, dir);
  const split = measure([NODE, BIN, '-f', 'json', ...['listeners.json', 'routes.json', 'clusters.json', 'endpoints.json'].map((f) => path.join(dir, f))]);
  // A finding about the input as a whole names its file, which differs between the two: compare the rest.
  const key = (f) => (f.resource.kind === 'input' ? `${f.ruleId} input ${f.message.replace(/\S*dump-132000\S*|\S*split-132000\S*/g, '<input>')}` : `${f.ruleId} ${f.resource.kind}:${f.resource.name} ${f.message}`);
  const a = JSON.parse(biggest.r.stdout).findings.map(key).sort();
  const b = JSON.parse(split.stdout).findings.map(key).sort();
  console.log(`600 MB dump vs the same proxy in 4 istioctl files: ${a.length} vs ${b.length} findings, ${JSON.stringify(a) === JSON.stringify(b) ? 'identical' : 'DIFFERENT'}`);
}

// Fleets.
{
  const fleetDir = path.join(DATA, 'fleet-200');
  if (!fs.existsSync(path.join(fleetDir, 'pod-199', 'config_dump.json'))) {
    for (let i = 0; i < 200; i++) {
      fs.mkdirSync(path.join(fleetDir, `pod-${i}`), { recursive: true });
      fs.copyFileSync(REAL_DUMP, path.join(fleetDir, `pod-${i}`, 'config_dump.json'));
    }
  }
  const files = Array.from({ length: 200 }, (_, i) => path.join(fleetDir, `pod-${i}`, 'config_dump.json'));
  const listFile = path.join(DATA, 'fleet-200.list');
  fs.writeFileSync(listFile, files.join('\n'));
  const parseAll = `for (const f of require("fs").readFileSync(process.argv[1], "utf8").split("\\n")) JSON.parse(require("fs").readFileSync(f, "utf8"))`;
  const r = pair([NODE, BIN, '-f', 'json', fleetDir], [NODE, '-e', parseAll, listFile], Math.min(RUNS, 5));
  console.log(`fleet of 200 × 295 KB, default --jobs: ${s2(r.wall)} vs one node process parsing the 200 files ${s2(r.baseWall)}: ratio ${r.ratio.toFixed(2)} (target ≤ 2.0)`);

  const eightDir = path.join(DATA, 'fleet-8x5mb');
  const source = dump(1100, 'indented');
  if (!fs.existsSync(path.join(eightDir, 'pod-7', 'config_dump.json'))) {
    for (let i = 0; i < 8; i++) {
      fs.mkdirSync(path.join(eightDir, `pod-${i}`), { recursive: true });
      fs.copyFileSync(source, path.join(eightDir, `pod-${i}`, 'config_dump.json'));
    }
  }
  const j = pair([NODE, BIN, '-f', 'json', '--jobs', '2', eightDir], [NODE, BIN, '-f', 'json', '--jobs', '1', eightDir], Math.min(RUNS, 5));
  console.log(`fleet of 8 × ${(fs.statSync(source).size / 1e6).toFixed(0)} MB: --jobs 2 ${s2(j.wall)} vs --jobs 1 ${s2(j.baseWall)}: ratio ${j.ratio.toFixed(2)} (below 1: two workers pay off on this machine)`);
}

console.log();
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim()}`);
console.log(`load average after: ${loadavg()} (the benchmark itself adds 1 to 2: its runs and V8's helper threads)`);
loadWarning(2.5);
