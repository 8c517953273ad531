// Ignore entries: rule id + micromatch glob over the resource name, with Envoy's `|` taken literally.
import { describe, expect, it } from 'vitest';
import { applyIgnores, globProblem, ignoreMatchers, literalPipes } from '../../src/config/ignore.js';
import type { Finding } from '../../src/engine/finding.js';

function finding(ruleId: string, name: string): Finding {
  return { ruleId, severity: 'warning', message: 'm', messageId: 'm', resource: { kind: 'cluster', name }, location: { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1, pointer: '' } };
}

const REVIEWS = 'outbound|9080||reviews.default.svc.cluster.local';
const DNS = 'outbound|53||kube-dns.kube-system.svc.cluster.local';

function kept(resource: string | undefined, names: string[], rule = 'cluster-without-endpoints'): string[] {
  const entry = { rule, reason: 'test', ...(resource !== undefined ? { resource } : {}) };
  return applyIgnores(names.map((n) => finding('cluster-without-endpoints', n)), ignoreMatchers([entry])).map((f) => f.resource.name);
}

describe('ignore entries', () => {
  it('match the example glob from the docs', () => {
    expect(kept('outbound|*||*.kube-system.svc.cluster.local', [REVIEWS, DNS])).toEqual([REVIEWS]);
  });

  it('take | literally, so a pattern cannot turn into "match everything"', () => {
    expect(kept('outbound|9080||*', [REVIEWS, DNS])).toEqual([DNS]);
    expect(kept('inbound|*', [REVIEWS])).toEqual([REVIEWS]);
    expect(literalPipes('a|b@(c|d)\\|e')).toBe('a\\|b@(c|d)\\|e');
  });

  it('keep extglob alternatives working', () => {
    expect(kept('outbound|*||@(reviews|ratings).default.svc.cluster.local', [REVIEWS, DNS])).toEqual([DNS]);
  });

  it('without a resource, drop every finding of the rule and only of that rule', () => {
    expect(kept(undefined, [REVIEWS, DNS])).toEqual([]);
    expect(kept(undefined, [REVIEWS], 'dangling-cluster')).toEqual([REVIEWS]);
  });

  it('reject malformed globs', () => {
    for (const glob of ['foo[', 'foo]', 'a(b', '{a,b', '[a-']) expect(globProblem(glob), glob).toMatch(/^malformed glob/);
    for (const glob of ['outbound|*||*.svc.cluster.local', '*', 'a\\[b', '@(a|b)', '{a,b}']) expect(globProblem(glob), glob).toBeUndefined();
  });
});
