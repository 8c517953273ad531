import { describe } from 'vitest';
import rule from '../../rules/dangling-filter-chain.js';
import filterChainConflict from '../../rules/filter-chain-conflict.js';
import { ruleTester } from '../rule-tester.js';

const action = (name: string): string => `{ "action": { "name": "${name}", "typed_config": { "@type": "type.googleapis.com/google.protobuf.StringValue", "value": "${name}" } } }`;

/**
 * The docs' "Detect TLS traffic" listener: transport "tls" → chain `tls`, anything else → `plain` (on_no_match). The
 * tls action is on line 7 (its value at column 170 for "tls-terminate"), on_no_match on line 9 (its value at column 142 for "plaintext").
 */
const tlsListener = (chains: string, tlsChain = 'tls', plainChain = 'plaintext', extra = ''): string => `{
  "name": "listener_0",
  "address": { "socket_address": { "address": "0.0.0.0", "port_value": 10000 } },
  "filter_chain_matcher": {
    "matcher_tree": {
      "input": { "name": "transport", "typed_config": { "@type": "type.googleapis.com/envoy.extensions.matching.common_inputs.network.v3.TransportProtocolInput" } },
      "exact_match_map": { "map": { "tls": ${action(tlsChain)} } }
    },
    "on_no_match": ${action(plainChain)}
  },${extra}
  "filter_chains": [${chains}]
}`;

const TWO_CHAINS = '{ "name": "tls", "filters": [] }, { "name": "plaintext", "filters": [] }';

ruleTester(rule, {
  valid: [
    { name: 'every action names one of the filter_chains', listeners: [tlsListener(TWO_CHAINS)] },
    { name: 'a listener without filter_chain_matcher', listeners: ['{ "name": "l", "address": { "socket_address": { "address": "0.0.0.0", "port_value": 80 } }, "filter_chains": [{ "filters": [] }] }'] },
  ],
  invalid: [
    {
      name: 'on_no_match names a chain the listener does not have',
      listeners: [tlsListener('{ "name": "tls", "filters": [] }')],
      errors: [{ messageId: 'missing', text: '"plaintext"', line: 9, column: 142 }],
    },
    {
      name: 'a map entry names a chain that is not there (a typo)',
      listeners: [tlsListener(TWO_CHAINS, 'tls-terminate')],
      errors: [{ messageId: 'missing', text: '"tls-terminate"', line: 7, column: 170 }],
    },
    {
      name: "the default_filter_chain's name does not count: Envoy looks among filter_chains only",
      listeners: [tlsListener('{ "name": "tls", "filters": [] }', 'tls', 'plaintext', '\n  "default_filter_chain": { "name": "plaintext", "filters": [] },')],
      errors: [{ messageId: 'missing', text: '"plaintext"', line: 9, column: 142 }],
    },
    {
      name: 'an Istio waypoint: the advice is istiod\'s',
      controlPlane: 'istio',
      listeners: [tlsListener('{ "name": "tls", "filters": [] }')],
      errors: [{ messageId: 'missing', text: '"plaintext"', line: 9, column: 142 }],
    },
  ],
});

// With a matcher, Envoy ignores filter_chain_match (and does not reject identical ones): filter-chain-conflict stays quiet.
describe('filter-chain-conflict on a listener with filter_chain_matcher', () => {
  const SAME = '{ "name": "tls", "filter_chain_match": { "destination_port": 10000 }, "filters": [] }, { "name": "plaintext", "filter_chain_match": { "destination_port": 10000 }, "filters": [] }';
  ruleTester(filterChainConflict, {
    valid: [{ name: 'identical filter_chain_match under a matcher', listeners: [tlsListener(SAME)] }],
    invalid: [
      {
        name: 'the same chains without the matcher conflict',
        listeners: [`{ "name": "listener_0", "address": { "socket_address": { "address": "0.0.0.0", "port_value": 10000 } }, "filter_chains": [${SAME}] }`],
        errors: [{ messageId: 'conflict' }],
      },
    ],
  });
});
