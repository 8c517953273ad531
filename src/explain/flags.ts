// Envoy's access-log response flags (%RESPONSE_FLAGS%, and %RESPONSE_FLAGS_LONG% since Envoy 1.30): the short form,
// the long form, and what each means in a sentence. Source: Envoy's access-log documentation ("Command operators",
// RESPONSE_FLAGS); the meanings are ours.

export interface ResponseFlag {
  short: string;
  long: string;
  meaning: string;
}

const TABLE: readonly ResponseFlag[] = [
  { short: 'UH', long: 'NoHealthyUpstream', meaning: 'no healthy upstream host in the cluster' },
  { short: 'UF', long: 'UpstreamConnectionFailure', meaning: 'the connection to the upstream host failed' },
  { short: 'UO', long: 'UpstreamOverflow', meaning: 'a circuit breaker of the cluster was open (upstream overflow)' },
  { short: 'NR', long: 'NoRouteFound', meaning: 'no route (or, for a connection, no filter chain) matched' },
  { short: 'URX', long: 'UpstreamRetryLimitExceeded', meaning: 'the retry limit or the retry budget was used up' },
  { short: 'NC', long: 'NoClusterFound', meaning: 'the route names a cluster the proxy does not have' },
  { short: 'DT', long: 'DurationTimeout', meaning: 'the request or connection hit its maximum duration' },
  { short: 'DC', long: 'DownstreamConnectionTermination', meaning: 'the client closed the connection' },
  { short: 'LH', long: 'FailedLocalHealthCheck', meaning: 'the local service failed its health check' },
  { short: 'UT', long: 'UpstreamRequestTimeout', meaning: 'the upstream did not answer within the route timeout' },
  { short: 'LR', long: 'LocalReset', meaning: 'the proxy reset the stream itself' },
  { short: 'UR', long: 'UpstreamRemoteReset', meaning: 'the upstream reset the stream' },
  { short: 'UC', long: 'UpstreamConnectionTermination', meaning: 'the upstream closed the connection' },
  { short: 'DI', long: 'DelayInjected', meaning: 'a fault filter delayed the request' },
  { short: 'FI', long: 'FaultInjected', meaning: 'a fault filter aborted the request' },
  { short: 'RL', long: 'RateLimited', meaning: 'the request was rate limited locally' },
  { short: 'UAEX', long: 'UnauthorizedExternalService', meaning: 'the external authorization service denied the request' },
  { short: 'RLSE', long: 'RateLimitServiceError', meaning: 'the rate limit service failed' },
  { short: 'IH', long: 'InvalidEnvoyRequestHeaders', meaning: 'the request had invalid x-envoy-* headers' },
  { short: 'SI', long: 'StreamIdleTimeout', meaning: 'the stream idle timeout fired' },
  { short: 'DPE', long: 'DownstreamProtocolError', meaning: 'the client broke the HTTP protocol' },
  { short: 'UPE', long: 'UpstreamProtocolError', meaning: 'the upstream broke the HTTP protocol' },
  { short: 'UMSDR', long: 'UpstreamMaxStreamDurationReached', meaning: 'the upstream stream hit its maximum duration' },
  { short: 'RFCF', long: 'ResponseFromCacheFilter', meaning: 'the response came from the cache filter' },
  { short: 'NFCF', long: 'NoFilterConfigFound', meaning: 'a filter configuration (ECDS) was missing' },
  { short: 'DO', long: 'DropOverload', meaning: 'the request was dropped by the cluster\'s drop_overload' },
  { short: 'OM', long: 'OverloadManagerTerminated', meaning: 'the overload manager shed the request' },
  { short: 'DF', long: 'DnsResolutionFailed', meaning: 'DNS resolution of the upstream host failed' },
];

const BY_NAME = new Map<string, ResponseFlag>(TABLE.flatMap((f) => [[f.short, f], [f.long, f]] as const));

/** The flags of a %RESPONSE_FLAGS% value (`UH,UF`, `NoHealthyUpstream`, `-` for none); unknown names are kept as given. */
export function parseResponseFlags(value: string | undefined): string[] {
  if (value === undefined || value === '' || value === '-') return [];
  return value
    .split(/[,|]/)
    .map((v) => v.trim())
    .filter((v) => v !== '' && v !== '-')
    .map((v) => BY_NAME.get(v)?.short ?? v);
}

export function describeFlag(flag: string): ResponseFlag | undefined {
  return BY_NAME.get(flag);
}

export const KNOWN_FLAGS: readonly string[] = TABLE.map((f) => f.short);
