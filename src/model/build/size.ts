// How much of a dump CDS clusters take, measured without stringifying every one of them: the first clusters are
// measured exactly, then one in every SAMPLE_EVERY. JSON.stringify of each cluster of a 70 MB dump costs about as
// much as building its whole graph; the sample costs a few per cent of that and estimates the mean size well, since
// a control plane writes its clusters from a few templates.

/** Clusters measured exactly before sampling starts (every cluster of a small dump is measured). */
export const EXACT_CLUSTERS = 256;
/** After that, one cluster in this many is measured. */
export const SAMPLE_EVERY = 32;

/** The compact JSON size of the `ordinal`-th CDS cluster (0-based), when it is one of those measured. */
export function sampledBytes(ordinal: number, value: unknown): number | undefined {
  if (ordinal >= EXACT_CLUSTERS && (ordinal - EXACT_CLUSTERS) % SAMPLE_EVERY !== 0) return undefined;
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}
