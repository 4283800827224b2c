import type { CacheStats } from '../../../src-shared/schemas/cache';
import type { QuarryMetrics } from './metric-definitions';

/**
 * Mirrors the answer cache's own cumulative statistics into the registry before each sample or
 * scrape. The cache already counts on its hot path (and across restarts), so reading its totals
 * and adding the growth costs the hit path nothing.
 */
export function createCacheCollector(metrics: QuarryMetrics, stats: () => CacheStats) {
  const seen = new Map<string, number>();
  const grow = (key: string, total: number, add: (delta: number) => void) => {
    const previous = seen.get(key);
    seen.set(key, total);
    // The first reading sets the baseline: totals from earlier runs are history, not this process's growth.
    if (previous !== undefined && total > previous) add(total - previous);
  };
  const m = metrics.cache;
  return {
    refresh(): void {
      const current = stats();
      for (const tier of ['memory', 'sqlite', 'redis'] as const) {
        grow(`hits.${tier}`, current.hitsByTier[tier], (delta) => m.hits.inc({ cache: `answer-${tier}` }, delta));
      }
      grow('hits.similar', current.similarHits, (delta) => m.hits.inc({ cache: 'answer-similar' }, delta));
      grow('misses', current.misses, (delta) => m.misses.inc({ cache: 'answer' }, delta));
      for (const tier of ['memory', 'sqlite'] as const) {
        grow(`evictions.${tier}`, current.evictions[tier], (delta) => m.evictions.inc({ cache: `answer-${tier}` }, delta));
        m.entries.set({ cache: `answer-${tier}` }, current.entries[tier]);
        m.sizeBytes.set({ cache: `answer-${tier}` }, current.bytes[tier]);
      }
      grow('embeddings.hits', current.embeddings.hits, (delta) => m.hits.inc({ cache: 'embedding' }, delta));
      grow('embeddings.misses', current.embeddings.misses, (delta) => m.misses.inc({ cache: 'embedding' }, delta));
      m.entries.set({ cache: 'embedding' }, current.embeddings.entries);
      if (current.hitLatencyMs.p50 !== null) m.hitLatency.set({ cache: 'answer', quantile: '0.5' }, current.hitLatencyMs.p50 / 1000);
      if (current.hitLatencyMs.p95 !== null) m.hitLatency.set({ cache: 'answer', quantile: '0.95' }, current.hitLatencyMs.p95 / 1000);
      grow('redis.errors', current.redis.errors, (delta) => m.redisErrors.inc(delta));
    },
  };
}
