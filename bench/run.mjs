// `npm run bench`: envoy-lint's wall time and peak RSS on generated Istio-like dumps of about 5, 70, 300 and 600 MB,
// beside the wall time and peak RSS of `node -e` read + JSON.parse of the same file, measured in the same run; then
// linear growth, a > 512 MB dump against the same proxy split in smaller files, and a fleet with --jobs 1 vs 2.
// Needs GNU time (/usr/bin/time, Debian package `time`) for peak RSS. Data goes to bench/.data (git-ignored).
// Usage: node bench/run.mjs [--quick]   (--quick: only the 5 and 70 MB sizes and a small fleet)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate, generateSections } from './generate.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const DATA = path.join(ROOT, 'bench', '.data');
const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const quick = process.argv.includes('--quick');
fs.mkdirSync(DATA, { recursive: true });
if (!fs.existsSync(BIN)) throw new Error('run `npm run build` first');
if (!fs.existsSync('/usr/bin/time')) throw new Error('GNU time is needed for peak RSS: apt-get install -y time');

/** Runs a command under GNU time; returns wall seconds, peak RSS in MB, exit status and stdout. */
function measure(args, env = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...args], { encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, ...env } });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [wall, kb] = last.split(' ').map(Number);
  return { wall, rssMb: kb / 1024, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function dump(services) {
  const file = path.join(DATA, `dump-${services}.json`);
  if (!fs.existsSync(file)) generate(services, file);
  return file;
}

const BASELINE = 'const s = require("fs").readFileSync(process.argv[1], "utf8"); JSON.parse(s);';
const rows = [];
const sizes = quick ? [1100, 15500] : [1100, 15500, 66000, 132000];
for (const services of sizes) {
  const file = dump(services);
  const mb = fs.statSync(file).size / 1e6;
  const base = measure([process.execPath, '-e', BASELINE, file]);
  const lint = measure([process.execPath, BIN, '-f', 'json', '--fail-on', 'error', file]);
  let findings = '?';
  try {
    findings = JSON.parse(lint.stdout).findings.length;
  } catch {
    findings = `exit ${lint.status}`;
  }
  const baseOk = base.status === 0;
  rows.push({ services, mb, lint, base, baseOk, findings });
  console.log(
    `${String(services).padStart(7)} services ${mb.toFixed(0).padStart(5)} MB | envoy-lint ${lint.wall.toFixed(2)} s ${lint.rssMb.toFixed(0)} MB RSS (${(lint.rssMb / mb).toFixed(1)}x file), ${findings} findings | read+JSON.parse ${baseOk ? `${base.wall.toFixed(2)} s ${base.rssMb.toFixed(0)} MB` : 'fails (string too long)'} | time ratio ${baseOk ? (lint.wall / base.wall).toFixed(2) : 'n/a'}`,
  );
}

const small = rows.find((r) => r.services === 1100);
const tenfold = rows.find((r) => r.services === 15500);
if (small && tenfold) {
  // 15500 / 1100 = 14.1x the services: compare time per service.
  const ratio = tenfold.lint.wall / small.lint.wall / (15500 / 1100);
  console.log(`linear growth: time per service at 15500 vs 1100 services = ${ratio.toFixed(2)} (<= 1.1 means 10x services cost <= 11x time)`);
}

const biggest = rows.find((r) => r.services === 132000);
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
  const one = measure([process.execPath, BIN, '-f', 'json', '--jobs', '1', fleetDir]);
  const two = measure([process.execPath, BIN, '-f', 'json', '--jobs', '2', fleetDir]);
  console.log(`fleet of 8 proxies (${(fs.statSync(dump(services)).size / 1e6).toFixed(0)} MB each): --jobs 1 ${one.wall.toFixed(2)} s, --jobs 2 ${two.wall.toFixed(2)} s, ratio ${(two.wall / one.wall).toFixed(2)} (target <= 0.65); same output: ${one.stdout === two.stdout}`);
}
console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${execFileSync('uname', ['-sr'], { encoding: 'utf8' }).trim()}`);
