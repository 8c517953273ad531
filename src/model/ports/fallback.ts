// Words for what happens to a connection that falls through to 15001's own chains.
import type { OutboundFallback } from '../binding.js';
import { BLACKHOLE_CLUSTER, PASSTHROUGH_CLUSTER } from '../istio.js';

export function fallbackSymptom(fallback: OutboundFallback | undefined): string {
  const name = fallback?.listener.name ?? 'the outbound listener';
  switch (fallback?.kind) {
    case 'passthrough':
      return `fall through to ${name}'s fallback ${fallback.cluster ?? PASSTHROUGH_CLUSTER} and leave the mesh unmanaged (no mTLS, routing rules, retries or telemetry)`;
    case 'blackhole':
      return `fall through to ${name}'s fallback ${fallback.cluster ?? BLACKHOLE_CLUSTER} and are dropped`;
    case 'other':
      return `fall through to ${name}'s fallback${fallback.cluster ? ` ${fallback.cluster}` : ''} instead of the service's own routing`;
    case 'none':
      return `match no filter chain of ${name} and are closed`;
    default:
      return 'fall through to the outbound listener';
  }
}
