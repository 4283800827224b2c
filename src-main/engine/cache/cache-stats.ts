import type { CacheTier } from './cached-answer';

/** Upper bounds (µs) of the hit-latency histogram buckets; the last bucket is open. */
export const latencyBucketsUs = [25, 50, 100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 51_200, 102_400] as const;

/** Counter names as stored in `cache_counters`. */
export type CounterName =
  | `hits_${CacheTier}`
  | 'hits_similar'
  | 'misses'
  | 'stores'
  | 'evictions_memory'
  | 'evictions_sqlite'
  | 'expired_removed'
  | 'redis_skipped'
  | 'redis_errors'
  | 'redis_unmatched'
  | 'embedding_hits'
  | 'embedding_misses'
  | 'hit_latency_count'
  | 'hit_latency_us_sum'
  | `hit_latency_le_${string}`;

function bucketName(us: number): CounterName {
  const bound = latencyBucketsUs.find((limit) => us <= limit);
  return `hit_latency_le_${bound ?? 'inf'}`;
}

export interface CacheCounters {
  add: (name: CounterName, delta?: number) => Map<string, number>;
  recordHitLatency(ms: number): void;
  /** Pending deltas, cleared. */
  drain(): Map<string, number>;
  /** Pending deltas merged over the stored totals, without clearing. */
  mergedWith(stored: ReadonlyMap<string, number>): Map<string, number>;
}

/**
 * Cache counters of this process that are not yet written to SQLite. Counting happens in memory on
 * the hit path; `drain` hands the deltas to the store, so stats add up across restarts and hosts.
 */
export function createCacheCounters(): CacheCounters {
  let pending = new Map<string, number>();
  const add = (name: CounterName, delta = 1) => pending.set(name, (pending.get(name) ?? 0) + delta);
  return {
    add,
    recordHitLatency(ms: number): void {
      const us = Math.max(0, Math.round(ms * 1000));
      add('hit_latency_count');
      add('hit_latency_us_sum', us);
      add(bucketName(us));
    },
    /** Pending deltas, cleared. */
    drain(): Map<string, number> {
      const drained = pending;
      pending = new Map();
      return drained;
    },
    /** Pending deltas merged over the stored totals, without clearing. */
    mergedWith(stored: ReadonlyMap<string, number>): Map<string, number> {
      const merged = new Map(stored);
      for (const [name, delta] of pending) merged.set(name, (merged.get(name) ?? 0) + delta);
      return merged;
    },
  };
}

/** A latency quantile (ms) estimated from the histogram by interpolating inside the bucket it falls in. */
export function latencyQuantile(counters: ReadonlyMap<string, number>, quantile: number): number | null {
  const total = counters.get('hit_latency_count') ?? 0;
  if (total <= 0) return null;
  const target = quantile * total;
  let seen = 0;
  let lower = 0;
  for (const bound of [...latencyBucketsUs, Number.POSITIVE_INFINITY]) {
    const count = counters.get(`hit_latency_le_${Number.isFinite(bound) ? bound : 'inf'}`) ?? 0;
    if (count > 0 && seen + count >= target) {
      const upper = Number.isFinite(bound) ? bound : lower * 2;
      return (lower + ((target - seen) / count) * (upper - lower)) / 1000;
    }
    seen += count;
    if (Number.isFinite(bound)) lower = bound;
  }
  return lower / 1000;
}
