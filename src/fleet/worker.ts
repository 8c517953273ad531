// A worker thread of the fleet pool: claims proxies from the shared counter until none are left, lints each and posts
// its result. Plugin rules are imported once per worker from the files the main thread already checked.
import { parentPort, workerData } from 'node:worker_threads';
import { BUILTIN_RULES } from '../../rules/index.js';
import type { Rule } from '../engine/rule.js';
import { loadPluginFiles } from '../plugins/load.js';
import { runJob, type ProxyJob } from './job.js';
import type { PoolData } from './run.js';

const pluginRules = new Map<string, Promise<Rule[]>>();

async function rulesFor(job: ProxyJob): Promise<readonly Rule[] | undefined> {
  if (!job.plugins || job.plugins.length === 0) return undefined;
  const key = job.plugins.join('\u0000');
  let rules = pluginRules.get(key);
  if (!rules) pluginRules.set(key, (rules = loadPluginFiles(job.plugins, BUILTIN_RULES)));
  return rules;
}

async function work({ jobs, next }: PoolData): Promise<void> {
  for (let id = Atomics.add(next, 0, 1); id < jobs.length; id = Atomics.add(next, 0, 1)) {
    const job = jobs[id]!;
    try {
      parentPort?.postMessage({ id, result: runJob(job, await rulesFor(job)) });
    } catch (error) {
      parentPort?.postMessage({ id, failure: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
      return;
    }
  }
}

void work(workerData as PoolData);
