import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import { stripXmlIllegal, xmlAttr } from '../../src/report/junit.js';
import type { Finding } from '../../src/engine/finding.js';
import { AWKWARD_NAME, FINDINGS, makeContext, makeReport } from './helpers.js';
import { parseXml } from './xml-check.js';

describe('xml checker (self-test)', () => {
  it('rejects malformed documents', () => {
    for (const bad of ['<a>', '<a></b>', '<a/><b/>', '<a x="1" x="2"/>', '<a>&nbsp;</a>', '<a>x & y</a>', '<a>\u0001</a>', '<a x=1/>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(parseXml('<?xml version="1.0"?>\n<a k="&quot;&#10;"><b/>t&amp;</a>\n')).toEqual({
      name: 'a',
      attributes: { k: '"\n' },
      children: [{ name: 'b', attributes: {}, children: [], text: '' }],
      text: 't&',
    });
  });
});

describe('junit reporter', () => {
  it('is well-formed, one suite per input file, one case per finding, a passing case per clean file', () => {
    const doc = parseXml(REPORTERS.junit(makeReport(), makeContext({ failOn: 'warning' })));
    expect(doc.name).toBe('testsuites');
    expect(doc.attributes).toMatchObject({ tests: '5', failures: '3', errors: '0' });
    const suites = doc.children;
    expect(suites.map((s) => s.attributes.name)).toEqual(['dumps/a.json', 'dumps/b config.json', 'dumps/clean.json']);
    expect(suites.map((s) => s.children.length)).toEqual([2, 2, 1]);
    const [a, b, clean] = suites;
    const first = a?.children[0];
    expect(first?.attributes.name).toBe(`route-unknown-cluster route_config ${AWKWARD_NAME} (4:62)`);
    expect(first?.children[0]?.name).toBe('failure');
    expect(first?.children[0]?.attributes.message).toBe(FINDINGS[0]?.message);
    // info passes, with its message in system-out
    expect(a?.children[1]?.children.map((c) => c.name)).toEqual(['system-out']);
    expect(b?.children.map((c) => c.children[0]?.name)).toEqual(['failure', 'failure']);
    expect(b?.children[0]?.children[0]?.attributes.message).toBe(FINDINGS[2]?.message);
    expect(clean?.children[0]).toMatchObject({ name: 'testcase', children: [], attributes: { name: 'no problems' } });
  });

  it('fails only the findings at or above the run\'s failing severity (error by default), so a green job shows no failed test', () => {
    const failuresAt = (failOn?: 'error' | 'warning' | 'info'): string[] => {
      const doc = parseXml(REPORTERS.junit(makeReport(), makeContext(failOn ? { failOn } : {})));
      const severities = FINDINGS.map((f) => f.severity);
      expect(doc.children.flatMap((s) => s.children).filter((c) => c.attributes.name !== 'no problems')).toHaveLength(severities.length);
      return [doc.attributes.failures ?? '', ...doc.children.map((s) => s.attributes.failures ?? '')];
    };
    const count = (min: number): string => String(FINDINGS.filter((f) => ({ info: 1, warning: 2, error: 3 })[f.severity] >= min).length);
    expect(failuresAt()[0]).toBe(count(3));
    expect(failuresAt('error')[0]).toBe(count(3));
    expect(failuresAt('warning')[0]).toBe(count(2));
    expect(failuresAt('info')[0]).toBe(count(1));
    expect(Number(count(2))).toBeGreaterThan(Number(count(3)));
  });

  it('escapes markup and strips characters XML 1.0 forbids', () => {
    const hostile: Finding = {
      ...(FINDINGS[0] as Finding),
      message: 'a <b>&amp; "q" \'s\' ]]> \u0000\u0007\u001b[31m\ud800 \uffff end',
      resource: { kind: 'cluster', name: '</testcase><testcase name="x">\u000b' },
    };
    const out = REPORTERS.junit(makeReport([hostile]), makeContext());
    const doc = parseXml(out);
    const failure = doc.children[0]?.children[0]?.children[0];
    expect(failure?.attributes.message).toBe('a <b>&amp; "q" \'s\' ]]> [31m  end');
    expect(doc.children[0]?.children[0]?.attributes.name).toContain('</testcase><testcase name="x">');
    expect(doc.children[0]?.children).toHaveLength(1);
  });

  it('helpers', () => {
    expect(stripXmlIllegal('a\u0000b\u0008c\td\ne\rf\ufffeg\u{1f600}')).toBe('abc\td\ne\rfg\u{1f600}');
    expect(xmlAttr('<"&\'>\n\t')).toBe('&lt;&quot;&amp;\'&gt;&#10;&#9;');
  });

  it('a report with no inputs and no findings is still a well-formed document', () => {
    const report = { ...makeReport([]), inputs: [] };
    const doc = parseXml(REPORTERS.junit(report, makeContext()));
    expect(doc).toMatchObject({ name: 'testsuites', children: [], attributes: { tests: '0' } });
  });
});
