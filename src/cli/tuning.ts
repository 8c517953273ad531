// The loader's size thresholds, as the environment sets them for this run: ENVOY_LINT_LARGE_INPUT_BYTES (inputs at
// least this large are read piecewise, default 4 MiB), ENVOY_LINT_PIECE_BYTES (values up to this size are parsed
// whole, default 1 MiB) and ENVOY_LINT_MAX_STREAM_BYTES (how much a pipe or device may deliver, default 1 GiB) and ENVOY_LINT_MAX_ARCHIVE_BYTES
// (how much an archive may expand to, default 2 GiB). They
// are there for tests and for measuring; a plain run never needs them. Read when a command runs and passed down as
// options (to worker threads too), never at import.
import type { ReadTuning } from '../load/input.js';

function positive(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}

export function readTuning(env: Readonly<Record<string, string | undefined>>): ReadTuning {
  const largeInputBytes = positive(env.ENVOY_LINT_LARGE_INPUT_BYTES);
  const pieceBytes = positive(env.ENVOY_LINT_PIECE_BYTES);
  const maxStreamBytes = positive(env.ENVOY_LINT_MAX_STREAM_BYTES);
  const maxArchiveBytes = positive(env.ENVOY_LINT_MAX_ARCHIVE_BYTES);
  return {
    ...(largeInputBytes !== undefined ? { largeInputBytes } : {}),
    ...(pieceBytes !== undefined ? { pieceBytes } : {}),
    ...(maxStreamBytes !== undefined ? { maxStreamBytes } : {}),
    ...(maxArchiveBytes !== undefined ? { maxArchiveBytes } : {}),
  };
}
