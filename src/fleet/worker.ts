// A worker thread of the fleet pool: lints the proxies it is sent, one at a time. Plugin rules are imported once per
// worker from the files the main thread already checked.
import { parentPort } from 'node:worker_threads';
import { BUILTIN_RULES } from '../../rules/index.js';
import type { Rule } from '../engine/rule.js';
import { loadPluginFiles } from '../plugins/load.js';
import { lintProxy, type ProxyJob } from './lint-proxy.js';

const pluginRules = new Map<string, Promise<Rule[]>>();

async function rulesFor(job: ProxyJob): Promise<readonly Rule[] | undefined> {
  if (!job.plugins || job.plugins.length === 0) return undefined;
  const key = job.plugins.join('\u0000');
  let rules = pluginRules.get(key);
  if (!rules) pluginRules.set(key, (rules = loadPluginFiles(job.plugins, BUILTIN_RULES)));
  return rules;
}

parentPort?.on('message', (message: { id: number; job: ProxyJob }) => {
  rulesFor(message.job)
    .then((rules) => parentPort?.postMessage({ id: message.id, result: lintProxy(message.job, rules) }))
    .catch((error: unknown) => {
      parentPort?.postMessage({ id: message.id, failure: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
    });
});
