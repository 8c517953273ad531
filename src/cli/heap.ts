// Big inputs need a bigger V8 heap than Node's default; the user should not have to know NODE_OPTIONS. When the
// files named on the command line add up to more than the default heap can hold once parsed, the CLI runs itself
// again with --max-old-space-size set from their size (bounded by the machine's memory), once.
import fs from 'node:fs';
import os from 'node:os';
import { childProcess, nodeV8 } from '../lazy-modules.js';

const REEXEC_MARK = 'ENVOY_LINT_HEAP_SET';
/**
 * Heap needed per input byte, with room to spare. Dumps from 4 MB are read piecewise and keep only the graph (about
 * their own size in heap: 1.2 GB peak RSS for a 605 MB dump); a small input parsed whole takes about 3x its size.
 */
const HEAP_PER_INPUT_BYTE = 2;

function totalInputBytes(args: readonly string[]): number {
  let total = 0;
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    try {
      const stat = fs.statSync(arg);
      if (stat.isFile()) total += stat.size;
    } catch {
      // not a file: an option's value or a missing input, reported later
    }
  }
  return total;
}

/** What a terminal, `kill` or a CI runner's timeout sends: passed on to the child, which decides how to stop. */
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * Runs the child and makes this process end as it does: its exit code, or the same signal when a signal ended it. A
 * signal sent to this process goes to the child (which alone writes the reports), never ends this one first: a child
 * left running would write its `-o` report after its parent had gone.
 */
function superviseChild(args: readonly string[], env: NodeJS.ProcessEnv): void {
  // The handlers come first: the child is visible (and can be signalled for) while spawn still waits for its exec,
  // and a signal then would end this process by its default action and leave the child running. Node runs the
  // handlers from the event loop, after spawn has returned, so `child` is set when one runs.
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  const child = childProcess().spawn(process.execPath, args, { stdio: 'inherit', env });
  child.on('error', (error) => {
    process.stderr.write(`envoy-lint: cannot re-run with a larger heap: ${error.message}\n`);
    process.exit(2);
  });
  child.on('exit', (code, signal) => {
    for (const s of FORWARDED_SIGNALS) process.off(s, forward);
    if (signal === null) process.exit(code ?? 2);
    // With no listener left, the signal's default action ends this process the way it ended the child; the shell's
    // 128 + N is the fallback where that signal is ignored (nohup).
    process.exitCode = 128 + (os.constants.signals[signal] ?? 0);
    process.kill(process.pid, signal);
  });
}

/**
 * Re-runs the CLI with a larger heap when needed: returns true when a child now runs the command (this process ends
 * with it), false to go on in this process. Fleets are linted one proxy per worker, so only the largest single input
 * matters there; summing is conservative.
 */
export function rerunWithLargerHeap(args: readonly string[]): boolean {
  if (process.env[REEXEC_MARK]) return false;
  const needed = totalInputBytes(args) * HEAP_PER_INPUT_BYTE;
  // Below this no default heap is too small (V8's is at least 512 MB on 64-bit): no need to ask V8.
  if (needed < 256 * 1024 * 1024) return false;
  const limit = nodeV8().getHeapStatistics().heap_size_limit;
  if (needed < limit * 0.8) return false;
  const megabytes = Math.floor(Math.min(needed * 1.25, os.totalmem() * 0.75) / (1024 * 1024));
  if (megabytes * 1024 * 1024 <= limit) return false;
  const script = process.argv[1];
  if (!script) return false;
  // After execArgv: a --max-old-space-size given to node itself would otherwise win over this one (the last counts).
  superviseChild([...process.execArgv, `--max-old-space-size=${megabytes}`, script, ...args], { ...process.env, [REEXEC_MARK]: String(megabytes) });
  return true;
}
