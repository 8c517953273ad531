/** envoy-lint's exit codes: a public contract (README "Exit codes"). */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE_OR_INPUT = 2;
