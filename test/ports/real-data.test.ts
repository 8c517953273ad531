// The port rules over real data: every real iptables file alone, real dumps alone, and sensible dump + iptables pairs.
// Nothing may fire that an Istio engineer would call wrong; the non-default rule sets fire exactly what they mean.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES } from '../../rules/index.js';
import { lintInputs } from '../../src/pipeline/lint.js';

const ROOT = path.resolve(__dirname, '../..');
const PORT_RULE_IDS = ['iptables-redirect-without-listener', 'inbound-port-not-captured', 'missing-port-listener', 'blackhole-fallthrough', 'outbound-capture-gap', 'iptables-parse-error'];
const PORT_RULES = BUILTIN_RULES.filter((r) => PORT_RULE_IDS.includes(r.id));
const IPTABLES = path.join(ROOT, 'fixtures/iptables');
const REAL = path.join(ROOT, 'fixtures/real');
const iptablesFiles = fs.readdirSync(IPTABLES).filter((f) => !f.endsWith('.md')).sort();
const dumps = fs.readdirSync(REAL).filter((f) => !f.endsWith('.md')).sort();
/** A recent real sidecar (virtualOutbound 15001, virtualInbound 15006 with a chain for port 80, 15008, 15021, 15090). */
const SIDECAR = path.join(REAL, 'istioctl_pkg_authz_testdata_configdump.yaml');

function findings(paths: string[]): string[] {
  const { report } = lintInputs(paths, { rules: PORT_RULES });
  return report.findings.map((f) => `${path.basename(f.location.file)}:${f.location.line} ${f.severity} ${f.ruleId}`);
}
const notInfo = (lines: string[]): string[] => lines.filter((l) => !l.includes(' info '));

describe('real iptables alone', () => {
  for (const file of iptablesFiles) {
    it(file, () => {
      const out = findings([path.join(IPTABLES, file)]);
      if (file.startsWith('001_') || file.startsWith('002_')) {
        // The damaged seed paste: its five mangled chain declarations, and nothing else.
        expect(notInfo(out)).toHaveLength(5);
        expect(notInfo(out).every((l) => l.endsWith('error iptables-parse-error'))).toBe(true);
      } else {
        expect(notInfo(out)).toEqual([]);
      }
      // Without listeners, redirects are not called dangling: at most one note says they were not checked.
      expect(out.filter((l) => l.endsWith('info iptables-redirect-without-listener')).length).toBeLessThanOrEqual(1);
    });
  }
});

describe('real dumps alone', () => {
  for (const file of dumps) {
    it(file, () => {
      const out = findings([path.join(REAL, file)]);
      expect(notInfo(out)).toEqual([]);
      // The only note: a sidecar linted without its iptables.
      for (const line of out) expect(line).toMatch(/info inbound-port-not-captured$/);
    });
  }
});

describe('a real sidecar dump with the default rule sets', () => {
  const DEFAULT_RULE_SETS = iptablesFiles.filter((f) => /^(seed-istio-sidecar|cni_pkg_plugin_testdata_status-ports|cni_pkg_plugin_testdata_tproxy|000_)/.test(f));
  it('covers the default, status-ports and TPROXY sets in every format', () => expect(DEFAULT_RULE_SETS).toHaveLength(10));
  for (const file of DEFAULT_RULE_SETS) {
    it(file, () => {
      const out = findings([SIDECAR, path.join(IPTABLES, file)]);
      expect(notInfo(out)).toEqual([]);
      // `iptables -t nat -L` without -v hides `-o lo`: outbound capture is not judged from it, and the rule says so.
      expect(out).toEqual(file.endsWith('nat-L.txt') ? [`${file}:1 info outbound-capture-gap`] : []);
    });
  }
});

describe('a real sidecar dump with rule sets that capture less, written from reading the rules', () => {
  const pair = (file: string): string[] => [...new Set(notInfo(findings([SIDECAR, path.join(IPTABLES, file)])).map((l) => l.replace(/^[^ ]+ /, '')))].sort();
  it('include-exclude-ports: inbound capture is limited to 1111 and 2222, so port 80 bypasses the proxy', () => {
    expect(pair('cni_pkg_plugin_testdata_include-exclude-ports.iptables-save.txt')).toEqual(['warning inbound-port-not-captured']);
  });
  it('outbound-ports-include: only 31000 and 32000 go out through the proxy, and nothing comes in', () => {
    expect(pair('tools_istio-iptables_pkg_capture_testdata_outbound-ports-include.iptables-save.txt')).toEqual(['warning inbound-port-not-captured', 'warning outbound-capture-gap']);
  });
  it('ip-range: outbound capture only for 9.9.0.0/16, which holds none of the service addresses', () => {
    expect(pair('tools_istio-iptables_pkg_capture_testdata_ip-range.iptables-save.txt')).toEqual(['warning inbound-port-not-captured', 'warning outbound-capture-gap']);
  });
  it('the TPROXY + DNS golden: inbound all captured by TPROXY, outbound only for 9.9.0.0/16', () => {
    expect(pair('tools_istio-iptables_pkg_capture_testdata_tproxy.iptables-save.txt')).toEqual(['warning outbound-capture-gap']);
  });
  it('the nat view of the TPROXY golden does not show mangle: inbound is not judged from it', () => {
    expect(pair('tools_istio-iptables_pkg_capture_testdata_tproxy.nat-L-n-v.txt')).toEqual(['warning outbound-capture-gap']);
  });
  it('dns-uid-gid: the proxy runs as uids 3,4 / gids 1,2, which the rules exclude: no loop reported', () => {
    expect(findings([SIDECAR, path.join(IPTABLES, 'tools_istio-iptables_pkg_capture_testdata_dns-uid-gid.iptables-save.txt')]).some((l) => l.includes('outbound-capture-gap') && l.includes(':34 '))).toBe(false);
  });
});

describe('planted pairs', () => {
  const healthy = path.join(ROOT, 'fixtures/missing-port-listener/pass/healthy-sidecar');
  it('the healthy pair gives no finding from any port rule', () => {
    expect(findings(fs.readdirSync(healthy).map((f) => path.join(healthy, f)))).toEqual([]);
  });

  for (const rule of PORT_RULE_IDS) {
    const dir = path.join(ROOT, 'fixtures', rule, 'fail');
    for (const name of fs.readdirSync(dir)) {
      it(`${rule}/${name}: the planted defect is reported once by its rule, with every port rule on`, () => {
        const files = fs.readdirSync(path.join(dir, name)).filter((f) => f !== 'expected').map((f) => path.join(dir, name, f));
        const expected = fs.readFileSync(path.join(dir, name, 'expected'), 'utf8').trim().split('\n').map((l) => { const [where, severity, id] = l.split(' '); return `${(where ?? '').replace(/:\d+$/, '')} ${severity} ${(id ?? '').split('/')[0] ?? ''}`; });
        const out = findings(files);
        for (const e of expected) expect(out.filter((l) => l === e), e).toHaveLength(1);
      });
    }
  }

  it('the README example shows exactly one port finding: port 9080 excluded from inbound capture', () => {
    const example = path.join(ROOT, 'fixtures/example');
    expect(findings([path.join(example, 'config_dump.json'), path.join(example, 'iptables-save.txt')])).toEqual(['iptables-save.txt:18 warning inbound-port-not-captured']);
  });
});
