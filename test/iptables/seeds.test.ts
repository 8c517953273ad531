import { describe, expect, it } from 'vitest';
import { inboundByPort, outboundByPort } from '../../src/model/interception/index.js';
import { brief, outcomesOnly, parseFixture } from './helpers.js';

// Seeds 001 (Korean) and 002 (English) paste the same damaged iptables-save output: the chain
// declarations after `:OUTPUT` are mangled (lines 46-50 in 001, 41-45 in 002).
describe('damaged iptables-save paste in seed articles', () => {
  it('001: one located error per mangled declaration line, prose ignored', () => {
    const p = parseFixture('001_e9eab9ccefadcf0e.txt');
    expect(p.errors.map((e) => [e.line, e.column, e.text])).toEqual([
      [46, 17, 'accpt'], // `:postprocessing accpt ...`: a user chain needs policy `-`
      [47, 24, ':istio_in_routing - [0:0'], // a second declaration on the same line
      [48, 28, ':ISTIO_OUTPUT - [0:0'],
      [49, 23, ':ISTIO_REDIRECT - [0:0] :ISTIO_REDIRECT - [0:0'],
      [50, 25, ':ISTIO_REDIRECT - [0:0]'],
    ]);
    expect(p.errors[0]?.expected).toMatch(/user chains have no policy/);
    expect(p.errors[1]?.expected).toBe('end of line');
  });

  it('002: same damage at lines 41-45', () => {
    const p = parseFixture('002_984ac68ee5a261b4.txt');
    expect(p.errors.map((e) => e.line)).toEqual([41, 42, 43, 44, 45]);
  });

  it('keeps the valid rules: all 19 `-A` lines, and the model answers as for the intact seed 000', () => {
    const damaged = parseFixture('001_e9eab9ccefadcf0e.txt').families;
    const intact = parseFixture('000_cdeaf717c928d513.txt').families;
    expect(damaged).toHaveLength(1);
    const rules = damaged[0]?.tables[0]?.chains.flatMap((c) => c.rules.map((r) => r.line)) ?? [];
    expect(rules.sort((a, b) => a - b)).toEqual(Array.from({ length: 19 }, (_, i) => 51 + i));
    const d = damaged[0];
    const i = intact[0];
    if (!d || !i) throw new Error('missing rule set');
    expect(outcomesOnly(inboundByPort(d))).toEqual(outcomesOnly(inboundByPort(i)));
    // Port 22 returns at line 54 of 001 (`--dport 22 -j RETURN`); other ports redirect at line 59.
    expect(brief(inboundByPort(d)).slice(0, 3)).toEqual(['1-21 redirect:15006 @59', '22-22 bypass/RETURN @54', '23-15007 redirect:15006 @59']);
    expect(brief(outboundByPort(d, { uid: 1000 }))).toEqual(['1-65535 redirect:15001 @69']);
  });

  it('000: the intact paste parses without errors', () => {
    expect(parseFixture('000_cdeaf717c928d513.txt').errors).toEqual([]);
  });

  it('003: a `-L -t nat` view (service names) and an annotated iptables-save dump', () => {
    const p = parseFixture('003_76e421364161f530.txt');
    expect(p.errors).toEqual([]);
    expect(p.families.map((f) => [f.format, f.family, f.line, f.tables.map((t) => t.name)])).toEqual([
      ['list', 'ipv4', 115, ['nat']],
      ['save', 'ipv4', 155, ['mangle', 'nat', 'filter']],
    ]);
    const [view, save] = p.families;
    if (!view || !save) throw new Error('missing rule sets');
    // `tcp dpt:ssh` (line 131) is port 22; trailing `# ...` notes on the save lines are ignored.
    expect(brief(inboundByPort(view))).toContain('22-22 bypass/RETURN @131');
    expect(brief(inboundByPort(save))).toContain('22-22 bypass/RETURN @175');
    expect(outcomesOnly(inboundByPort(view))).toEqual(outcomesOnly(inboundByPort(save)));
  });

  it('004: prose with only a command mention yields nothing and no errors', () => {
    const p = parseFixture('004_cd520b902debc3e6.txt');
    expect(p.errors).toEqual([]);
    expect(p.families).toEqual([]);
  });
});
