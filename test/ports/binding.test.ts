// The listener binding model (src/model/binding.ts) on the healthy planted sidecar, its variants and real dumps.
// Expected answers are written from reading the dumps, not from running the model.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProxies } from '../../src/pipeline/proxies.js';
import { bindingModel, isCatchAllChain, parseIstioClusterName } from '../../src/model/binding.js';
import { knownServices } from '../../src/model/ports/index.js';

const ROOT = path.resolve(__dirname, '../..');
const fixture = (p: string): string => path.join(ROOT, 'fixtures', p);
const HEALTHY = fixture('missing-port-listener/pass/healthy-sidecar/config_dump.json');
const model = (...files: string[]) => bindingModel(loadProxies(files).graph);

/** A dump written to a temp file from the healthy one, edited. */
function variant(edit: (dump: { configs: Array<Record<string, unknown>> }) => void): string {
  const dump = JSON.parse(fs.readFileSync(HEALTHY, 'utf8')) as { configs: Array<Record<string, unknown>> };
  edit(dump);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'elint-binding-')), 'config_dump.json');
  fs.writeFileSync(file, JSON.stringify(dump, null, 2));
  return file;
}

type Listeners = Array<{ name: string; active_state: { listener: Record<string, unknown> } }>;
const listenersOf = (dump: { configs: Array<Record<string, unknown>> }): Listeners =>
  (dump.configs.find((c) => String(c['@type']).endsWith('ListenersConfigDump')) as { dynamic_listeners: Listeners }).dynamic_listeners;

describe('listener binding model', () => {
  it('knows which listeners bind a port and which are reachable only by hand-off', () => {
    const b = model(HEALTHY);
    expect(b.isSidecar).toBe(true);
    expect(b.listenersComplete).toBe(true);
    expect(b.boundOn(15001).map((l) => l.name)).toEqual(['virtualOutbound']);
    expect(b.boundOn(15006).map((l) => l.name)).toEqual(['virtualInbound']);
    expect(b.boundOn(9080)).toEqual([]);
    expect(b.handoffOnly(9080).map((l) => l.name)).toEqual(['0.0.0.0_9080']);
    expect(b.originalDst.map((l) => l.name)).toEqual(['virtualOutbound']);
    expect(b.inbound?.name).toBe('virtualInbound');
  });

  it('hands a connection to the exact address first, then to the wildcard listener', () => {
    const b = model(HEALTHY);
    expect(b.handoff('10.96.0.20', 3306)?.name).toBe('10.96.0.20_3306');
    expect(b.handoff('10.96.0.99', 3306)).toBeUndefined(); // another address on 3306: no wildcard listener
    expect(b.handoff('10.96.0.99', 9080)?.name).toBe('0.0.0.0_9080');
    expect(b.handoff(undefined, 7070)).toBeUndefined();
    expect(b.handlesOutboundPort(3306)).toBe(true);
    expect(b.handlesOutboundPort(7070)).toBe(false);
  });

  it('reads 15001 fallback: PassthroughCluster, BlackHoleCluster, or nothing', () => {
    expect(model(HEALTHY).outboundFallback()).toMatchObject({ kind: 'passthrough', cluster: 'PassthroughCluster' });
    expect(model(fixture('blackhole-fallthrough/fail/registry-only-no-listener/config_dump.json')).outboundFallback()).toMatchObject({ kind: 'blackhole', cluster: 'BlackHoleCluster' });
    const noCatchAll = variant((d) => {
      const outbound = listenersOf(d)[0]?.active_state.listener as { filter_chains: Array<Record<string, unknown>> };
      outbound.filter_chains = outbound.filter_chains.map((c) => ({ ...c, filter_chain_match: { destination_port: 15001 } }));
    });
    expect(model(noCatchAll).outboundFallback()?.kind).toBe('none');
  });

  it('lists the inbound listener chain ports, without its own-port loop guard', () => {
    const authz = model(fixture('real/istioctl_pkg_authz_testdata_configdump.yaml'));
    // virtualInbound: a blackhole chain on 15006 (guard), catch-alls, and two chains for port 80.
    expect([...authz.inboundChainPorts().keys()]).toEqual([80]);
    // virtualOutbound: guard on 15001 to BlackHoleCluster, catch-all to PassthroughCluster.
    expect(authz.outboundFallback()).toMatchObject({ kind: 'passthrough', cluster: 'PassthroughCluster' });
    expect(authz.boundOn(15008).map((l) => l.name)).toEqual(['connect_terminate']);
    expect(authz.boundOn(15021).length).toBe(1);
  });

  it('reads an old (2018) sidecar: 15001 named "virtual", no 15006 listener', () => {
    const old = model(fixture('real/istioctl_cmd_istioctl_testdata_auth_productpage_config_dump.json'));
    expect(old.originalDst.map((l) => l.name)).toEqual(['virtual']);
    expect(old.inbound).toBeUndefined();
    expect(old.boundOn(15006)).toEqual([]);
    expect(old.handoff('10.52.2.21', 9080)?.name).toBe('10.52.2.21_9080');
  });

  it('does not take a bootstrap that fetches its listeners, or a filtered listing, as the whole listener set', () => {
    expect(model(fixture('real/pkg_bootstrap_testdata_default_golden.json')).listenersComplete).toBe(false);
    expect(model(fixture('real/istioctl_pkg_describe_testdata_describe_http_config.json')).listenersComplete).toBe(false);
    const noInbound = variant((d) => {
      const list = listenersOf(d);
      list.splice(list.findIndex((l) => l.name === 'virtualInbound'), 1);
    });
    const b = model(noInbound);
    expect(b.listenersComplete).toBe(true); // still a full sidecar dump: the missing 15006 is really missing
    expect(b.boundOn(15006)).toEqual([]);
  });

  it('treats bind_to_port: false as not bound', () => {
    const unbound = variant((d) => {
      const inbound = listenersOf(d).find((l) => l.name === 'virtualInbound');
      if (inbound) inbound.active_state.listener.bind_to_port = false;
    });
    const b = model(unbound);
    expect(b.boundOn(15006)).toEqual([]);
    expect(b.handoffOnly(15006).map((l) => l.name)).toEqual(['virtualInbound']);
  });
});

describe('Istio names and catch-all chains', () => {
  it('parses cluster names', () => {
    expect(parseIstioClusterName('outbound|9080|v1|ratings.default.svc.cluster.local')).toEqual({ direction: 'outbound', port: 9080, subset: 'v1', host: 'ratings.default.svc.cluster.local' });
    expect(parseIstioClusterName('inbound|9080||')).toEqual({ direction: 'inbound', port: 9080, subset: '', host: '' });
    expect(parseIstioClusterName('outbound|70000||x')).toBeUndefined();
    expect(parseIstioClusterName('PassthroughCluster')).toBeUndefined();
    expect(parseIstioClusterName('outbound_.9080_.v1_.ratings.default.svc.cluster.local')).toBeUndefined();
  });

  it('groups subsets of one host and port into one known service', () => {
    const services = knownServices(loadProxies([HEALTHY]).graph).map((s) => `${s.direction} ${s.port} ${s.host} ${s.clusters.length}`);
    expect(services).toEqual(['inbound 9080  1', 'outbound 9080 reviews.default.svc.cluster.local 1', 'outbound 9080 ratings.default.svc.cluster.local 2', 'outbound 3306 mysql.default.svc.cluster.local 1']);
  });

  it('a catch-all chain has no port, address, SNI or protocol condition', () => {
    const chain = (match: Record<string, unknown>) => ({ index: 0, displayName: '', isDefault: false, match, origin: { input: 0, pointer: '' } });
    expect(isCatchAllChain(chain({}))).toBe(true);
    expect(isCatchAllChain(chain({ prefixRanges: ['0.0.0.0/0'] }))).toBe(true);
    expect(isCatchAllChain(chain({ destinationPort: 15001 }))).toBe(false);
    expect(isCatchAllChain(chain({ prefixRanges: ['10.0.0.0/8'] }))).toBe(false);
    expect(isCatchAllChain(chain({ transportProtocol: 'tls' }))).toBe(false);
  });
});
