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

/**
 * Re-runs the CLI with a larger heap when needed; returns the child's exit code, or undefined to go on in this process.
 * Fleets are linted one proxy per worker, so only the largest single input matters there; summing is conservative.
 */
export function rerunWithLargerHeap(args: readonly string[]): number | undefined {
  if (process.env[REEXEC_MARK]) return undefined;
  const needed = totalInputBytes(args) * HEAP_PER_INPUT_BYTE;
  // Below this no default heap is too small (V8's is at least 512 MB on 64-bit): no need to ask V8.
  if (needed < 256 * 1024 * 1024) return undefined;
  const limit = nodeV8().getHeapStatistics().heap_size_limit;
  if (needed < limit * 0.8) return undefined;
  const megabytes = Math.floor(Math.min(needed * 1.25, os.totalmem() * 0.75) / (1024 * 1024));
  if (megabytes * 1024 * 1024 <= limit) return undefined;
  const script = process.argv[1];
  if (!script) return undefined;
  const child = childProcess().spawnSync(process.execPath, [`--max-old-space-size=${megabytes}`, ...process.execArgv, script, ...args], {
    stdio: 'inherit',
    env: { ...process.env, [REEXEC_MARK]: String(megabytes) },
  });
  return child.status ?? 2;
}
