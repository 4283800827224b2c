import { z } from 'zod';

/** Which tier served a cached answer, fastest first. */
export const CacheTier = z.enum(['memory', 'sqlite', 'redis']);
export type CacheTier = z.infer<typeof CacheTier>;

/** Cumulative answer- and embedding-cache figures of a library (all processes, across restarts). */
export const CacheStats = z.object({
  hits: z.number().int(),
  misses: z.number().int(),
  hitRate: z.number(),
  hitsByTier: z.object({ memory: z.number().int(), sqlite: z.number().int(), redis: z.number().int() }),
  /** Hits served for a similar, not the same, question. */
  similarHits: z.number().int(),
  stores: z.number().int(),
  evictions: z.object({ memory: z.number().int(), sqlite: z.number().int() }),
  expiredRemoved: z.number().int(),
  entries: z.object({ memory: z.number().int(), sqlite: z.number().int() }),
  bytes: z.object({ memory: z.number().int(), sqlite: z.number().int() }),
  hitLatencyMs: z.object({ count: z.number().int(), mean: z.number().nullable(), p50: z.number().nullable(), p95: z.number().nullable() }),
  redis: z.object({
    configured: z.boolean(),
    status: z.string(),
    /** Reads or writes skipped because Redis was slow or down. */
    skipped: z.number().int(),
    errors: z.number().int(),
    /** Shared answers whose citations did not match a passage of this library. */
    unmatched: z.number().int(),
  }),
  embeddings: z.object({ entries: z.number().int(), hits: z.number().int(), misses: z.number().int() }),
});
export type CacheStats = z.infer<typeof CacheStats>;

export const CacheClearResult = z.object({ removed: z.number().int() });

/** What `quarry maintenance` did, step by step. */
export const MaintenanceReport = z.object({
  expiredAnswers: z.number().int(),
  /** Remembered retrieval results of index versions that moved on. */
  staleRetrievals: z.number().int(),
  prunedEmbeddings: z.number().int(),
  ftsOptimizeMs: z.number(),
  optimizeMs: z.number(),
  checkpoint: z.object({ busy: z.boolean(), walFrames: z.number().int(), checkpointedFrames: z.number().int() }),
  backup: z.object({ path: z.string(), bytes: z.number().int(), check: z.string(), removedOld: z.array(z.string()) }).nullable(),
  logs: z.object({ rotated: z.array(z.string()), removed: z.array(z.string()) }),
  totalMs: z.number(),
});
export type MaintenanceReport = z.infer<typeof MaintenanceReport>;

export const MaintenanceRequest = z.object({
  /** Skip the backup (it copies the whole library). */
  backup: z.boolean().default(true),
  /** Backups kept in `<dataDir>/backups`, newest first. */
  keepBackups: z.number().int().min(1).max(100).default(3),
  /** Rotate the log when it is at least this big; 0 rotates always. */
  rotateLogBytes: z
    .number()
    .int()
    .min(0)
    .default(10 * 1024 * 1024),
  keepLogs: z.number().int().min(1).max(100).default(5),
  /** Embedding-cache entries unused this long are dropped. */
  embeddingMaxAgeDays: z.number().min(0).default(90),
});
export type MaintenanceRequest = z.input<typeof MaintenanceRequest>;
