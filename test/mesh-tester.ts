// meshRuleTester: test one mesh rule on a small mesh, like ruleTester does one rule on one proxy. A case gives each
// proxy's node, listeners, clusters, endpoints and secrets; the tester writes each as a config dump of its own in a
// directory fleet, lints the fleet with only the rule under test, and compares the findings by messageId, the proxy
// they are filed under, the source text they point at and their related locations' proxies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/engine/finding.js';
import type { Rule } from '../src/engine/rule.js';
import { lintFleet } from '../src/fleet/run.js';

type Json = Record<string, unknown>;

export interface MeshProxy {
  /** The proxy's directory in the fleet (and how expectations name it). */
  name: string;
  node?: Json;
  listeners?: Json[];
  clusters?: Json[];
  endpoints?: Json[];
  secrets?: Json[];
}

export interface MeshCase {
  name: string;
  proxies: MeshProxy[];
}

export interface ExpectedMeshFinding {
  messageId: string;
  /** The proxy the finding is filed under. */
  proxy: string;
  /** The source text the finding points at, exactly. */
  text?: string;
  severity?: Finding['severity'];
  /** The proxies the related locations are in, in order. */
  related?: string[];
  data?: Record<string, string | number>;
}

export interface InvalidMeshCase extends MeshCase {
  errors: ExpectedMeshFinding[];
}

const T = 'type.googleapis.com/';

/** The clusters the listeners' TCP proxies name, as the sidecar has them (to the app on 127.0.0.1, or passthrough). */
function clustersNamedBy(proxy: MeshProxy): Json[] {
  const names = new Set<string>();
  for (const listener of proxy.listeners ?? []) {
    for (const chain of (listener.filter_chains as Json[] | undefined) ?? []) {
      for (const filter of (chain.filters as Json[] | undefined) ?? []) {
        const cluster = (filter.typed_config as Json | undefined)?.cluster;
        if (typeof cluster === 'string') names.add(cluster);
      }
    }
  }
  const have = new Set((proxy.clusters ?? []).map((c) => c.name));
  return [...names]
    .filter((name) => !have.has(name))
    .map((name) => (name.startsWith('InboundPassthrough') ? { name, type: 'ORIGINAL_DST', lb_policy: 'CLUSTER_PROVIDED', connect_timeout: '10s' } : { name, type: 'STATIC', connect_timeout: '10s', load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: Number(/\|(\d+)\|/.exec(name)?.[1] ?? 80) } } } }] }] } }));
}

/** Istio's workload certificate and root as SDS secrets (redacted, as istioctl prints them), unless the case gives its own. */
const ISTIO_SECRETS: Json[] = [
  { name: 'default', tls_certificate: { certificate_chain: { inline_string: '[redacted]' }, private_key: { inline_string: '[redacted]' } } },
  { name: 'ROOTCA', validation_context: { trusted_ca: { inline_string: '[redacted]' } } },
];

/**
 * A v3 config dump of one proxy: each resource in its section, active. What the sidecar would have besides is added (the
 * clusters its listeners name, its secrets), so that the other rules find nothing missing in it.
 */
export function dumpOf(proxy: MeshProxy): Json {
  const configs: Json[] = [{ '@type': `${T}envoy.admin.v3.BootstrapConfigDump`, bootstrap: { node: proxy.node ?? { id: proxy.name } } }];
  proxy = { ...proxy, clusters: [...(proxy.clusters ?? []), ...clustersNamedBy(proxy)], secrets: [...(proxy.secrets ?? []), ...ISTIO_SECRETS.filter((s) => !(proxy.secrets ?? []).some((own) => own.name === s.name))] };
  if (proxy.clusters) configs.push({ '@type': `${T}envoy.admin.v3.ClustersConfigDump`, dynamic_active_clusters: proxy.clusters.map((cluster) => ({ version_info: '1', cluster: { '@type': `${T}envoy.config.cluster.v3.Cluster`, ...cluster } })) });
  if (proxy.listeners) configs.push({ '@type': `${T}envoy.admin.v3.ListenersConfigDump`, dynamic_listeners: proxy.listeners.map((listener) => ({ name: listener.name, active_state: { version_info: '1', listener: { '@type': `${T}envoy.config.listener.v3.Listener`, ...listener } } })) });
  if (proxy.endpoints) configs.push({ '@type': `${T}envoy.admin.v3.EndpointsConfigDump`, dynamic_endpoint_configs: proxy.endpoints.map((e) => ({ endpoint_config: { '@type': `${T}envoy.config.endpoint.v3.ClusterLoadAssignment`, ...e } })) });
  if (proxy.secrets) configs.push({ '@type': `${T}envoy.admin.v3.SecretsConfigDump`, dynamic_active_secrets: proxy.secrets.map((s) => ({ name: s.name, version_info: '1', secret: { '@type': `${T}envoy.extensions.transport_sockets.tls.v3.Secret`, ...s } })) });
  return { configs };
}

/** Writes the mesh as a directory fleet and returns it. */
export function writeMesh(proxies: readonly MeshProxy[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-mesh-'));
  for (const proxy of proxies) {
    fs.mkdirSync(path.join(dir, proxy.name));
    fs.writeFileSync(path.join(dir, proxy.name, 'config_dump.json'), `${JSON.stringify(dumpOf(proxy), null, 2)}\n`);
  }
  return dir;
}

const MESH_RULES = new Set(['mtls-mismatch', 'peer-identity-mismatch', 'endpoint-port-not-served', 'proxy-version-skew']);

/** The mesh rules' findings of a fleet (all built-in rules run unless `rules` says otherwise). */
export async function meshFindings(paths: readonly string[], rules?: readonly Rule[]): Promise<Finding[]> {
  const { report, errors } = await lintFleet(paths, rules ? { rules } : {});
  expect(errors.map((e) => e.oneLine), 'the inputs must be readable').toEqual([]);
  return report.findings.filter((f) => MESH_RULES.has(f.ruleId));
}

/** The source text a location spans. */
export function spanText(location: Finding['location']): string {
  const lines = fs.readFileSync(location.file, 'utf8').split('\n');
  if (location.line === location.endLine) return (lines[location.line - 1] ?? '').slice(location.column - 1, location.endColumn - 1);
  const first = (lines[location.line - 1] ?? '').slice(location.column - 1);
  const last = (lines[location.endLine - 1] ?? '').slice(0, location.endColumn - 1);
  return [first, ...lines.slice(location.line, location.endLine - 1), last].join('\n');
}

/** The proxy directory a file of a written mesh is in. */
const proxyOf = (file: string): string => path.basename(path.dirname(file));

export async function runMeshCase(rule: Rule, c: MeshCase): Promise<Finding[]> {
  const dir = writeMesh(c.proxies);
  try {
    return (await meshFindings([dir], [rule])).filter((f) => f.ruleId === rule.id);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The vitest cases for one mesh rule: every valid mesh gives no finding, every invalid one exactly its errors. */
export function meshRuleTester(rule: Rule, cases: { valid: MeshCase[]; invalid: InvalidMeshCase[] }): void {
  describe(`${rule.id} (meshRuleTester)`, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, async () => {
        expect((await runMeshCase(rule, c)).map((f) => `${f.messageId}: ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, async () => {
        for (const e of c.errors) expect(Object.keys(rule.meta.messages), `${rule.id} has no messageId ${e.messageId}`).toContain(e.messageId);
        const dir = writeMesh(c.proxies);
        try {
          const actual = (await meshFindings([dir], [rule])).filter((f) => f.ruleId === rule.id);
          expect(actual.map((f) => `${f.messageId} ${proxyOf(f.location.file)}`)).toEqual(c.errors.map((e) => `${e.messageId} ${e.proxy}`));
          c.errors.forEach((e, i) => {
            const f = actual[i];
            if (!f) return;
            const got: Record<string, unknown> = { proxy: proxyOf(f.proxy ?? '') };
            const want: Record<string, unknown> = { proxy: e.proxy };
            if (e.text !== undefined) [got.text, want.text] = [spanText(f.location), e.text];
            if (e.severity !== undefined) [got.severity, want.severity] = [f.severity, e.severity];
            if (e.related !== undefined) [got.related, want.related] = [(f.related ?? []).map((r) => proxyOf(r.location.file)), e.related];
            if (e.data !== undefined) [got.data, want.data] = [Object.fromEntries(Object.keys(e.data).map((k) => [k, f.data?.[k]])), e.data];
            expect(got, `finding ${i}`).toEqual(want);
          });
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
    }
  });
}

// Builders for Istio sidecars as recent Istio writes them (virtualInbound on 15006, auto mTLS).

export function istioNode(ip: string, options: { namespace?: string; serviceAccount?: string; workload?: string; istio?: string; envoy?: [number, number, number]; pod?: string } = {}): Json {
  const namespace = options.namespace ?? 'default';
  const pod = options.pod ?? `pod-${ip.replace(/\./g, '-')}`;
  const [major, minor, patch] = options.envoy ?? [1, 28, 0];
  return {
    id: `sidecar~${ip}~${pod}.${namespace}~${namespace}.svc.cluster.local`,
    cluster: `${options.workload ?? 'app'}.${namespace}`,
    metadata: {
      INSTANCE_IPS: ip,
      NAMESPACE: namespace,
      ...(options.serviceAccount !== undefined ? { SERVICE_ACCOUNT: options.serviceAccount } : {}),
      ...(options.workload !== undefined ? { WORKLOAD_NAME: options.workload } : {}),
      ISTIO_VERSION: options.istio ?? '1.20.0',
    },
    user_agent_name: 'envoy',
    user_agent_build_version: { version: { major_number: major, minor_number: minor, patch } },
  };
}

const DOWNSTREAM_TLS = `${T}envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`;
const UPSTREAM_TLS = `${T}envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`;

/** One inbound chain of 15006 for `port`: mTLS (`tls`, with the Istio ALPN and a client certificate required) or plaintext. */
export function inboundChain(port: number | undefined, transport: 'tls' | 'raw_buffer' | undefined, options: { terminate?: boolean; requireClientCertificate?: boolean; cluster?: string; name?: string; trustedCa?: string } = {}): Json {
  const terminate = options.terminate ?? transport === 'tls';
  return {
    name: options.name ?? `${port ?? 'any'}-${transport ?? 'any'}`,
    filter_chain_match: { ...(port !== undefined ? { destination_port: port } : {}), ...(transport !== undefined ? { transport_protocol: transport } : {}), ...(transport === 'tls' ? { application_protocols: ['istio-peer-exchange', 'istio'] } : {}) },
    ...(terminate
      ? { transport_socket: { name: 'envoy.transport_sockets.tls', typed_config: { '@type': DOWNSTREAM_TLS, common_tls_context: { tls_certificate_sds_secret_configs: [{ name: 'default' }], combined_validation_context: { default_validation_context: { match_subject_alt_names: [{ prefix: 'spiffe://cluster.local/' }], ...(options.trustedCa !== undefined ? { trusted_ca: { inline_string: options.trustedCa } } : {}) }, validation_context_sds_secret_config: { name: 'ROOTCA' } } }, require_client_certificate: options.requireClientCertificate ?? true } } }
      : {}),
    filters: [{ name: 'envoy.filters.network.tcp_proxy', typed_config: { '@type': `${T}envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`, stat_prefix: 'inbound', cluster: options.cluster ?? `inbound|${port ?? 0}||` } }],
  };
}

export function virtualInbound(chains: Json[]): Json {
  return {
    name: 'virtualInbound',
    address: { socket_address: { address: '0.0.0.0', port_value: 15006 } },
    traffic_direction: 'INBOUND',
    listener_filters: [{ name: 'envoy.filters.listener.original_dst' }, { name: 'envoy.filters.listener.tls_inspector', typed_config: { '@type': `${T}envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector` } }],
    filter_chains: chains,
  };
}

/** Istio's permissive chains for a port (PeerAuthentication PERMISSIVE) and strict ones (STRICT). */
export const permissive = (port: number): Json[] => [inboundChain(port, 'tls'), inboundChain(port, 'raw_buffer')];
export const strict = (port: number): Json[] => [inboundChain(port, 'tls')];

/** The catch-all chains that pass anything else to the application (InboundPassthroughCluster). */
export const passthroughChains = (): Json[] => [inboundChain(undefined, 'tls', { terminate: false, cluster: 'InboundPassthroughCluster', name: 'virtualInbound-tls' }), inboundChain(undefined, 'raw_buffer', { cluster: 'InboundPassthroughCluster', name: 'virtualInbound' })];

export function upstreamTls(options: { san?: Json[]; certificate?: boolean; validationSecret?: string; trustedCa?: string } = {}): Json {
  const validation = { ...(options.san ? { match_subject_alt_names: options.san } : {}), ...(options.trustedCa !== undefined ? { trusted_ca: { inline_string: options.trustedCa } } : {}) };
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: {
      '@type': UPSTREAM_TLS,
      common_tls_context: {
        ...(options.certificate === false ? {} : { tls_certificate_sds_secret_configs: [{ name: 'default' }] }),
        alpn_protocols: ['istio-peer-exchange', 'istio'],
        combined_validation_context: { default_validation_context: validation, validation_context_sds_secret_config: { name: options.validationSecret ?? 'ROOTCA' } },
      },
      sni: 'outbound_.9080_._.svc.default.svc.cluster.local',
    },
  };
}

/** An outbound EDS cluster: Istio's auto mTLS (transport_socket_matches on tlsMode), forced TLS, or plaintext. */
export function outboundCluster(name: string, mode: 'auto' | 'tls' | 'plaintext', tls: Json = upstreamTls()): Json {
  const base = { name, type: 'EDS', eds_cluster_config: { eds_config: { ads: {} }, service_name: name }, connect_timeout: '10s' };
  if (mode === 'plaintext') return base;
  if (mode === 'tls') return { ...base, transport_socket: tls };
  return {
    ...base,
    transport_socket_matches: [
      { name: 'tlsMode-istio', match: { tlsMode: 'istio' }, transport_socket: tls },
      { name: 'tlsMode-disabled', match: {}, transport_socket: { name: 'envoy.transport_sockets.raw_buffer', typed_config: { '@type': `${T}envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer` } } },
    ],
  };
}

export function assignment(cluster: string, endpoints: Array<{ ip: string; port: number; sidecar?: boolean }>): Json {
  return {
    cluster_name: cluster,
    endpoints: [
      {
        lb_endpoints: endpoints.map((e) => ({
          endpoint: { address: { socket_address: { address: e.ip, port_value: e.port } } },
          health_status: 'HEALTHY',
          ...(e.sidecar === false ? {} : { metadata: { filter_metadata: { 'envoy.transport_socket_match': { tlsMode: 'istio' }, istio: { workload: 'w' } } } }),
        })),
      },
    ],
  };
}
