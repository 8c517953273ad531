// How many cases each property runs: a bounded number in `npm test`; with `npm run fuzz`, FUZZ_CASES cases per
// parser, shared among that parser's properties.
export function fuzzRuns(defaultRuns: number, propertiesOfThisParser = 1): number {
  const total = Number(process.env.FUZZ_CASES);
  return Number.isInteger(total) && total > 0 ? Math.ceil(total / propertiesOfThisParser) : defaultRuns;
}

/** Whether a long fuzz run was asked for (then per-case time bounds are relaxed for the machine's load). */
export const LONG_FUZZ = process.env.FUZZ_CASES !== undefined;
