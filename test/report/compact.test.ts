import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import type { Finding } from '../../src/engine/finding.js';
import { FINDINGS, makeContext, makeReport } from './helpers.js';

// The `$eslint-compact` problem matcher's pattern, as in VS Code's src/vs/workbench/contrib/tasks/common/problemMatcher.ts.
const ESLINT_COMPACT = /^(.+):\sline\s(\d+),\scol\s(\d+),\s(Error|Warning|Info)\s-\s(.+)\s\((.+)\)$/;

const LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

function matchAll(findings: Finding[]): RegExpExecArray[] {
  const out = REPORTERS.compact(makeReport(findings), makeContext());
  expect(out.endsWith('\n')).toBe(true);
  const lines = out.slice(0, -1).split('\n');
  expect(lines).toHaveLength(findings.length);
  return lines.map((line) => {
    const match = ESLINT_COMPACT.exec(line);
    expect(match, line).not.toBeNull();
    return match as RegExpExecArray;
  });
}

describe('compact reporter and the $eslint-compact problem matcher', () => {
  it('every line matches, with the right groups', () => {
    const matches = matchAll(FINDINGS);
    FINDINGS.forEach((finding, i) => {
      const m = matches[i];
      expect(m?.[1]).toBe(finding.location.file); // absolute path
      expect(m?.[2]).toBe(String(finding.location.line));
      expect(m?.[3]).toBe(String(finding.location.column));
      expect(m?.[4]).toBe(LABEL[finding.severity]);
      expect(m?.[6]).toBe(finding.ruleId);
    });
    expect(matches[0]?.[5]).toBe(FINDINGS[0]?.message);
    expect(matches[2]?.[5]).toBe('Cluster has no endpoints; 100% of requests fail\\x0a(checked EDS)');
  });

  it('relative finding paths are made absolute against cwd', () => {
    const base = FINDINGS[0] as Finding;
    const [m] = matchAll([{ ...base, location: { ...base.location, file: 'sub/x.json' } }]);
    expect(m?.[1]).toBe('/work/project/sub/x.json');
  });

  it('messages cannot forge the file, position, severity or rule', () => {
    const base = FINDINGS[0] as Finding;
    const hostile: Finding = {
      ...base,
      message: 'x: line 99, col 1, Error - evil (other-rule)\n/etc/passwd: line 1, col 1, Error - y (z)',
      resource: { kind: 'cluster', name: 'a: line 5, col 5, Info - b' },
    };
    const [m] = matchAll([hostile]);
    expect(m?.[1]).toBe(base.location.file);
    expect(m?.[2]).toBe(String(base.location.line));
    expect(m?.[3]).toBe(String(base.location.column));
    expect(m?.[4]).toBe('Error');
    expect(m?.[6]).toBe(base.ruleId);
  });

  it('prints nothing when there are no findings', () => {
    expect(REPORTERS.compact(makeReport([]), makeContext())).toBe('');
  });
});
