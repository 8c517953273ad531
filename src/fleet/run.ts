// Lints a fleet: every planned proxy, in parallel on worker threads (`--jobs`), with output in plan order so that it
// is the same whatever finishes first. One proxy, or one job, runs in this thread.
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Rule } from '../engine/rule.js';
import type { RuleSetting } from '../engine/run.js';
import { makeReport } from '../lint.js';
import type { GraphView } from '../report/graph/index.js';
import type { Report } from '../report/types.js';
import { lintProxy, type ProxyJob, type ProxyResult, type SerializedInputError } from './lint-proxy.js';
import { planProxies, type ProxyPlan } from './plan.js';

export interface FleetOptions {
  settings?: ReadonlyMap<string, RuleSetting>;
  /** The rules to run (default: the built-in ones); with plugin rules, `plugins` names their files for the workers. */
  rules?: readonly Rule[];
  /** Module files of the plugins whose rules are in `rules` (worker threads import them again). */
  plugins?: readonly string[];
  iptables?: readonly string[];
  /** Worker threads; default: the number of cores. */
  jobs?: number;
  /** Build the graph view (html, dot, mermaid): that of the first proxy. */
  graphView?: boolean;
  onProgress?: (done: number, total: number, current: string) => void;
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
  /** The first proxy's graph view, when asked for. */
  graphView?: GraphView;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

/** Runs jobs on `size` workers; resolves results in job order. */
async function runOnWorkers(jobs: ProxyJob[], size: number, onDone: (index: number) => void): Promise<ProxyResult[]> {
  const results: ProxyResult[] = new Array<ProxyResult>(jobs.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(size, jobs.length) }, () => new Worker(WORKER_URL));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= jobs.length) return resolve();
              const id = next++;
              worker.postMessage({ id, job: jobs[id] });
            };
            worker.on('message', (message: { id: number; result?: ProxyResult; failure?: string }) => {
              if (message.failure !== undefined || !message.result) return reject(new Error(message.failure ?? 'worker failed'));
              results[message.id] = message.result;
              onDone(message.id);
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

function merge(plans: readonly ProxyPlan[], results: readonly ProxyResult[]): Omit<FleetResult, 'isFleet'> {
  const findings = results.flatMap((r) => r.report.findings);
  const rules: Record<string, number> = {};
  for (const r of results) for (const id of new Set(r.report.findings.map((f) => f.ruleId))) rules[id] = (rules[id] ?? 0) + 1;
  const lines = new Map<string, Record<number, string>>();
  for (const r of results) for (const [file, byLine] of Object.entries(r.lines)) lines.set(file, { ...(lines.get(file) ?? {}), ...byLine });
  return {
    report: makeReport(results.flatMap((r) => r.report.inputs), findings),
    errors: results.flatMap((r) => r.errors),
    sourceLine: (file, line) => lines.get(file)?.[line],
    fleet: { proxies: plans.length, rules: Object.fromEntries(Object.entries(rules).sort(([a], [b]) => a.localeCompare(b))) },
  };
}

export async function lintFleet(paths: readonly string[], options: FleetOptions = {}): Promise<FleetResult> {
  const plan = planProxies(paths, options.iptables ?? []);
  const settings = [...(options.settings ?? new Map<string, RuleSetting>())];
  const plugins = options.plugins && options.plugins.length > 0 ? { plugins: [...options.plugins] } : {};
  const jobs: ProxyJob[] = plan.proxies.map((p, i) => ({ files: p.files, iptables: p.iptables, settings, graphView: options.graphView === true && i === 0, ...plugins }));
  const size = Math.max(1, options.jobs ?? defaultJobs());
  let done = 0;
  const progress = (index: number): void => options.onProgress?.(++done, jobs.length, plan.proxies[index]?.name ?? '');
  let results: ProxyResult[];
  // Workers need the compiled worker module; from the TypeScript sources (tests) the proxies run in this thread.
  if (size > 1 && jobs.length > 1 && fs.existsSync(WORKER_URL)) {
    results = await runOnWorkers(jobs, size, progress);
  } else {
    results = jobs.map((job, i) => {
      const result = lintProxy(job, options.rules);
      progress(i);
      return result;
    });
  }
  const merged = merge(plan.proxies, results);
  const planErrors = plan.errors.map((e) => ({ file: e.file, message: e.message, oneLine: e.oneLine() }));
  const graphView = results[0]?.graphView;
  return { ...merged, errors: [...planErrors, ...merged.errors], isFleet: plan.isFleet, ...(graphView ? { graphView } : {}) };
}
