// circuit-breaker-limits on every real dump. Read from the files: no cluster anywhere sets a limit of 0. Envoy
// Gateway's and OSM's routed clusters have no circuit_breakers at all (the files hold none), so each of those proxies
// gets the one `defaults` info at its first routed cluster: Envoy Gateway's backend route cluster, OSM bookbuyer's
// bookstore/bookstore, and OSM bookstore's six (its three health-probe clusters, its local and upstream services).
// Istio's clusters carry 4294967295 limits and Istio is not asked about defaults; Kuma's dump routes to nothing.
import { describe } from 'vitest';
import rule from '../../rules/circuit-breaker-limits.js';
import { findingsOnRealDumps } from './real-dump-files.js';

const EXPECTED: Record<string, string[]> = {
  'envoyproxy_gateway_internal_cmd_egctl_testdata_config_in_in.all.json': ['2065:33 defaults 1 default-backend-rule-0-match-0-www.example.com'],
  'envoyproxy_gateway_internal_cmd_egctl_testdata_config_out_out.all.json': ['2023:25 defaults 1 default-backend-rule-0-match-0-www.example.com'],
  'openservicemesh_osm_pkg_cli_verifier_testdata_sample-envoy-config-dump-bookbuyer.json': ['208:15 defaults 1 bookstore/bookstore'],
  'openservicemesh_osm_pkg_cli_verifier_testdata_sample-envoy-config-dump-bookstore.json': ['453:15 defaults 6 liveness_cluster'],
};

describe('circuit-breaker-limits on the real dumps', () =>
  findingsOnRealDumps(rule, EXPECTED, (f) => `${f.location.line}:${f.location.column} ${f.messageId} ${/^(\d+) cluster/.exec(f.message)?.[1] ?? ''} ${f.resource.name}`));
