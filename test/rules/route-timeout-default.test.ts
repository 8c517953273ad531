import { describe, expect, it } from 'vitest';
import rule, { durationSeconds } from '../../rules/route-timeout-default.js';
import { ruleTester } from '../rule-tester.js';

/** A route configuration with one virtual host; each route on its own line from line 5 on. */
const config = (...routes: string[]) => `{
  "name": "ingress",
  "virtual_hosts": [{
    "name": "api", "domains": ["*"], "routes": [
${routes.map((r) => `      ${r}`).join(',\n')}
    ]
  }]
}`;
const untimed = (name: string) => `{ "name": "${name}", "match": { "prefix": "/${name}" }, "route": { "cluster": "api" } }`;
const timed = (name: string, timeout: string) => `{ "name": "${name}", "match": { "prefix": "/${name}" }, "route": { "cluster": "api", "timeout": "${timeout}" } }`;
const grpc = (name: string, action: string) => `{ "name": "${name}", "match": { "prefix": "/", "grpc": {} }, "route": { "cluster": "api"${action} } }`;
const istio = { id: 'sidecar~10.0.0.1~p.default~default.svc.cluster.local', metadata: { ISTIO_VERSION: '1.24.0' } };

describe('durationSeconds', () => {
  it('reads protobuf JSON durations', () => {
    expect(durationSeconds('15s')).toBe(15);
    expect(durationSeconds('0s')).toBe(0);
    expect(durationSeconds('0.250s')).toBe(0.25);
    expect(durationSeconds('15')).toBeUndefined();
  });
});

ruleTester(rule, {
  valid: [
    { name: 'every route has a timeout', routeConfigs: [config(timed('a', '30s'), timed('b', '0s'))] },
    { name: 'a gRPC route that takes the grpc-timeout header', routeConfigs: [config(grpc('watch', ', "timeout": "30s", "max_stream_duration": { "grpc_timeout_header_max": "0s" }'))] },
    { name: 'a gRPC route with timeout 0s', routeConfigs: [config(grpc('watch', ', "timeout": "0s"'))] },
    { name: 'a CONNECT route (a tunnel: the route timeout never starts)', routeConfigs: [config('{ "match": { "connect_matcher": {} }, "route": { "cluster": "api", "upgrade_configs": [{ "upgrade_type": "CONNECT" }] } }')] },
    { name: 'redirects and direct responses forward nothing', routeConfigs: [config('{ "match": { "prefix": "/" }, "redirect": { "https_redirect": true } }', '{ "match": { "prefix": "/x" }, "direct_response": { "status": 200 } }')] },
    { name: "a known control plane's bootstrap routes (its own stats and health plumbing)", node: istio, routeConfigs: [{ state: 'static', resource: config(untimed('stats')) }] },
  ],
  invalid: [
    {
      name: 'routes without a timeout: one finding per route configuration, at the first route action',
      routeConfigs: [config(timed('a', '30s'), untimed('reports'), untimed('export'))],
      errors: [{ messageId: 'noTimeout', text: '{ "cluster": "api" }', line: 6, column: 72, severity: 'info', data: { count: 2, config: 'ingress', routes: 'virtual host api, route "reports"; virtual host api, route "export"', knob: 'the route action\'s timeout ("0s" disables it)' } }],
    },
    {
      name: 'more than three are counted',
      routeConfigs: [config(untimed('a'), untimed('b'), untimed('c'), untimed('d'))],
      errors: [{ messageId: 'noTimeout', line: 5 }],
    },
    {
      name: 'plain Envoy bootstrap routes are the configuration itself',
      routeConfigs: [{ state: 'static', resource: config(untimed('a')) }],
      errors: [{ messageId: 'noTimeout', line: 5 }],
    },
    {
      name: 'a gRPC route with a finite timeout: at the timeout',
      routeConfigs: [config(grpc('watch', ', "timeout": "30s"'))],
      errors: [{ messageId: 'grpcStream', text: '"30s"', line: 5, column: 106 }],
    },
    {
      name: 'a gRPC route with no timeout gets the gRPC message only',
      routeConfigs: [config(grpc('watch', ''))],
      errors: [{ messageId: 'grpcStream', text: '{ "cluster": "api" }', line: 5 }],
    },
  ],
});

describe('the advice', () => {
  it('the plain Envoy fixture: one untimed group and one gRPC route', async () => {
    const { lintInputs } = await import('../../src/pipeline/lint.js');
    const { report } = lintInputs(['fixtures/route-timeout-default/fail/plain-envoy.json'], { rules: [rule] });
    expect(report.findings.map((f) => f.messageId).sort()).toEqual(['grpcStream', 'noTimeout']);
  });
  it('Envoy Gateway is pointed at the HTTPRoute timeouts', async () => {
    const { lintInputs } = await import('../../src/pipeline/lint.js');
    const { report } = lintInputs(['fixtures/route-timeout-default/fail/envoy-gateway-httproute.json'], { rules: [rule] });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]?.message).toContain('HTTPRoute');
  });
});
