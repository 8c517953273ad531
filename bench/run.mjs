// `npm run bench`: envoy-lint's wall time and peak RSS on generated Istio-like dumps of about 5, 70, 300 and 600 MB,
// beside the wall time and peak RSS of `node -e` read + JSON.parse of the same file, measured in the same run; then
// linear growth, a > 512 MB dump against the same proxy split in smaller files, and a fleet with --jobs 1 vs 2.
// The machine is shared and its speed drifts, so every pair being compared is run alternately several times and the
// medians are compared; the load average is printed first (a busy machine makes every ratio worse).
// Needs GNU time (/usr/bin/time, Debian package `time`) for peak RSS. Data goes to bench/.data (git-ignored).
// Usage: node bench/run.mjs [--quick] [--runs N]   (--quick: only the 5 and 70 MB sizes and a small fleet)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate, generateSections } from './generate.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const DATA = path.join(ROOT, 'bench', '.data');
const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const quick = process.argv.includes('--quick');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
fs.mkdirSync(DATA, { recursive: true });
if (!fs.existsSync(BIN)) throw new Error('run `npm run build` first');
if (!fs.existsSync('/usr/bin/time')) throw new Error('GNU time is needed for peak RSS: apt-get install -y time');

/** Runs a command under GNU time; returns wall and CPU seconds, peak RSS in MB, exit status and output. */
function measure(args, env = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ...env } });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [wall, user, sys, kb] = last.split(' ').map(Number);
  return { wall, cpu: user + sys, rssMb: kb / 1024, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/** Runs each command RUNS times, alternating between them; per command: median wall, max RSS, the last run. */
function alternate(commands) {
  const runs = commands.map(() => []);
  for (let r = 0; r < RUNS; r++) commands.forEach((args, i) => runs[i].push(measure(args)));
  return runs.map((list) => ({
    wall: median(list.map((m) => m.wall)),
    walls: list.map((m) => m.wall),
    cpu: median(list.map((m) => m.cpu)),
    rssMb: Math.max(...list.map((m) => m.rssMb)),
    status: list[list.length - 1].status,
    stdout: list[list.length - 1].stdout,
  }));
}

function dump(services) {
  const file = path.join(DATA, `dump-${services}.json`);
  if (!fs.existsSync(file)) generate(services, file);
  return file;
}

const fmt = (walls) => walls.map((w) => w.toFixed(2)).join('/');
console.log(`load average before the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${RUNS} alternating runs per measurement, medians compared`);

const BASELINE = 'const s = require("fs").readFileSync(process.argv[1], "utf8"); JSON.parse(s);';
const rows = [];
const sizes = quick ? [1100, 15500] : [1100, 15500, 66000, 132000];
for (const services of sizes) {
  const file = dump(services);
  const mb = fs.statSync(file).size / 1e6;
  const [base, lint] = alternate([
    [process.execPath, '-e', BASELINE, file],
    [process.execPath, BIN, '-f', 'json', '--fail-on', 'error', file],
  ]);
  let findings = '?';
  try {
    findings = JSON.parse(lint.stdout).findings.length;
  } catch {
    findings = `exit ${lint.status}`;
  }
  const baseOk = base.status === 0;
  rows.push({ services, mb, lint, base, baseOk, findings });
  console.log(
    `${String(services).padStart(7)} services ${mb.toFixed(0).padStart(5)} MB | envoy-lint ${lint.wall.toFixed(2)} s (${fmt(lint.walls)}) ${lint.rssMb.toFixed(0)} MB RSS (${(lint.rssMb / mb).toFixed(2)}x file), ${findings} findings | read+JSON.parse ${baseOk ? `${base.wall.toFixed(2)} s (${fmt(base.walls)}) ${base.rssMb.toFixed(0)} MB` : 'fails (string too long)'} | time ratio ${baseOk ? (lint.wall / base.wall).toFixed(2) : 'n/a'}`,
  );
}

const small = rows.find((r) => r.services === 1100);
const tenfold = rows.find((r) => r.services === 15500);
if (small && tenfold) {
  // 15500 / 1100 = 14.1x the services: compare time per service.
  const ratio = tenfold.lint.wall / small.lint.wall / (15500 / 1100);
  console.log(`linear growth: time per service at 15500 vs 1100 services = ${ratio.toFixed(2)} (<= 1.1 means 10x services cost <= 11x time)`);
}
const big = rows.find((r) => r.services === 66000);
const biggest = rows.find((r) => r.services === 132000);
if (big && biggest) console.log(`linear growth: time per service at 132000 vs 66000 services = ${(biggest.lint.wall / big.lint.wall / 2).toFixed(2)}`);

if (biggest) {
  const dir = path.join(DATA, 'split-132000');
  if (!fs.existsSync(path.join(dir, 'endpoints.json'))) generateSections(132000, dir);
  const split = measure([process.execPath, BIN, '-f', 'json', ...['listeners.json', 'routes.json', 'clusters.json', 'endpoints.json'].map((f) => path.join(dir, f))]);
  const key = (f) => `${f.ruleId} ${f.resource.kind}:${f.resource.name} ${f.message}`;
  const a = JSON.parse(biggest.lint.stdout).findings.map(key).sort();
  const b = JSON.parse(split.stdout).findings.map(key).filter((k) => !k.startsWith('inbound-port-not-captured')).sort();
  const aa = a.filter((k) => !k.startsWith('inbound-port-not-captured'));
  console.log(`> 512 MB dump vs the same proxy in 4 istioctl files: ${aa.length} vs ${b.length} findings, ${JSON.stringify(aa) === JSON.stringify(b) ? 'identical' : 'DIFFERENT'}`);
}

{
  const fleetDir = path.join(DATA, quick ? 'fleet-quick' : 'fleet');
  const services = quick ? 1100 : 4400; // about 20 MB each
  if (!fs.existsSync(path.join(fleetDir, 'pod-7', 'config_dump.json'))) {
    const source = dump(services);
    for (let i = 0; i < 8; i++) {
      fs.mkdirSync(path.join(fleetDir, `pod-${i}`), { recursive: true });
      fs.copyFileSync(source, path.join(fleetDir, `pod-${i}`, 'config_dump.json'));
    }
  }
  const [one, two] = alternate([
    [process.execPath, BIN, '-f', 'json', '--jobs', '1', fleetDir],
    [process.execPath, BIN, '-f', 'json', '--jobs', '2', fleetDir],
  ]);
  console.log(
    `fleet of 8 proxies (${(fs.statSync(dump(services)).size / 1e6).toFixed(0)} MB each): --jobs 1 ${one.wall.toFixed(2)} s (${fmt(one.walls)}; CPU ${one.cpu.toFixed(2)} s), --jobs 2 ${two.wall.toFixed(2)} s (${fmt(two.walls)}; CPU ${two.cpu.toFixed(2)} s), ratio ${(two.wall / one.wall).toFixed(2)} (target <= 0.65); same output: ${one.stdout === two.stdout}`,
  );
  // What the hardware gives: the same read + JSON.parse work as two processes at once vs one after the other.
  const file = dump(services);
  const [serial, parallel] = alternate([
    ['bash', '-c', `for i in 1 2 3 4; do "${process.execPath}" -e '${BASELINE}' "${file}"; done`],
    ['bash', '-c', `("${process.execPath}" -e '${BASELINE}' "${file}"; "${process.execPath}" -e '${BASELINE}' "${file}") & ("${process.execPath}" -e '${BASELINE}' "${file}"; "${process.execPath}" -e '${BASELINE}' "${file}") & wait`],
  ]);
  console.log(`hardware: 4 x read + JSON.parse of one such dump, 2 processes at a time vs one after the other: ratio ${(parallel.wall / serial.wall).toFixed(2)} (${parallel.wall.toFixed(2)} s vs ${serial.wall.toFixed(2)} s)`);
}
console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim()}; load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
