// certificate-expiry on every real dump: the certificates written inline in their SDS secrets. Expected from reading
// the files with Node's X509Certificate directly (decoding each inline_bytes / inlineBytes PEM): every leaf in these
// test dumps expired long before 2026-12 (Istio's 2019 and 2023 one-day workload certificates, OSM's 2022 one-day
// certificate, Envoy Gateway's 2023-2024 pair), their roots did not (2029-2033), Kuma's CA runs to 2031. Each
// finding is at the inline value that holds the certificate.
import { describe } from 'vitest';
import rule from '../../rules/certificate-expiry.js';
import { findingsOnRealDumps } from './real-dump-files.js';

const EXPECTED: Record<string, string[]> = {
  'istioctl_pkg_proxyconfig_testdata_config_dump.json': ['1191:33 expired'],
  'istioctl_pkg_writer_compare_testdata_envoyconfigdump.json': ['558:49 expired', '577:49 expired'],
  'istioctl_pkg_writer_envoy_configdump_testdata_secret_istio_config_dump.json': ['14:33 expired'],
  'envoyproxy_gateway_internal_cmd_egctl_testdata_config_in_in.all.json': ['2236:49 expired', '2252:49 expired'],
  'envoyproxy_gateway_internal_cmd_egctl_testdata_config_out_out.all.json': ['2238:36 expired', '2262:36 expired'],
  'openservicemesh_osm_pkg_cli_verifier_testdata_curl_permissive.json': ['1442:25 expired'],
};

describe('certificate-expiry on the real dumps', () => findingsOnRealDumps(rule, EXPECTED));
