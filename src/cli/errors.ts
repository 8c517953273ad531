/** A problem with how envoy-lint was invoked or with a file it must read or write: one line on stderr, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
