import { describe } from 'vitest';
import rule from '../../rules/filter-chain-conflict.js';
import { ruleTester } from '../rule-tester.js';

/**
 * Listener `name` with one filter chain per entry, one per line: chain i is on line 5 + i of the snippet, from column 5
 * (a finding underlines the whole later chain).
 */
const listener = (chains: string[], extra = '', name = '0.0.0.0_8080') => `{
  "name": "${name}",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 8080 } },${extra}
  "filter_chains": [
    ${chains.join(',\n    ')}
  ]
}`;

const PLAIN = '{ "filter_chain_match": { "destination_port": 8080, "transport_protocol": "raw_buffer" } }';

/** Picks chains by name: filter_chain_match is then not used (the chains below may all be the same). */
const MATCHER = `
  "filter_chain_matcher": { "on_no_match": { "action": { "name": "a", "typed_config": { "@type": "type.googleapis.com/google.protobuf.StringValue", "value": "a" } } } },`;

// truncated (the 2,000,000 comparison budget) cannot be reached with a short snippet: it needs a listener of about
// 2,000 filter chains. It is not tested here.
ruleTester(rule, {
  valid: [
    {
      name: 'chains that differ by destination port',
      listeners: [listener([PLAIN, '{ "filter_chain_match": { "destination_port": 9090, "transport_protocol": "raw_buffer" } }'])],
    },
    {
      name: 'chains that differ by transport protocol and by ALPN',
      listeners: [
        listener([
          '{ "filter_chain_match": { "transport_protocol": "tls", "application_protocols": ["h2"] } }',
          '{ "filter_chain_match": { "transport_protocol": "tls", "application_protocols": ["http/1.1"] } }',
          '{ "filter_chain_match": { "transport_protocol": "raw_buffer" } }',
        ]),
      ],
    },
    {
      name: 'disjoint server names',
      listeners: [listener(['{ "filter_chain_match": { "server_names": ["a.example.com"] } }', '{ "filter_chain_match": { "server_names": ["b.example.com", "*.example.com"] } }'])],
    },
    {
      name: 'overlapping but different CIDRs are different leaves (the longest prefix wins)',
      listeners: [listener(['{ "filter_chain_match": { "prefix_ranges": [{ "address_prefix": "10.0.0.0", "prefix_len": 8 }] } }', '{ "filter_chain_match": { "prefix_ranges": [{ "address_prefix": "10.1.0.0", "prefix_len": 16 }] } }'])],
    },
    {
      name: 'an unset criterion is "any", not the same as a set one',
      listeners: [listener(['{ "filter_chain_match": {} }', PLAIN])],
    },
    {
      name: 'a listener with filter_chain_matcher picks chains by name',
      listeners: [listener(['{ "name": "a" }', '{ "name": "b" }'], MATCHER)],
    },
    {
      name: 'chains of two different listeners are not compared',
      listeners: [listener([PLAIN]), `{ "name": "other", "address": { "socket_address": { "address": "0.0.0.0", "port_value": 9090 } }, "filter_chains": [${PLAIN}] }`],
    },
    {
      name: 'a draining listener is on its way out',
      listeners: [{ state: 'draining', resource: listener([PLAIN, PLAIN]) }],
    },
  ],
  invalid: [
    {
      name: 'two chains with the same match',
      listeners: [listener([PLAIN, PLAIN])],
      errors: [
        {
          messageId: 'conflict',
          severity: 'error',
          text: PLAIN,
          in: 'listeners/0',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 95,
          resource: { kind: 'filter_chain', name: 'listener 0.0.0.0_8080, filter chain 1' },
          data: { chain: 'listener 0.0.0.0_8080, filter chain 1', other: 'filter chain 0', criteria: 'destination_port 8080; transport_protocol raw_buffer' },
        },
      ],
    },
    {
      name: 'two chains without any match criteria; the earlier named one is named in the message',
      listeners: [listener(['{ "name": "first" }', '{ "name": "second" }'])],
      errors: [
        {
          messageId: 'conflict',
          text: '{ "name": "second" }',
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 25,
          resource: { kind: 'filter_chain', name: 'listener 0.0.0.0_8080, filter chain "second"' },
          data: { chain: 'listener 0.0.0.0_8080, filter chain "second"', other: 'filter chain "first" (0)', criteria: 'no criteria at all' },
        },
      ],
    },
    {
      name: 'server name lists that share a name, compared without case',
      listeners: [listener(['{ "filter_chain_match": { "server_names": ["a.example.com", "b.example.com"] } }', '{ "filter_chain_match": { "server_names": ["B.example.com"] } }'])],
      errors: [
        {
          messageId: 'conflict',
          text: '{ "filter_chain_match": { "server_names": ["B.example.com"] } }',
          line: 6,
          column: 5,
          data: { chain: 'listener 0.0.0.0_8080, filter chain 1', other: 'filter chain 0', criteria: 'server_names b.example.com' },
        },
      ],
    },
    {
      name: 'two CIDRs that normalise to the same range (10.1.2.3/8 is 10.0.0.0/8)',
      listeners: [listener(['{ "filter_chain_match": { "prefix_ranges": [{ "address_prefix": "10.1.2.3", "prefix_len": 8 }] } }', '{ "filter_chain_match": { "prefix_ranges": [{ "address_prefix": "10.0.0.0", "prefix_len": 8 }] } }'])],
      errors: [
        {
          messageId: 'conflict',
          text: '{ "filter_chain_match": { "prefix_ranges": [{ "address_prefix": "10.0.0.0", "prefix_len": 8 }] } }',
          line: 6,
          column: 5,
          data: { chain: 'listener 0.0.0.0_8080, filter chain 1', other: 'filter chain 0', criteria: 'prefix_ranges 10.0.0.0/8' },
        },
      ],
    },
    {
      name: 'source port lists that share a port',
      listeners: [listener(['{ "filter_chain_match": { "source_ports": [80] } }', '{ "filter_chain_match": { "source_ports": [80, 81] } }'])],
      errors: [{ messageId: 'conflict', text: '{ "filter_chain_match": { "source_ports": [80, 81] } }', line: 6, column: 5, data: { chain: 'listener 0.0.0.0_8080, filter chain 1', other: 'filter chain 0', criteria: 'source_ports 80' } }],
    },
    {
      name: 'source_type ANY and an empty application_protocols list are the same as unset',
      listeners: [listener(['{ "filter_chain_match": { "destination_port": 8080, "application_protocols": [] } }', '{ "filter_chain_match": { "destination_port": 8080, "source_type": "ANY" } }'])],
      errors: [{ messageId: 'conflict', text: '{ "filter_chain_match": { "destination_port": 8080, "source_type": "ANY" } }', line: 6, column: 5, data: { chain: 'listener 0.0.0.0_8080, filter chain 1', other: 'filter chain 0', criteria: 'destination_port 8080' } }],
    },
    {
      name: 'each conflicting chain is reported once, against the first chain it clashes with',
      listeners: [listener([PLAIN, PLAIN, PLAIN])],
      errors: [
        { messageId: 'conflict', text: PLAIN, line: 6, column: 5, data: { chain: 'listener 0.0.0.0_8080, filter chain 1', other: 'filter chain 0', criteria: 'destination_port 8080; transport_protocol raw_buffer' } },
        { messageId: 'conflict', text: PLAIN, line: 7, column: 5, data: { chain: 'listener 0.0.0.0_8080, filter chain 2', other: 'filter chain 0', criteria: 'destination_port 8080; transport_protocol raw_buffer' } },
      ],
    },
    {
      name: 'a warming listener is checked too',
      listeners: [{ state: 'warming', resource: listener([PLAIN, PLAIN]) }],
      errors: [{ messageId: 'conflict', text: PLAIN, in: 'listeners/0', line: 6, column: 5 }],
    },
  ],
});

// Envoy's filter chain tree has a level for direct_source_prefix_ranges (FilterChainManagerImpl::
// addFilterChainForDirectSourceIPs, between application protocols and source type). The rule's criteria leave that
// field out, so two chains that differ only by direct_source_prefix_ranges (distinct leaves: Envoy accepts the
// listener) are reported as a conflict.
describe('fixed: direct_source_prefix_ranges is a criterion', () => {
  ruleTester(rule, {
    valid: [
      {
        name: 'chains that differ only by direct_source_prefix_ranges',
        listeners: [
          listener([
            '{ "filter_chain_match": { "direct_source_prefix_ranges": [{ "address_prefix": "10.0.0.0", "prefix_len": 8 }] } }',
            '{ "filter_chain_match": { "direct_source_prefix_ranges": [{ "address_prefix": "192.168.0.0", "prefix_len": 16 }] } }',
          ]),
        ],
      },
    ],
    invalid: [],
  });
});
