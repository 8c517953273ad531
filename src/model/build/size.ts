// How much of a dump CDS clusters take, measured without stringifying every one of them: the first clusters are
// measured exactly, then one in every SAMPLE_EVERY. JSON.stringify of each cluster of a 70 MB dump costs about as
// much as building its whole graph; the sample costs a few per cent of that and estimates the mean size well, since
// a control plane writes its clusters from a few templates. Even the sample is measured only when read: one rule
// reads it, and only when it fires (unreferenced-resources), so most runs never stringify a cluster at all.

/** Clusters measured exactly before sampling starts (every cluster of a small dump is measured). */
export const EXACT_CLUSTERS = 256;
/** After that, one cluster in this many is measured. */
export const SAMPLE_EVERY = 32;

/** Whether the `ordinal`-th CDS cluster (0-based) is one of those measured. */
export function isSampled(ordinal: number): boolean {
  return ordinal < EXACT_CLUSTERS || (ordinal - EXACT_CLUSTERS) % SAMPLE_EVERY === 0;
}

/**
 * Gives a sampled cluster's node its `configBytes`, the compact JSON size of `value` (its parse tree, kept for this),
 * measured the first time it is read.
 */
export function measureWhenRead(node: { configBytes?: number }, value: unknown): void {
  let bytes: number | undefined;
  Object.defineProperty(node, 'configBytes', {
    enumerable: true,
    configurable: true,
    get: () => (bytes ??= Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8')),
  });
}
