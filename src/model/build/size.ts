// How much of a dump CDS clusters take, measured without stringifying every one of them: the first clusters are
// measured exactly, then one in every SAMPLE_EVERY. JSON.stringify of each cluster of a 70 MB dump costs about as
// much as building its whole graph; the sample costs a few per cent of that and estimates the mean size well, since
// a control plane writes its clusters from a few templates. The first clusters are measured only when read: one rule
// reads the sizes, and only when it fires (unreferenced-resources), so a small dump's run stringifies no cluster at
// all. The later ones of the sample are measured at once, so that a big dump keeps at most EXACT_CLUSTERS parse
// trees alive for this.

/** Clusters measured exactly before sampling starts (every cluster of a small dump is measured). */
export const EXACT_CLUSTERS = 256;
/** After that, one cluster in this many is measured. */
export const SAMPLE_EVERY = 32;

/** Whether the `ordinal`-th CDS cluster (0-based) is one of those measured. */
export function isSampled(ordinal: number): boolean {
  return ordinal < EXACT_CLUSTERS || (ordinal - EXACT_CLUSTERS) % SAMPLE_EVERY === 0;
}

function compactBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

/**
 * Gives the `ordinal`-th CDS cluster's node its `configBytes` (the compact JSON size of `value`) when it is one of
 * those measured: one of the first EXACT_CLUSTERS measures the first time it is read (keeping its parse tree until
 * then), a later one at once.
 */
export function measureCluster(ordinal: number, node: { configBytes?: number }, value: unknown): void {
  if (!isSampled(ordinal)) return;
  if (ordinal >= EXACT_CLUSTERS) {
    node.configBytes = compactBytes(value);
    return;
  }
  let bytes: number | undefined;
  Object.defineProperty(node, 'configBytes', { enumerable: true, configurable: true, get: () => (bytes ??= compactBytes(value)) });
}
