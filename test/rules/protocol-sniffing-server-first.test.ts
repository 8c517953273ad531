import { describe, expect, it } from 'vitest';
import rule, { disabledFor } from '../../rules/protocol-sniffing-server-first.js';
import { ruleTester } from '../rule-tester.js';

const INSPECTORS = `[
    { "name": "envoy.filters.listener.tls_inspector" },
    { "name": "envoy.filters.listener.http_inspector" }
  ]`;
const tcp = (match = '') => `{ ${match ? `"filter_chain_match": ${match},` : ''} "filters": [{ "name": "envoy.filters.network.tcp_proxy", "typed_config": { "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy", "stat_prefix": "t", "cluster": "db" } }] }`;

/** A listener on `port` (port_value on line 2) with the given listener filters and chains. */
const listener = (port: number, chains: string[], filters = INSPECTORS, extra = '') => `{
  "name": "l${port}", "address": { "socket_address": { "address": "0.0.0.0", "port_value": ${port} } }, ${extra}
  "listener_filters": ${filters},
  "filter_chains": [${chains.join(', ')}]
}`;
const db = { name: 'db', type: 'STATIC' };

ruleTester(rule, {
  valid: [
    { name: 'a server-first port with one plain TCP chain: nothing to wait for', listeners: [listener(3306, [tcp()])], clusters: [db] },
    { name: 'sniffing on a client-first port', listeners: [listener(5432, [tcp('{ "application_protocols": ["http/1.1"] }'), tcp()])], clusters: [db] },
    { name: 'no inspector on the listener: the match cannot wait', listeners: [listener(25, [tcp('{ "transport_protocol": "raw_buffer" }')], '[]')], clusters: [db] },
    {
      name: 'the inspector the match needs is disabled for the port',
      listeners: [listener(3306, [tcp('{ "application_protocols": ["http/1.1"] }'), tcp()], '[{ "name": "envoy.filters.listener.http_inspector", "filter_disabled": { "destination_port_range": { "start": 3306, "end": 3307 } } }]')],
      clusters: [db],
    },
  ],
  invalid: [
    {
      name: 'Istio-style sniffing on MySQL: at the port, Envoy default timeout closes',
      listeners: [listener(3306, [tcp('{ "application_protocols": ["http/1.1", "h2c"] }'), tcp()])],
      clusters: [db],
      errors: [{ messageId: 'sniffed', text: '3306', line: 2, severity: 'warning', resource: { kind: 'listener', name: 'l3306' } }],
    },
    {
      name: 'TLS detection (PERMISSIVE) for destination_port 587 on a transparent listener: at the destination_port',
      listeners: [listener(15006, [tcp('{ "destination_port": 587, "transport_protocol": "tls" }'), tcp('{ "destination_port": 587, "transport_protocol": "raw_buffer" }')], INSPECTORS, '"use_original_dst": true, "listener_filters_timeout": "0s",')],
      clusters: [db],
      errors: [{ messageId: 'sniffed', text: '587' }],
    },
  ],
});

describe('disabledFor', () => {
  it('evaluates port ranges (end exclusive), not, or, and', () => {
    const range = { destinationPortRange: { start: 25, end: 26 } };
    expect(disabledFor(range, 25)).toBe(true);
    expect(disabledFor(range, 26)).toBe(false);
    expect(disabledFor({ notMatch: range }, 25)).toBe(false);
    expect(disabledFor({ orMatch: [range, { destinationPortRange: { start: 3306, end: 3307 } }] }, 3306)).toBe(true);
    expect(disabledFor({ andMatch: [range, { anyMatch: true }] }, 25)).toBe(true);
    expect(disabledFor({ orMatch: [{ unknown: true }] }, 25)).toBeUndefined();
  });
});
