import type { Registry } from 'prom-client';

export type SeriesKind = 'counter' | 'gauge' | 'derived';

/** One number the sampler stores: a series (name + label set) and its value at this instant. */
export interface FlatSample {
  readonly name: string;
  /** Canonical JSON of the labels with sorted keys, or '' when there are none. */
  readonly labels: string;
  readonly kind: SeriesKind;
  readonly value: number;
}

export interface BucketCount {
  readonly le: number;
  readonly count: number;
}

/** Cumulative bucket counts of each histogram label set, kept between snapshots to derive quantiles. */
export type HistogramMemory = Map<string, BucketCount[]>;

export const histogramQuantiles = [0.5, 0.95, 0.99] as const;

/** Labels as a stable key: sorted, JSON, '' for none. */
export function canonicalLabels(labels: Readonly<Record<string, string | number | undefined>>): string {
  const keys = Object.keys(labels)
    .filter((key) => labels[key] !== undefined)
    .sort();
  if (keys.length === 0) return '';
  return JSON.stringify(Object.fromEntries(keys.map((key) => [key, String(labels[key])])));
}

/**
 * The q-quantile of observations in cumulative buckets, by linear interpolation inside the bucket
 * it falls in (what Prometheus' histogram_quantile does). Null without observations.
 */
export function histogramQuantile(q: number, buckets: readonly BucketCount[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let previousLe = 0;
  let previousCount = 0;
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      if (!Number.isFinite(bucket.le)) return previousLe;
      const inBucket = bucket.count - previousCount;
      if (inBucket <= 0) return bucket.le;
      return previousLe + (bucket.le - previousLe) * ((rank - previousCount) / inBucket);
    }
    previousLe = bucket.le;
    previousCount = bucket.count;
  }
  return previousLe;
}

interface HistogramGroup {
  labels: Record<string, string | number>;
  buckets: BucketCount[];
  sum: number;
  count: number;
}

/**
 * Flattens a registry into samples. Counters and gauges pass through; a histogram becomes its
 * cumulative `_count` and `_sum` plus, for the interval since the previous snapshot, its mean and
 * quantiles (`name:avg`, `name:p95`…), which are what a dashboard or an alert wants to look at.
 */
export async function snapshotRegistry(registry: Registry, memory: HistogramMemory): Promise<FlatSample[]> {
  const samples: FlatSample[] = [];
  for (const metric of await registry.getMetricsAsJSON()) {
    const type = String(metric.type);
    if (type === 'counter' || type === 'gauge') {
      for (const value of metric.values) {
        samples.push({ name: metric.name, labels: canonicalLabels(value.labels), kind: type, value: value.value });
      }
      continue;
    }
    if (type !== 'histogram') continue;
    const groups = new Map<string, HistogramGroup>();
    for (const value of metric.values) {
      const { le, ...labels } = value.labels as Record<string, string | number>;
      const key = canonicalLabels(labels);
      const group = groups.get(key) ?? { labels, buckets: [], sum: 0, count: 0 };
      groups.set(key, group);
      const metricName = (value as { metricName?: string }).metricName ?? '';
      if (metricName.endsWith('_bucket')) group.buckets.push({ le: le === '+Inf' ? Infinity : Number(le), count: value.value });
      else if (metricName.endsWith('_sum')) group.sum = value.value;
      else if (metricName.endsWith('_count')) group.count = value.value;
    }
    for (const [key, group] of groups) {
      samples.push({ name: `${metric.name}_count`, labels: key, kind: 'counter', value: group.count });
      samples.push({ name: `${metric.name}_sum`, labels: key, kind: 'counter', value: group.sum });
      const memoryKey = `${metric.name}|${key}`;
      const previous = memory.get(memoryKey);
      memory.set(memoryKey, group.buckets);
      const before = new Map((previous ?? []).map((bucket) => [bucket.le, bucket.count]));
      // A count lower than before means the process restarted: the whole histogram is new.
      const reset = group.buckets.some((bucket) => bucket.count < (before.get(bucket.le) ?? 0));
      const delta = group.buckets.map((bucket) => ({ le: bucket.le, count: bucket.count - (reset ? 0 : (before.get(bucket.le) ?? 0)) }));
      const observed = delta.reduce((max, bucket) => Math.max(max, bucket.count), 0);
      if (observed === 0) continue;
      for (const q of histogramQuantiles) {
        const value = histogramQuantile(q, delta);
        if (value !== null) samples.push({ name: `${metric.name}:p${Math.round(q * 100)}`, labels: key, kind: 'derived', value });
      }
    }
  }
  return samples;
}
