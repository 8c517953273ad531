// The mesh rules on meshes made of real dumps: fixtures/mesh/istio-1.1 (two Istio 1.1 productpage replicas, the second
// edited to send to the first: fixtures/mesh/README.md) as it is and with one mismatch planted per case on a copy made
// here, and the real OSM pair bookbuyer → bookstore of fixtures/real-others as it is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { meshFindings, spanText } from '../mesh-tester.js';

const ROOT = path.resolve(__dirname, '../..');
const ISTIO = path.join(ROOT, 'fixtures/mesh/istio-1.1');
const OSM = ['bookbuyer', 'bookstore'].map((n) => path.join(ROOT, `fixtures/real-others/openservicemesh_osm_pkg_cli_verifier_testdata_sample-envoy-config-dump-${n}.json`));
const CLUSTER = 'outbound|9080||productpage.default.svc.cluster.local';

/** One edit of a dump: the value at a JSON pointer replaced, or removed (`undefined`). */
type Edit = [pointer: string, value: unknown];

function applyEdit(doc: unknown, [pointer, value]: Edit): void {
  const keys = pointer.split('/').slice(1);
  const last = keys.pop() ?? '';
  let at: unknown = doc;
  for (const key of keys) at = (at as Record<string, unknown>)[key];
  if (typeof at !== 'object' || at === null) throw new Error(`no ${pointer} in the dump`);
  if (value === undefined) delete (at as Record<string, unknown>)[last];
  else (at as Record<string, unknown>)[last] = value;
}

// Where things are in the two dumps (the client is a copy of the server: the same positions).
const CLIENT_TLS = '/configs/1/dynamic_active_clusters/47/cluster/tls_context';
const SERVER_CHAIN = '/configs/2/dynamic_active_listeners/0/listener/filter_chains/0';
const ENDPOINT_PORT = '/configs/4/dynamic_endpoint_configs/0/endpoint_config/endpoints/0/lb_endpoints/0/endpoint/address/socket_address/port_value';
const METADATA = '/configs/0/bootstrap/node/metadata';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the istio-1.1 fleet with `edit` applied to the server's (productpage-v1) and the client's (-b) dump. */
function planted(edit: { server?: Edit[]; client?: Edit[] }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envoy-lint-mesh-real-'));
  made.push(dir);
  for (const [name, change] of [['productpage-v1', edit.server], ['productpage-v1-b', edit.client]] as const) {
    fs.mkdirSync(path.join(dir, name));
    const dump: unknown = JSON.parse(fs.readFileSync(path.join(ISTIO, name, 'config_dump.json'), 'utf8'));
    for (const e of change ?? []) applyEdit(dump, e);
    fs.writeFileSync(path.join(dir, name, 'config_dump.json'), `${JSON.stringify(dump, null, 1)}\n`);
  }
  return dir;
}

const summary = (findings: Awaited<ReturnType<typeof meshFindings>>): string[] => findings.map((f) => `${f.ruleId}/${f.messageId} ${f.severity} ${path.basename(path.dirname(f.location.file))}`);

describe('mesh rules on real dumps', () => {
  it('the istio-1.1 pair as it is gives no mesh finding', async () => {
    expect(summary(await meshFindings([ISTIO]))).toEqual([]);
  });

  it('the OSM pair as it is gives no error or warning: bookbuyer has no endpoints section, bookstore one endpoint of no proxy among the inputs (info)', async () => {
    const findings = await meshFindings(OSM);
    // From the files: bookbuyer's dump has no EndpointsConfigDump; bookstore's only IP endpoint outside itself is its
    // unnamed assignment's 10.244.2.5:14001 (bookwarehouse); its xDS server (osm-controller) is not a mesh proxy.
    expect(findings.map((f) => `${f.ruleId}/${f.messageId} ${f.severity} ${f.data?.example ?? ''}`)).toEqual(['endpoint-port-not-served/serversNotInFleet info 10.244.2.5:14001']);
    expect(findings[0]?.proxy).toContain('bookstore');
  });

  it('plaintext to the STRICT server: the client cluster\'s tls_context removed', async () => {
    const findings = await meshFindings([planted({ client: [[CLIENT_TLS, undefined]] })]);
    expect(summary(findings)).toEqual(['mtls-mismatch/plaintextToTls error productpage-v1-b']);
    const [f] = findings;
    expect(spanText(f!.location)).toBe(`"${CLUSTER}"`);
    expect(f!.related?.map((r) => `${path.basename(path.dirname(r.location.file))} ${r.location.pointer}`)).toEqual([
      `productpage-v1 ${SERVER_CHAIN}`,
      `productpage-v1-b ${ENDPOINT_PORT.replace(/port_value$/, 'address')}`,
    ]);
  });

  it('mTLS to a plaintext port: the server chain\'s tls_context removed', async () => {
    const findings = await meshFindings([planted({ server: [[`${SERVER_CHAIN}/tls_context`, undefined]] })]);
    expect(summary(findings)).toEqual(['mtls-mismatch/tlsToPlaintext error productpage-v1-b']);
    expect(findings[0]?.location.pointer).toBe(CLIENT_TLS);
  });

  it('TLS without a client certificate: the client\'s tls_certificates removed', async () => {
    const findings = await meshFindings([planted({ client: [[`${CLIENT_TLS}/common_tls_context/tls_certificates`, undefined]] })]);
    expect(summary(findings)).toEqual(['mtls-mismatch/noClientCertificate error productpage-v1-b']);
  });

  it('a port the server does not serve: the client\'s endpoint port 9080 edited to 9090', async () => {
    const findings = await meshFindings([planted({ client: [[ENDPOINT_PORT, 9090]] })]);
    expect(summary(findings)).toEqual(['endpoint-port-not-served/notServed warning productpage-v1-b']);
    expect(findings[0]?.message).toContain('it has no listener that receives it');
  });

  it('another service account: the server\'s node given SERVICE_ACCOUNT bookinfo-productpage (the client verifies sa/default)', async () => {
    const withSa = (sa: string): Edit[] => [[`${METADATA}/SERVICE_ACCOUNT`, sa], [`${METADATA}/NAMESPACE`, 'default']];
    const findings = await meshFindings([planted({ server: withSa('bookinfo-productpage') })]);
    expect(summary(findings)).toEqual(['peer-identity-mismatch/notAdmitted error productpage-v1-b']);
    expect(spanText(findings[0]!.location)).toBe('"spiffe://cluster.local/ns/default/sa/default"');
    expect(findings[0]?.related?.[0]?.location.pointer).toBe(`${METADATA}/SERVICE_ACCOUNT`);
    expect(summary(await meshFindings([planted({ server: withSa('default') })]))).toEqual([]);
  });

  it('another Istio version: the server\'s ISTIO_VERSION edited to 1.1.2 (a tie of two goes to the newer)', async () => {
    const findings = await meshFindings([planted({ server: [[`${METADATA}/ISTIO_VERSION`, '1.1.2']] })]);
    expect(summary(findings)).toEqual(['proxy-version-skew/controlPlaneVersions info productpage-v1-b']);
  });
});
