// Lints a fleet: every planned proxy, in parallel on worker threads (`--jobs`), with output in plan order so that it
// is the same whatever finishes first. This thread lints too; one proxy, or one job, runs in this thread alone.
import fs from 'node:fs';
import os from 'node:os';
import { workerThreads } from '../lazy-modules.js';
import type { Rule } from '../engine/rule.js';
import type { RuleOverride } from '../engine/run.js';
import { inputError, makeReport } from '../pipeline/report.js';
import type { ControlPlaneId } from '../model/control-plane.js';
import type { GraphView } from '../report/graph/index.js';
import { combineGraphViews, type MeshLink as GraphMeshLink } from '../report/graph/mesh.js';
import { Mesh, serving } from '../mesh/model.js';
import { indexBy } from '../model/graph.js';
import type { MeshFacts } from '../mesh/facts.js';
import type { InputSummary, Report } from '../engine/report.js';
import { runJob, serializedError, type ProxyJob, type ProxyResult, type SerializedInputError } from './job.js';
import { Reopener } from './reopen.js';
import { placeFindings } from '../mesh/place.js';
import type { ReadTuning } from '../load/input.js';
import { planProxies } from './plan.js';
import { compareCodeUnits, sortAndDedupe } from '../engine/run.js';
import type { Finding } from '../engine/finding.js';
import { hasMeshRules, runMeshRules } from '../mesh/run.js';
import { BUILTIN_RULES } from '../../rules/index.js';

export interface FleetOptions {
  settings?: ReadonlyMap<string, RuleOverride>;
  /** The rules to run (default: the built-in ones); with plugin rules, `plugins` names their files for the workers. */
  rules?: readonly Rule[];
  /** Module files of the plugins whose rules are in `rules` (worker threads import them again). */
  plugins?: readonly string[];
  iptables?: readonly string[];
  /** Threads to lint on (default: defaultJobs()); capped by the cores and the proxies (poolSize). */
  jobs?: number;
  /** Build the graph view (html, dot, mermaid): one proxy's, or a fleet's proxies drawn as one mesh. */
  graphView?: boolean;
  /** The control plane to assume for every proxy instead of detecting it (`--control-plane`). */
  controlPlane?: ControlPlaneId;
  /** The loader's size thresholds (default: its own). */
  reading?: ReadTuning;
  onProgress?: (done: number, total: number, current: string) => void;
  /** How far the proxy being linted on this thread has got ("config_dump.json: read 120/605 MB"). */
  onDetail?: (proxy: string, detail: string) => void;
}

/** Per rule, on how many proxies it fired (the fleet summary). */
export interface FleetSummary {
  proxies: number;
  rules: Record<string, number>;
}

export interface FleetResult {
  report: Report;
  errors: SerializedInputError[];
  sourceLine: (file: string, line: number) => string | undefined;
  fleet: FleetSummary;
  isFleet: boolean;
  /** The graph view, when asked for: the proxy's, or every proxy's combined (GraphView.proxies names them). */
  graphView?: GraphView;
  /** Files of bundles that are not proxy data, left unread (for --debug). */
  ignored: string[];
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/**
 * Worker threads when --jobs is not given. Measured on 2 vCPUs (bench/README.md, "Fleets"): a second thread was no
 * faster for 200 proxies of 300 KB and slower for 8 of 12 MB (it compiles and warms up the linter again, and two vCPUs
 * of a shared VM do not give twice the work), so up to 2 cores the fleet runs on one thread. Beyond that one thread
 * per two cores, at most 8: not measured here, a guess that leaves room for the hardware threads' siblings.
 */
export function defaultJobs(cores: number = availableCores()): number {
  return cores <= 2 ? 1 : Math.min(8, Math.floor(cores / 2));
}

function availableCores(): number {
  return os.availableParallelism?.() ?? os.cpus().length;
}

/**
 * Threads for a fleet: --jobs (or the default), but never more than the cores or the proxies. Each worker compiles and
 * warms the linter again (about 15 MB and a start-up each), so `--jobs 1000` on 2 cores would spend seconds and
 * gigabytes starting threads that have nothing to run on.
 */
export function poolSize(requested: number | undefined, proxies: number, cores: number = availableCores()): number {
  return Math.max(1, Math.min(requested ?? defaultJobs(cores), cores, proxies));
}

/** What each worker thread is started with: every job, and the index of the next one nobody has claimed yet. */
export interface PoolData {
  jobs: ProxyJob[];
  next: Int32Array;
}

interface WorkerMessage {
  id: number;
  result?: ProxyResult;
  failure?: string;
  stack?: string;
}

/**
 * Runs jobs on this thread and `size - 1` worker threads; resolves results in job order. Every thread claims the next
 * job from a shared counter when it is free, so nobody waits for a dispatcher, and this thread starts linting at once
 * while the workers are still loading their modules.
 */
async function runPool(
  jobs: ProxyJob[],
  size: number,
  rules: readonly Rule[] | undefined,
  onDone: (index: number) => void,
  detail: (index: number) => ((text: string) => void) | undefined,
): Promise<ProxyResult[]> {
  const results: ProxyResult[] = new Array<ProxyResult>(jobs.length);
  const next = new Int32Array(new SharedArrayBuffer(4));
  const data: PoolData = { jobs, next };
  let remaining = jobs.length;
  let settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const allDone = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  allDone.catch(() => undefined); // awaited below; a failure on this thread must not leave it rejecting unobserved
  const record = (id: number, result: ProxyResult): void => {
    results[id] = result;
    onDone(id);
    if (--remaining === 0) settle?.resolve();
  };
  const workers = Array.from({ length: Math.min(size, jobs.length) - 1 }, () => {
    const worker = new (workerThreads().Worker)(WORKER_URL, { workerData: data });
    worker.on('message', (message: WorkerMessage) => {
      if (message.failure !== undefined || !message.result) {
        // The worker's stack is kept for --debug; the message alone is what users see, as on this thread.
        const error = new Error(message.failure ?? 'worker failed');
        if (message.stack) error.stack = message.stack;
        return settle?.reject(error);
      }
      record(message.id, message.result);
    });
    worker.on('error', (error) => settle?.reject(error));
    worker.on('exit', (code) => {
      if (code !== 0 && remaining > 0) settle?.reject(new Error(`a worker thread stopped (exit code ${code})`));
    });
    return worker;
  });
  try {
    for (let id = Atomics.add(next, 0, 1); id < jobs.length; id = Atomics.add(next, 0, 1)) {
      record(id, runJob(jobs[id]!, rules, detail(id)));
      // Let the workers' results (and progress) in between this thread's proxies.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Every job is claimed; wait for the results still on worker threads (a worker still starting up claims none).
    if (remaining > 0) await allDone;
  } finally {
    // Stop claiming (a failed worker must not leave the others linting) and let the threads go.
    Atomics.store(next, 0, jobs.length);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/**
 * The mesh rules over every job's proxies at once, their findings placed (their inputs read again: reopen.ts) and put
 * among the others (in file order), with the source lines they point at; with one job the job ran them itself.
 */
function withMeshFindings(results: readonly ProxyResult[], rules: readonly Rule[], settings: ReadonlyMap<string, RuleOverride>, reopener: Reopener | undefined): { findings: Finding[]; lines: Record<string, Record<number, string>> } {
  const findings = results.flatMap((r) => r.report.findings);
  const facts = results.flatMap((r) => r.meshFacts ?? []);
  if (facts.length < 2 || !reopener) return { findings, lines: {} };
  const mesh = placeFindings(runMeshRules(rules, facts, settings), reopener.locate);
  const lines: Record<string, Record<number, string>> = {};
  for (const [file, found] of indexBy(mesh, (f) => f.location.file)) {
    for (const [line, text] of reopener.lineTexts(file, found.map((f) => f.location.line))) (lines[file] ??= {})[line] = text;
  }
  const files = results.flatMap((r) => r.report.inputs.map((i) => i.file));
  return { findings: sortAndDedupe([...findings, ...mesh], files), lines };
}

function merge(planErrors: readonly InputSummary[], results: readonly ProxyResult[], findings: readonly Finding[], meshLines: Record<string, Record<number, string>>): Omit<FleetResult, 'isFleet' | 'ignored'> {
  const proxies = results.flatMap((r) => r.report.proxies);
  const rules: Record<string, number> = {};
  // Per proxy, not per job: one egctl file is several proxies.
  const byProxy = new Map<string, Set<string>>();
  for (const f of findings) {
    const key = `${f.location.file}\u0000${f.proxy ?? ''}`;
    let ids = byProxy.get(key);
    if (!ids) byProxy.set(key, (ids = new Set()));
    ids.add(f.ruleId);
  }
  for (const ids of byProxy.values()) for (const id of ids) rules[id] = (rules[id] ?? 0) + 1;
  const lines = new Map<string, Record<number, string>>();
  for (const byFile of [...results.map((r) => r.lines), meshLines]) for (const [file, byLine] of Object.entries(byFile)) lines.set(file, { ...(lines.get(file) ?? {}), ...byLine });
  return {
    report: makeReport([...planErrors, ...results.flatMap((r) => r.report.inputs)], [...findings], proxies),
    errors: results.flatMap((r) => r.errors),
    sourceLine: (file, line) => lines.get(file)?.[line],
    fleet: { proxies: proxies.length, rules: Object.fromEntries(Object.entries(rules).sort(([a], [b]) => compareCodeUnits(a, b))) },
  };
}

/** The mesh's client → server links, for the fleet's picture: one edge per client cluster, server and port. */
function graphLinks(facts: readonly MeshFacts[]): GraphMeshLink[] {
  if (facts.length < 2) return [];
  const out = new Map<string, GraphMeshLink>();
  for (const link of new Mesh(facts).links) {
    const { client, cluster, endpoint, server, transport } = link;
    const key = [client.proxy, cluster.name, server.proxy, endpoint.port].join('\u0000');
    if (out.has(key)) continue;
    const served = serving(server, endpoint.ip, endpoint.port, transport);
    const place = (served.chain ?? served.listener)?.location;
    out.set(key, {
      from: { proxy: client.proxy, kind: 'cluster', name: cluster.name },
      to: { proxy: server.proxy, kind: served.chain ? 'filter_chain' : 'listener', name: served.listener?.name ?? '', ...(place ? { at: { file: place.file, pointer: place.pointer } } : {}) },
      label: `${endpoint.ip}:${endpoint.port} ${transport === 'tls' ? 'TLS' : 'plaintext'}`,
    });
  }
  return [...out.values()];
}

export async function lintFleet(paths: readonly string[], options: FleetOptions = {}): Promise<FleetResult> {
  const maxArchiveBytes = options.reading?.maxArchiveBytes;
  const plan = planProxies(paths, options.iptables ?? [], maxArchiveBytes !== undefined ? { maxArchiveBytes } : {});
  const settings = [...(options.settings ?? new Map<string, RuleOverride>())];
  const plugins = options.plugins && options.plugins.length > 0 ? { plugins: [...options.plugins] } : {};
  const controlPlane = options.controlPlane ? { controlPlane: options.controlPlane } : {};
  const reading = options.reading ? { reading: options.reading } : {};
  // Several jobs: each collects its proxies' mesh facts and the mesh rules run here, once, over all of them.
  const collectMesh = plan.proxies.length > 1 && hasMeshRules(options.rules ?? BUILTIN_RULES, options.settings ?? new Map()) ? { collectMesh: true } : {};
  const jobs: ProxyJob[] = plan.proxies.map((p) => ({ name: p.name, files: p.files, iptables: p.iptables, settings, graphView: options.graphView === true, ...plugins, ...controlPlane, ...reading, ...collectMesh }));
  // The mesh findings' inputs are read again once every job is over: stamped now, before any job reads them.
  const reopenErrors: SerializedInputError[] = [];
  const reopener = collectMesh.collectMesh ? new Reopener(jobs.flatMap((j) => j.files), options.reading, (e) => void (reopenErrors.some((r) => r.file === e.file) || reopenErrors.push(serializedError(e)))) : undefined;
  const size = poolSize(options.jobs, jobs.length);
  let done = 0;
  const progress = (index: number): void => options.onProgress?.(++done, jobs.length, plan.proxies[index]?.name ?? '');
  const onDetail = options.onDetail;
  const detail = (index: number): ((text: string) => void) | undefined => (onDetail ? (text) => onDetail(plan.proxies[index]?.name ?? '', text) : undefined);
  let results: ProxyResult[];
  // Workers need the compiled worker module; from the TypeScript sources (tests) the proxies run in this thread.
  if (size > 1 && jobs.length > 1 && fs.existsSync(WORKER_URL)) {
    results = await runPool(jobs, size, options.rules, progress, detail);
  } else {
    results = jobs.map((job, i) => {
      const result = runJob(job, options.rules, detail(i));
      progress(i);
      return result;
    });
  }
  const { findings, lines } = withMeshFindings(results, options.rules ?? BUILTIN_RULES, options.settings ?? new Map(), reopener);
  const merged = merge(plan.errors.map((e) => ({ file: e.file, status: 'error' as const, error: inputError(e) })), results, findings, lines);
  const planErrors = plan.errors.map((e) => ({ file: e.file, message: e.message, oneLine: e.oneLine() }));
  const views = results.flatMap((r) => r.graphViews ?? []);
  const graphView = views.length > 1 ? combineGraphViews(views, graphLinks(results.flatMap((r) => r.meshFacts ?? []))) : views[0]?.view;
  return { ...merged, errors: [...planErrors, ...merged.errors, ...reopenErrors.filter((e) => !merged.errors.some((m) => m.file === e.file))], isFleet: plan.isFleet, ignored: plan.ignored, ...(graphView ? { graphView } : {}) };
}
