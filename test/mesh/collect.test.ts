// The mesh facts each proxy's job collects, read off the files: fixtures/mesh/istio-1.1 (Istio 1.1, v2alpha dumps with
// v2 tls_context fields) and the OSM bookstore dump of fixtures/real-others.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintInputs } from '../../src/pipeline/lint.js';
import { allLocations, type MeshFacts } from '../../src/mesh/facts.js';
import { placeLocations } from '../../src/mesh/place.js';
import { Mesh, serving } from '../../src/mesh/model.js';
import { spanText } from '../mesh-tester.js';

const ROOT = path.resolve(__dirname, '../..');
/** A dump's facts, every location placed (a finding's would be placed when reported). */
const factsOf = (file: string): MeshFacts => {
  const { meshFacts, inputs } = lintInputs([path.join(ROOT, file)], { meshRules: 'collect' });
  expect(meshFacts).toHaveLength(1);
  placeLocations(allLocations(meshFacts), (name, pointers) => inputs.find((i) => i.file === name)?.positions.locate(pointers));
  return meshFacts[0]!;
};

describe('mesh facts', () => {
  const server = factsOf('fixtures/mesh/istio-1.1/productpage-v1/config_dump.json');
  const client = factsOf('fixtures/mesh/istio-1.1/productpage-v1-b/config_dump.json');

  it('an Istio 1.1 sidecar: its IPs (node id, ISTIO_META_INSTANCE_IPS), namespace, versions', () => {
    expect(server.addresses.map((a) => `${a.ip} ${a.source}`)).toEqual(['10.52.2.21 node metadata ISTIO_META_INSTANCE_IPS', 'fe80::54f8:2cff:fe2b:2dd3 node metadata ISTIO_META_INSTANCE_IPS']);
    expect(spanText(server.addresses[0]!.location)).toBe('"10.52.2.21,10.52.2.21,fe80::54f8:2cff:fe2b:2dd3"');
    expect(server).toMatchObject({ controlPlane: 'istio', namespace: 'default', envoyVersion: '1.10.0-dev', controlPlaneVersion: '1.1.1' });
    expect(server.identities).toEqual([]); // no SERVICE_ACCOUNT metadata, certificates in files
  });

  it('its inbound listener on its own IP requires mTLS with a client certificate (v2 tls_context), behind tls_inspector', () => {
    const listener = server.inbound.find((l) => l.name === '10.52.2.21_9080');
    expect(listener).toMatchObject({ address: '10.52.2.21', port: 9080, captured: false, tlsInspector: true });
    expect(listener?.chains.map((c) => ({ terminatesTls: c.terminatesTls, requireClientCertificate: c.requireClientCertificate, port: c.destinationPort }))).toEqual([{ terminatesTls: true, requireClientCertificate: true, port: undefined }]);
    expect(listener?.chains[0]?.location.pointer).toBe('/configs/2/dynamic_active_listeners/0/listener/filter_chains/0');
  });

  it('the client cluster: Istio mTLS with its certificate and the verify_subject_alt_name SAN, its one endpoint', () => {
    const cluster = client.clusters.find((c) => c.name === 'outbound|9080||productpage.default.svc.cluster.local');
    expect(cluster?.tls).toMatchObject({ presentsCertificate: true, sanMatchers: [{ kind: 'exact', value: 'spiffe://cluster.local/ns/default/sa/default', ignoreCase: false }] });
    expect(spanText(cluster!.tls!.sanMatchers[0]!.location)).toBe('"spiffe://cluster.local/ns/default/sa/default"');
    expect(cluster?.endpoints.map((e) => `${e.ip}:${e.port}`)).toEqual(['10.52.2.21:9080']);
    // Clusters without endpoints in the dump are left out (nothing to pair); the inbound ones to 127.0.0.1 stay, the
    // mesh does not map loopback addresses.
    expect(client.clusters.map((c) => `${c.name} ${c.endpoints.map((e) => e.ip).join(',')}`)).toEqual([
      'inbound|15020|mgmt-15020|mgmtCluster 127.0.0.1',
      'inbound|9080|http|productpage.default.svc.cluster.local 127.0.0.1',
      'outbound|9080||productpage.default.svc.cluster.local 10.52.2.21',
    ]);
  });

  it('the mesh pairs the endpoint with the server, and the server serves mTLS on the port, not plaintext', () => {
    const mesh = new Mesh([server, client]);
    expect(mesh.links.map((l) => `${l.client.proxy.split('/').at(-2)} → ${l.server.proxy.split('/').at(-2)} ${l.transport}`)).toEqual(['productpage-v1-b → productpage-v1 tls']);
    expect(serving(server, '10.52.2.21', 9080, 'tls').kind).toBe('served');
    expect(serving(server, '10.52.2.21', 9080, 'plaintext')).toMatchObject({ kind: 'wrong-transport', accepts: 'tls' });
    expect(serving(server, '10.52.2.21', 9081, 'tls').kind).toBe('not-served');
    expect(mesh.unmapped).toEqual([]);
  });

  it('an OSM sidecar: no IP in its node, its identity from the node id, its capture listener on 15003', () => {
    const osm = factsOf('fixtures/real-others/openservicemesh_osm_pkg_cli_verifier_testdata_sample-envoy-config-dump-bookstore.json');
    expect(osm.controlPlane).toBe('osm');
    expect(osm.addresses).toEqual([]);
    expect(osm.identities.map((i) => `${i.value} ${i.source}`)).toEqual(['bookstore-v1.bookstore.cluster.local node']);
    const inbound = osm.inbound.find((l) => l.name === 'inbound-listener');
    expect(inbound).toMatchObject({ captured: true, tlsInspector: true });
    expect(inbound?.chains.map((c) => `${c.destinationPort} ${c.transportProtocol} ${c.terminatesTls} ${c.requireClientCertificate}`)).toEqual(['14001 tls true true']);
    // The unnamed EDS assignment (Envoy 1.18) is bookwarehouse's, as the graph attributes it; its SANs come from the
    // SDS validation secret in the dump.
    const warehouse = osm.clusters.find((c) => c.name === 'bookwarehouse/bookwarehouse');
    expect(warehouse?.endpoints.map((e) => `${e.ip}:${e.port}`)).toEqual(['10.244.2.5:14001']);
    expect(warehouse?.tls?.sanMatchers.map((m) => m.value)).toEqual(['bookwarehouse.bookwarehouse.cluster.local']);
  });

  it('facts carry their file and pointer, and are located only when placed', () => {
    const file = path.join(ROOT, 'fixtures/mesh/istio-1.1/productpage-v1/config_dump.json');
    const [facts] = lintInputs([file], { meshRules: 'collect' }).meshFacts;
    const chain = facts?.inbound.find((l) => l.name === '10.52.2.21_9080')?.chains[0];
    expect(chain?.location).toEqual({ file, line: 1, column: 1, endLine: 1, endColumn: 1, pointer: '/configs/2/dynamic_active_listeners/0/listener/filter_chains/0' });
    expect(spanText(server.inbound.find((l) => l.name === '10.52.2.21_9080')!.chains[0]!.location)).toMatch(/^\{\s+"(filter_chain_match|filters|tls_context)"/);
  });

  it('one proxy is no mesh: lintInputs does not locate facts it will not use', () => {
    expect(lintInputs([path.join(ROOT, 'fixtures/mesh/istio-1.1/productpage-v1/config_dump.json')]).meshFacts).toEqual([]);
  });
});
