// The filter chains' DownstreamTlsContext in the graph (the TLS transport socket's types are not in the proto table, so
// it is read by its @type), on a real Istio waypoint dump and a fixture.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProxies } from '../../src/pipeline/proxies.js';

const ROOT = path.resolve(__dirname, '../..');

describe('filter chain TLS summary', () => {
  it('reads certificates and ALPN from the real waypoint connect_terminate chain', () => {
    const { graph } = loadProxies([path.join(ROOT, 'fixtures/real/istioctl_pkg_writer_compare_testdata_configdump.json')]);
    const chain = graph.listeners.find((l) => l.name === 'connect_terminate')?.filterChains[0];
    expect(chain?.tls?.certificates.map((c) => c.id)).toEqual(['sds:default']);
    expect(chain?.tls?.alpnProtocols).toEqual(['h2']);
  });
  it('keeps each chain\'s SDS secret and ALPN list', () => {
    const { graph } = loadProxies([path.join(ROOT, 'fixtures/shared-cert-coalescing/fail/wildcard-cert-two-route-configs.json')]);
    const chains = graph.listeners[0]?.filterChains ?? [];
    expect(chains.map((c) => [c.tls?.certificates.map((x) => x.id), c.tls?.alpnProtocols])).toEqual([
      [['sds:wildcard-example-com'], ['h2', 'http/1.1']],
      [['sds:wildcard-example-com'], ['h2', 'http/1.1']],
    ]);
  });
});
