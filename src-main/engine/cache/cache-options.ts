/** How the answer cache behaves; every field has a default, hosts override what settings or env say. */
export interface AnswerCacheOptions {
  /** False turns the answer cache off entirely (every question is a miss and nothing is stored). */
  readonly enabled: boolean;
  /** How long an answer is served after it was computed. */
  readonly ttlMs: number;
  readonly memoryMaxEntries: number;
  readonly memoryMaxBytes: number;
  /** Bounds of the SQLite tier; the least recently used answers go first. */
  readonly storeMaxEntries: number;
  readonly storeMaxBytes: number;
  /** Serve a cached answer for a question whose embedding is this close (cosine distance). Off by default. */
  readonly similar: { readonly enabled: boolean; readonly maxDistance: number };
  /** The team tier; null without QUARRY_REDIS_URL. */
  readonly redis: { readonly url: string; readonly namespace: string; readonly timeoutMs: number; readonly connectWaitMs: number } | null;
  /** How often counters, hit times and the question log are written to SQLite. */
  readonly flushIntervalMs: number;
}

export const defaultAnswerCacheOptions: AnswerCacheOptions = {
  enabled: true,
  ttlMs: 7 * 24 * 3600_000,
  memoryMaxEntries: 1000,
  memoryMaxBytes: 32 * 1024 * 1024,
  storeMaxEntries: 20_000,
  storeMaxBytes: 256 * 1024 * 1024,
  similar: { enabled: false, maxDistance: 0.05 },
  redis: null,
  flushIntervalMs: 5000,
};

export type AnswerCacheSettings = Partial<Omit<AnswerCacheOptions, 'similar' | 'redis'>> & {
  readonly similar?: Partial<AnswerCacheOptions['similar']>;
  readonly redis?: {
    readonly url: string;
    readonly namespace?: string;
    readonly timeoutMs?: number;
    readonly connectWaitMs?: number;
  } | null;
};

/**
 * Fills defaults in; a Redis tier gets the `quarry` namespace and a 50 ms budget per call unless told
 * otherwise, and the first call may wait up to 250 ms for the initial connection.
 */
export function resolveAnswerCacheOptions(settings: AnswerCacheSettings = {}): AnswerCacheOptions {
  const { similar, redis, ...rest } = settings;
  return {
    ...defaultAnswerCacheOptions,
    ...rest,
    similar: { ...defaultAnswerCacheOptions.similar, ...similar },
    redis: redis ? { namespace: 'quarry', timeoutMs: 50, connectWaitMs: 250, ...redis } : null,
  };
}

/**
 * Cache settings from the environment, for hosts (the engine reads no globals): QUARRY_REDIS_URL,
 * QUARRY_REDIS_NAMESPACE, QUARRY_REDIS_TIMEOUT_MS, QUARRY_CACHE_TTL_SECONDS, QUARRY_CACHE_SIMILAR (a cosine
 * distance, e.g. 0.08).
 */
export function answerCacheSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): AnswerCacheSettings {
  const ttlSeconds = Number(env.QUARRY_CACHE_TTL_SECONDS);
  const similar = Number(env.QUARRY_CACHE_SIMILAR);
  const redisTimeout = Number(env.QUARRY_REDIS_TIMEOUT_MS);
  return {
    ...(Number.isFinite(ttlSeconds) && ttlSeconds > 0 ? { ttlMs: ttlSeconds * 1000 } : {}),
    ...(Number.isFinite(similar) && similar > 0 ? { similar: { enabled: true, maxDistance: similar } } : {}),
    ...(env.QUARRY_REDIS_URL
      ? {
          redis: {
            url: env.QUARRY_REDIS_URL,
            ...(env.QUARRY_REDIS_NAMESPACE ? { namespace: env.QUARRY_REDIS_NAMESPACE } : {}),
            ...(Number.isFinite(redisTimeout) && redisTimeout > 0 ? { timeoutMs: redisTimeout } : {}),
          },
        }
      : {}),
  };
}
