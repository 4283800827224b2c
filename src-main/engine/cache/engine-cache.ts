import type { Logger } from 'pino';
import type { AnswerResult } from '../../../src-shared/schemas/answer';
import type { MaintenanceReport, MaintenanceRequest } from '../../../src-shared/schemas/cache';
import type { Db } from '../store/database';
import type { Embedder } from '../embedding/embedder';
import { runMaintenance } from '../maintenance/run-maintenance';
import { createAnswerCache } from './answer-cache';
import { resolveAnswerCacheOptions, type AnswerCacheSettings } from './cache-options';
import { createCachingEmbedder, createEmbeddingCache } from '../embedding/embedding-cache';
import { createRetrievalMemo } from './retrieval-memo';
import { warmCache, type WarmProgress, type WarmQuestion, type WarmReport } from './cache-warmer';

export interface EngineCacheDeps {
  readonly db: Db;
  readonly dataDir: string;
  readonly logger: Logger;
  readonly settings?: AnswerCacheSettings;
  /** The query embedding used for the similar-question match (the active embedder's). */
  readonly embedQuestion?: (question: string) => Promise<Float32Array | null>;
}

/** The engine's caches and maintenance, composed once in `createEngine`. */
export function createEngineCache(deps: EngineCacheDeps) {
  const options = resolveAnswerCacheOptions(deps.settings);
  const answers = createAnswerCache({
    db: deps.db,
    logger: deps.logger,
    options,
    ...(deps.embedQuestion ? { embedQuestion: deps.embedQuestion } : {}),
  });
  const embeddings = createEmbeddingCache(deps.db);
  const retrieval = createRetrievalMemo(deps.db, answers.indexVersion, {
    enabled: options.enabled,
    maxEntries: options.storeMaxEntries,
    ttlMs: options.ttlMs,
  });
  return {
    answers,
    /** Wraps the answer service's search so a repeated question is not retrieved twice while the index stands. */
    memoizedSearch: retrieval.wrap,
    /** Wraps an embedder so texts it embedded before are served from the library's embedding cache. */
    cachingEmbedder: (inner: Embedder): Embedder => createCachingEmbedder(inner, embeddings),
    stats: answers.stats,
    clear: answers.clear,
    /** The most frequently asked questions, for warming. */
    frequentQuestions: (limit: number): WarmQuestion[] =>
      answers.topQuestions(limit).map((q) => ({
        question: q.question,
        mode: q.mode as WarmQuestion['mode'],
        topK: q.topK,
        ...(q.collection ? { collection: q.collection } : {}),
      })),
    warm(
      questions: readonly WarmQuestion[],
      ask: (question: WarmQuestion) => Promise<AnswerResult>,
      onProgress?: (progress: WarmProgress) => void,
      signal?: AbortSignal,
    ): Promise<WarmReport> {
      return warmCache(questions, ask, onProgress, signal);
    },
    maintenance: (input?: MaintenanceRequest): Promise<MaintenanceReport> =>
      runMaintenance(
        {
          db: deps.db,
          dataDir: deps.dataDir,
          answerCache: answers,
          embeddingCache: embeddings,
          retrievalMemo: retrieval,
          logger: deps.logger,
        },
        input,
      ),
    close: answers.close,
  };
}

export type EngineCache = ReturnType<typeof createEngineCache>;
