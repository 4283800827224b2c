import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { AnswerResult } from '../../../src-shared/schemas/answer';
import type { CacheStats } from '../../../src-shared/schemas/cache';
import type { Db } from '../store/database';
import { answerKey, type AnswerKey } from './answer-key';
import { createAnswerCacheStore, type LoggedQuestion } from './answer-cache-store';
import { entryBytes, type CacheHit, type CacheTier, type CachedAnswer } from './cached-answer';
import { createCacheCounters, latencyQuantile, type CacheCounters } from './cache-stats';
import type { AnswerCacheOptions } from './cache-options';
import { createRedisTier } from './redis-tier';
import { createSharedAnswers, type SharedAnswer } from './shared-answers';
import { closestQuestion } from './similar-questions';

/** What the answer service knows before it retrieves or generates anything. */
export interface AnswerCacheRequest {
  readonly question: string;
  readonly collection: string | null;
  readonly mode: string;
  readonly topK: number;
  readonly override: string | null;
  /** Earlier turns the answerer is given; empty when it answers each question on its own. */
  readonly context: readonly string[];
  readonly route: { readonly provider: string; readonly model: string };
  readonly promptVersion: string;
  /** Any further setting that changes the answer. */
  readonly settings?: unknown;
  /** The scope holds private material: its answers never go to, nor are looked up in, the team tier. */
  readonly private?: boolean;
}

/** A request with its keys computed; pass it back to `lookup` and `store`. */
export interface PreparedLookup {
  readonly request: AnswerCacheRequest;
  readonly key: AnswerKey;
  readonly localVersion: string;
  embedding?: Float32Array | null;
}

export interface AnswerCacheDeps {
  readonly db: Db;
  readonly options: AnswerCacheOptions;
  readonly logger: Logger;
  /** Embeds a question for the similar-question match; only called when that is enabled. */
  readonly embedQuestion?: (question: string) => Promise<Float32Array | null>;
}

interface MemoryEntry {
  readonly answer: CachedAnswer;
  readonly bytes: number;
}

/** Question embeddings with fewer dimensions are not used for the similar-question match. */
export const minSimilarDimensions = 32;

export interface AnswerCache {
  /** Computes the keys of a request (reading the scope's index version) and logs the question. */
  prepare(request: AnswerCacheRequest): PreparedLookup;
  /** Memory, then SQLite, then Redis, then (when enabled) a similar question; null on a miss. */
  lookup(prepared: PreparedLookup): Promise<CacheHit | null>;
  /** Keeps a complete answer; call only for answers that were not cancelled and did not fail. */
  store(prepared: PreparedLookup, result: AnswerResult, generatedMs: number): void;
  stats(): CacheStats;
  /** Drops expired answers from SQLite (memory entries expire by themselves). */
  deleteExpired(): number;
  /** Drops every cached answer of this library, in every process (the team tier keeps its own TTL). */
  clear(): {
    removed: number;
  };
  topQuestions(limit: number): LoggedQuestion[];
  /** The index version of a scope, as keys use it. */
  indexVersion: (collection: string | null) => string;
  counters: CacheCounters;
  flush: () => void;
  close(): Promise<void>;
}

/** The answer cache: in-memory LRU over the SQLite table, and optionally the team's Redis. */
export function createAnswerCache(deps: AnswerCacheDeps): AnswerCache {
  const { db, options, logger } = deps;
  const store = createAnswerCacheStore(db);
  const counters = createCacheCounters();
  const shared = createSharedAnswers(db);
  const redis = options.redis ? createRedisTier(options.redis, counters, logger) : null;
  const memory = new LRUCache<string, MemoryEntry>({
    max: options.memoryMaxEntries,
    maxSize: options.memoryMaxBytes,
    sizeCalculation: (entry) => Math.max(1, entry.bytes),
    dispose: (_entry, _key, reason) => {
      if (reason === 'evict') counters.add('evictions_memory');
    },
  });
  const touched = new Map<string, { at: number; hits: number }>();
  const asked = new Map<string, LoggedQuestion & { normalized: string; at: number }>();
  const flushTimer = setInterval(() => flush(), options.flushIntervalMs);
  flushTimer.unref();

  function flush(): void {
    try {
      const deltas = counters.drain();
      if (deltas.size > 0) store.addCounters(deltas);
      if (touched.size > 0) store.touch(new Map(touched));
      touched.clear();
      if (asked.size > 0) store.logQuestions([...asked.values()]);
      asked.clear();
    } catch (error) {
      logger.error({ err: error }, 'could not write cache counters');
    }
  }

  function remember(key: string, answer: CachedAnswer, bytes: number, expiresAt: number, now: number): void {
    if (expiresAt > now) memory.set(key, { answer, bytes }, { ttl: expiresAt - now });
  }

  function local(key: string, now: number): { answer: CachedAnswer; tier: CacheTier } | null {
    const inMemory = memory.get(key);
    if (inMemory) {
      const seen = touched.get(key);
      touched.set(key, { at: now, hits: (seen?.hits ?? 0) + 1 });
      return { answer: inMemory.answer, tier: 'memory' };
    }
    const stored = store.get(key, now);
    if (!stored) return null;
    remember(key, stored.answer, stored.bytes, stored.expiresAt, now);
    touched.set(key, { at: now, hits: (touched.get(key)?.hits ?? 0) + 1 });
    return { answer: stored.answer, tier: 'sqlite' };
  }

  function sharedKey(prepared: PreparedLookup): string {
    const fingerprint = shared.fingerprint(prepared.request.collection, prepared.localVersion);
    return answerKey({ ...keyParts(prepared.request), indexVersion: `shared:${fingerprint}` }).key;
  }

  async function fromRedis(prepared: PreparedLookup, now: number): Promise<CachedAnswer | null> {
    if (!redis || prepared.request.private) return null;
    const json = await redis.get(sharedKey(prepared));
    if (!json) return null;
    let parsed: SharedAnswer;
    try {
      parsed = JSON.parse(json) as SharedAnswer;
    } catch {
      // Another writer's bad value must not fail the question: it is a miss.
      counters.add('redis_errors');
      return null;
    }
    const answer = Array.isArray(parsed.citations) ? shared.toLocal(parsed, prepared.request.collection) : null;
    if (!answer) {
      counters.add('redis_unmatched');
      return null;
    }
    if (answer.createdAt + options.ttlMs <= now) return null;
    persist(prepared, answer, now, false);
    return answer;
  }

  async function fromSimilar(
    prepared: PreparedLookup,
    now: number,
  ): Promise<{ answer: CachedAnswer; tier: CacheTier; similarTo: string } | null> {
    if (!options.similar.enabled || !deps.embedQuestion) return null;
    prepared.embedding = await deps.embedQuestion(prepared.key.normalizedQuestion);
    // A space of a few dimensions (the built-in embedder of a small library has one per chunk) puts
    // unrelated questions side by side; matching there would serve wrong answers.
    if (!prepared.embedding || prepared.embedding.length < minSimilarDimensions) return null;
    const closest = closestQuestion(prepared.embedding, store.family(prepared.key.family, now), options.similar.maxDistance);
    const found = closest ? local(closest.entry.key, now) : null;
    return found ? { ...found, similarTo: found.answer.question } : null;
  }

  /** Writes an answer to memory and SQLite (and Redis when `share`), then keeps both within bounds. */
  function persist(prepared: PreparedLookup, answer: CachedAnswer, now: number, share: boolean): void {
    const json = JSON.stringify(answer);
    const bytes = entryBytes(json, prepared.embedding ?? null);
    const expiresAt = answer.createdAt + options.ttlMs;
    remember(prepared.key.key, answer, bytes, expiresAt, now);
    store.put(
      {
        key: prepared.key.key,
        family: prepared.key.family,
        normalizedQuestion: prepared.key.normalizedQuestion,
        json,
        bytes,
        embedding: prepared.embedding ?? null,
        documentIds: [...new Set(answer.citations.map((citation) => citation.documentId))],
        expiresAt,
      },
      now,
    );
    counters.add('stores');
    const evicted = store.enforceBounds(options.storeMaxEntries, options.storeMaxBytes);
    if (evicted > 0) counters.add('evictions_sqlite', evicted);
    if (share && redis && !prepared.request.private) {
      const sharedAnswer = shared.toShared(answer);
      if (sharedAnswer) redis.set(sharedKey(prepared), JSON.stringify(sharedAnswer), expiresAt - now);
    }
  }

  return {
    /** Computes the keys of a request (reading the scope's index version) and logs the question. */
    prepare(request: AnswerCacheRequest): PreparedLookup {
      const localVersion = store.indexVersion(request.collection);
      const key = answerKey({ ...keyParts(request), indexVersion: localVersion });
      const logKey = `${key.normalizedQuestion}\u0000${request.collection ?? ''}\u0000${request.mode}\u0000${request.topK}`;
      const logged = asked.get(logKey);
      asked.set(logKey, {
        normalized: key.normalizedQuestion,
        question: request.question,
        collection: request.collection,
        mode: request.mode,
        topK: request.topK,
        asks: (logged?.asks ?? 0) + 1,
        at: Date.now(),
      });
      return { request, key, localVersion };
    },

    /** Memory, then SQLite, then Redis, then (when enabled) a similar question; null on a miss. */
    async lookup(prepared: PreparedLookup): Promise<CacheHit | null> {
      if (!options.enabled) return null;
      const started = performance.now();
      const now = Date.now();
      let hit: CacheHit | null = null;
      const found = local(prepared.key.key, now);
      if (found) hit = { ...found, similarTo: null };
      const shared = hit ? null : await fromRedis(prepared, now);
      if (shared) hit = { answer: shared, tier: 'redis', similarTo: null };
      const similar = hit ? null : await fromSimilar(prepared, now);
      if (similar) {
        hit = similar;
        counters.add('hits_similar');
      }
      if (!hit) {
        counters.add('misses');
        return null;
      }
      counters.add(`hits_${hit.tier}`);
      counters.recordHitLatency(performance.now() - started);
      return hit;
    },

    /** Keeps a complete answer; call only for answers that were not cancelled and did not fail. */
    store(prepared: PreparedLookup, result: AnswerResult, generatedMs: number): void {
      if (!options.enabled) return;
      const answer: CachedAnswer = {
        question: result.question,
        answer: result.answer,
        noAnswer: result.noAnswer,
        citations: result.citations,
        route: result.route,
        generatedMs,
        createdAt: Date.now(),
      };
      persist(prepared, answer, answer.createdAt, true);
    },

    stats(): CacheStats {
      const totals = counters.mergedWith(store.counters());
      const count = (name: string) => totals.get(name) ?? 0;
      const hitsByTier = { memory: count('hits_memory'), sqlite: count('hits_sqlite'), redis: count('hits_redis') };
      const hits = hitsByTier.memory + hitsByTier.sqlite + hitsByTier.redis;
      const latencyCount = count('hit_latency_count');
      const embeddingEntries = Number(db.prepare('SELECT count(*) FROM embedding_cache').pluck().get());
      return {
        hits,
        misses: count('misses'),
        hitRate: hits + count('misses') > 0 ? hits / (hits + count('misses')) : 0,
        hitsByTier,
        similarHits: count('hits_similar'),
        stores: count('stores'),
        evictions: { memory: count('evictions_memory'), sqlite: count('evictions_sqlite') },
        expiredRemoved: count('expired_removed'),
        entries: { memory: memory.size, sqlite: count('stored_entries') },
        bytes: { memory: memory.calculatedSize, sqlite: count('stored_bytes') },
        hitLatencyMs: {
          count: latencyCount,
          mean: latencyCount > 0 ? count('hit_latency_us_sum') / latencyCount / 1000 : null,
          p50: latencyQuantile(totals, 0.5),
          p95: latencyQuantile(totals, 0.95),
        },
        redis: {
          configured: redis !== null,
          status: redis?.status() ?? 'off',
          skipped: count('redis_skipped'),
          errors: count('redis_errors'),
          unmatched: count('redis_unmatched'),
        },
        embeddings: { entries: embeddingEntries, hits: count('embedding_hits'), misses: count('embedding_misses') },
      };
    },

    /** Drops expired answers from SQLite (memory entries expire by themselves). */
    deleteExpired(): number {
      const removed = store.deleteExpired(Date.now());
      if (removed > 0) counters.add('expired_removed', removed);
      return removed;
    },

    /** Drops every cached answer of this library, in every process (the team tier keeps its own TTL). */
    clear(): { removed: number } {
      memory.clear();
      touched.clear();
      return { removed: store.clear() };
    },

    topQuestions(limit: number): LoggedQuestion[] {
      flush();
      return store.topQuestions(limit);
    },

    /** The index version of a scope, as keys use it. */
    indexVersion: (collection: string | null): string => store.indexVersion(collection),
    counters,
    flush,

    async close(): Promise<void> {
      clearInterval(flushTimer);
      flush();
      await redis?.close();
    },
  };
}

/** The cache's view of an ask request, with the route, earlier turns and prompt version the answerer will use. */
export function answerCacheRequest(
  request: {
    readonly question: string;
    readonly collection?: string | undefined;
    readonly mode: string;
    readonly topK: number;
    readonly override?: string | undefined;
  },
  route: { readonly provider: string; readonly model: string },
  context: readonly string[],
  promptVersion: string,
  settings?: unknown,
  isPrivate = false,
): AnswerCacheRequest {
  return {
    question: request.question,
    collection: request.collection ?? null,
    mode: request.mode,
    topK: request.topK,
    override: request.override ?? null,
    context,
    route: { provider: route.provider, model: route.model },
    promptVersion,
    settings,
    private: isPrivate,
  };
}

function keyParts(request: AnswerCacheRequest) {
  return {
    question: request.question,
    context: request.context,
    collection: request.collection,
    route: request.route,
    promptVersion: request.promptVersion,
    settings: { mode: request.mode, topK: request.topK, override: request.override, extra: request.settings ?? null },
  };
}
