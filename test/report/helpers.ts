// Shared fixtures for the reporter tests: a small fixed Report, its context, and golden-file comparison.
// Run `UPDATE_GOLDEN=1 npx vitest run test/report` to rewrite the golden files after an intended change.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { expect } from 'vitest';
import type { Finding } from '../../src/engine/finding.js';
import type { Report } from '../../src/engine/report.js';
import type { ReportContext, RuleDescription } from '../../src/report/types.js';

export const CWD = '/work/project';
export const FILE_A = '/work/project/dumps/a.json';
export const FILE_B = '/work/project/dumps/b config.json';
export const FILE_CLEAN = '/work/project/dumps/clean.json';

/** A resource name with a comma, a colon and a newline. */
export const AWKWARD_NAME = 'default, ns:prod\nsecond-line';

export const RULES: RuleDescription[] = [
  {
    id: 'route-unknown-cluster',
    description: 'A route points to a cluster that is not defined. Requests on that route fail with 503.',
    defaultSeverity: 'error',
    docsUrl: 'https://example.com/rules/route-unknown-cluster.md',
  },
  {
    id: 'cluster-no-endpoints',
    description: 'An EDS cluster has no endpoints.',
    defaultSeverity: 'warning',
    docsUrl: 'https://example.com/rules/cluster-no-endpoints.md',
  },
  {
    id: 'listener-unused-filter',
    description: 'A listener filter is configured but never matches.\nIt only costs CPU.',
    defaultSeverity: 'info',
    docsUrl: 'https://example.com/rules/listener-unused-filter.md',
  },
  {
    id: 'cluster-tls-mismatch',
    description: 'Cluster TLS settings disagree with the destination rule.',
    defaultSeverity: 'error',
    docsUrl: 'https://example.com/rules/cluster-tls-mismatch.md',
  },
  {
    id: 'bootstrap-admin-open',
    description: 'The admin interface listens on all addresses.',
    defaultSeverity: 'warning',
    docsUrl: 'https://example.com/rules/bootstrap-admin-open.md',
  },
];

export const SOURCES: Record<string, string> = {
  [FILE_A]: [
    '{',
    '  "dynamic_route_configs": [{',
    '    "route_config": { "name": "default, ns:prod",',
    '      "virtual_hosts": [{ "routes": [{ "route": { "cluster": "outbound|9080||reviews" } }] }]',
    '    }',
    '  }],',
    '  "dynamic_listeners": [{',
    '    "name": "0.0.0.0_15006",',
    '    "active_state": {',
    '      "listener": {',
    '        "listener_filters": [',
    '\t\t\t{ "name": "envoy.filters.listener.tls_inspector" }',
    '        ]',
    '      }',
    '    }',
    '  }]',
    '}',
  ].join('\n'),
  [FILE_B]: [
    '{',
    '  "dynamic_active_clusters": [{ "cluster": { "name": "outbound|80||ratings" } }]',
    '}',
  ].join('\n'),
};

function finding(f: Finding): Finding {
  return f;
}

export const FINDINGS: Finding[] = [
  finding({
    ruleId: 'route-unknown-cluster',
    severity: 'error',
    message: 'Route points to cluster "outbound|9080||reviews", which is not defined',
    messageId: 'missing',
    resource: { kind: 'route_config', name: AWKWARD_NAME },
    location: { file: FILE_A, line: 4, column: 62, endLine: 4, endColumn: 85, pointer: '/dynamic_route_configs/0/route_config' },
  }),
  finding({
    ruleId: 'listener-unused-filter',
    severity: 'info',
    message: 'Listener filter envoy.filters.listener.tls_inspector never matches: no filter chain uses TLS',
    messageId: 'unused',
    resource: { kind: 'listener', name: '0.0.0.0_15006' },
    location: { file: FILE_A, line: 12, column: 4, endLine: 14, endColumn: 8, pointer: '/dynamic_listeners/0/active_state/listener' },
  }),
  finding({
    ruleId: 'cluster-no-endpoints',
    severity: 'warning',
    message: 'Cluster has no endpoints; 100% of requests fail\n(checked EDS)',
    messageId: 'noEndpoints',
    resource: { kind: 'cluster', name: 'outbound|80||ratings' },
    location: { file: FILE_B, line: 2, column: 54, endLine: 2, endColumn: 76, pointer: '/dynamic_active_clusters/0' },
  }),
  finding({
    ruleId: 'cluster-tls-mismatch',
    severity: 'error',
    message: 'Cluster uses ISTIO_MUTUAL but the peer has no sidecar',
    messageId: 'mismatch',
    resource: { kind: 'cluster', name: 'outbound|80||ratings' },
    location: { file: FILE_B, line: 9, column: 1, endLine: 9, endColumn: 2, pointer: '/dynamic_active_clusters/0/cluster/transport_socket' },
  }),
];

export function makeReport(findings: Finding[] = FINDINGS): Report {
  const summary = { error: 0, warning: 0, info: 0, failedInputs: 0 };
  for (const f of findings) summary[f.severity]++;
  return {
    version: 1,
    tool: { name: 'envoy-lint', version: '0.1.0' },
    inputs: [
      { file: FILE_A, status: 'ok', kind: 'config_dump', bytes: 512 },
      { file: FILE_B, status: 'ok', kind: 'istioctl', bytes: 128 },
      { file: FILE_CLEAN, status: 'ok', kind: 'bootstrap', bytes: 64 },
    ],
    proxies: [],
    findings,
    summary,
  };
}

export function makeContext(overrides: Partial<ReportContext> = {}): ReportContext {
  return {
    cwd: CWD,
    homepage: 'https://example.com/envoy-lint',
    color: false,
    rules: RULES,
    sourceLine(file, line) {
      const text = SOURCES[file];
      return text === undefined ? undefined : text.split('\n')[line - 1];
    },
    ...overrides,
  };
}

const GOLDEN_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');

/** Compare `actual` with test/report/golden/<name> exactly; with UPDATE_GOLDEN=1, write it instead. */
export function expectGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(`golden file ${name} is missing: run UPDATE_GOLDEN=1 npx vitest run test/report`);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}
