// A worker thread of the fleet pool: lints the proxies it is sent, one at a time.
import { parentPort } from 'node:worker_threads';
import { lintProxy, type ProxyJob } from './lint-proxy.js';

parentPort?.on('message', (message: { id: number; job: ProxyJob }) => {
  try {
    parentPort?.postMessage({ id: message.id, result: lintProxy(message.job) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, failure: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) });
  }
});
