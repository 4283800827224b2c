import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { histogramQuantile, snapshotRegistry, type HistogramMemory } from '../../../../src-main/engine/monitor/snapshot';

describe('histogram snapshots', () => {
  it('interpolates quantiles inside buckets like histogram_quantile', () => {
    const buckets = [
      { le: 0.1, count: 50 },
      { le: 0.5, count: 90 },
      { le: 1, count: 100 },
      { le: Infinity, count: 100 },
    ];
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1);
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.3);
    expect(histogramQuantile(0.95, buckets)).toBeCloseTo(0.75);
    expect(histogramQuantile(0.5, [{ le: Infinity, count: 0 }])).toBeNull();
  });

  it('derives per-interval quantiles from bucket growth since the previous snapshot', async () => {
    const registry = new Registry();
    const histogram = new Histogram({
      name: 'quarry_test_seconds',
      help: 'h',
      labelNames: ['stage'],
      buckets: [0.1, 1, 10],
      registers: [registry],
    });
    const memory: HistogramMemory = new Map();
    for (let i = 0; i < 10; i++) histogram.observe({ stage: 'dense' }, 0.05);
    const first = await snapshotRegistry(registry, memory);
    expect(first.find((s) => s.name === 'quarry_test_seconds:p95')!.value).toBeLessThanOrEqual(0.1);
    for (let i = 0; i < 10; i++) histogram.observe({ stage: 'dense' }, 5);
    const second = await snapshotRegistry(registry, memory);
    // Only the slow observations happened in this interval.
    expect(second.find((s) => s.name === 'quarry_test_seconds:p50')!.value).toBeGreaterThan(1);
    expect(second.find((s) => s.name === 'quarry_test_seconds_count')).toMatchObject({
      labels: '{"stage":"dense"}',
      kind: 'counter',
      value: 20,
    });
    const third = await snapshotRegistry(registry, memory);
    expect(third.some((s) => s.name.includes(':p'))).toBe(false);
  });
});
