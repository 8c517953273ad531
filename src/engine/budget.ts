// A bound on pairwise work in a rule. Comparing every item with every earlier one is quadratic; on a crafted input
// (a virtual host with 100,000 routes) that would take minutes. A rule spends from a budget and, when it runs out,
// stops comparing and says so once instead of hanging CI.
export class PairBudget {
  private left: number;
  exhausted = false;

  constructor(readonly limit: number) {
    this.left = limit;
  }

  /** Takes one comparison; false once the budget is spent. */
  take(): boolean {
    if (this.left <= 0) {
      this.exhausted = true;
      return false;
    }
    this.left--;
    return true;
  }
}

/** Comparisons a pairwise rule may make in one run (a few seconds of work at most). */
export const PAIR_BUDGET = Number(process.env.ENVOY_LINT_PAIR_BUDGET) || 2_000_000;
