// The sampled cluster sizes (model/build/size.ts): which clusters are measured, and that a measure is the compact
// JSON's UTF-8 size, taken when first read and kept.
import { describe, expect, it } from 'vitest';
import { EXACT_CLUSTERS, SAMPLE_EVERY, isSampled, measureCluster } from '../../src/model/build/size.js';

describe('cluster sizes', () => {
  it('measures the first clusters, then one in every SAMPLE_EVERY', () => {
    expect(isSampled(0)).toBe(true);
    expect(isSampled(EXACT_CLUSTERS - 1)).toBe(true);
    expect(isSampled(EXACT_CLUSTERS)).toBe(true);
    expect(isSampled(EXACT_CLUSTERS + 1)).toBe(false);
    expect(isSampled(EXACT_CLUSTERS + SAMPLE_EVERY - 1)).toBe(false);
    expect(isSampled(EXACT_CLUSTERS + SAMPLE_EVERY)).toBe(true);
  });

  it('is the compact JSON size in UTF-8 bytes, read like a plain field', () => {
    const value = { name: 'é', type: 'EDS', lb_policy: 'ROUND_ROBIN' };
    const node: { name: string; configBytes?: number } = { name: 'c' };
    measureCluster(0, node, value);
    // {"name":"é","type":"EDS","lb_policy":"ROUND_ROBIN"}: 51 characters, "é" two bytes in UTF-8.
    expect(node.configBytes).toBe(52);
    expect(JSON.parse(JSON.stringify(node))).toEqual({ name: 'c', configBytes: 52 });
    expect({ ...node }.configBytes).toBe(52);
  });

  it('measures a later cluster of the sample at once (its parse tree is not kept), and leaves the others alone', () => {
    const sampled: { configBytes?: number } = {};
    measureCluster(EXACT_CLUSTERS + SAMPLE_EVERY, sampled, { name: 'x' });
    expect(Object.getOwnPropertyDescriptor(sampled, 'configBytes')).toEqual({ value: 12, writable: true, enumerable: true, configurable: true });
    const skipped: { configBytes?: number } = {};
    measureCluster(EXACT_CLUSTERS + 1, skipped, { name: 'x' });
    expect('configBytes' in skipped).toBe(false);
  });
});
