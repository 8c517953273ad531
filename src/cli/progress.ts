// The progress line on stderr: only on a terminal, only once work has taken about a second, never on stdout.
import { neutralize } from '../report/sanitize.js';
import type { OutputSink } from './options.js';

const DELAY_MS = 1000;
/** At most this often: a terminal redrawn for every chunk read would slow the run it reports on. */
const INTERVAL_MS = 100;

export interface Progress {
  update(text: string): void;
  clear(): void;
}

export function progressLine(stderr: OutputSink, enabled: boolean): Progress {
  if (!enabled || stderr.isTTY !== true) return { update: () => undefined, clear: () => undefined };
  const started = Date.now();
  let shown = false;
  let last = 0;
  return {
    update(text) {
      const now = Date.now();
      if (now - started < DELAY_MS || now - last < INTERVAL_MS) return;
      last = now;
      shown = true;
      // Not a line (it is redrawn in place), so not terminalLines: the proxy and file names in it are neutralised here.
      stderr.write(`\r\u001b[2K${neutralize(text).slice(0, 150)}`);
    },
    clear() {
      if (shown) stderr.write('\r\u001b[2K');
    },
  };
}
