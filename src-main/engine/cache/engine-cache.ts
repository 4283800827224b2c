import type { Logger } from 'pino';
import type { AnswerResult } from '../../../src-shared/schemas/answer';
import type { Db } from '../store/database';
import { createAnswerCache, type AnswerCache } from './answer-cache';
import { resolveAnswerCacheOptions, type AnswerCacheSettings } from './cache-options';
import { createRetrievalMemo, type RetrievalMemo } from './retrieval-memo';
import { warmCache, type WarmProgress, type WarmQuestion, type WarmReport } from './cache-warmer';

export interface EngineCacheDeps {
  readonly db: Db;
  readonly logger: Logger;
  readonly settings?: AnswerCacheSettings;
  /** The query embedding used for the similar-question match (the active embedder's). */
  readonly embedQuestion?: (question: string) => Promise<Float32Array | null>;
}

/** The answer cache and the retrieval memo, composed once in `createEngine`. */
export interface EngineCache {
  readonly answers: AnswerCache;
  readonly retrieval: RetrievalMemo;
  /** Wraps the answer service's search so a repeated question is not retrieved twice while the index stands. */
  readonly memoizedSearch: RetrievalMemo['wrap'];
  /** The most frequently asked questions, for warming. */
  frequentQuestions(limit: number): WarmQuestion[];
  warm(
    questions: readonly WarmQuestion[],
    ask: (question: WarmQuestion) => Promise<AnswerResult>,
    onProgress?: (progress: WarmProgress) => void,
    signal?: AbortSignal,
  ): Promise<WarmReport>;
  close(): Promise<void>;
}

export function createEngineCache(deps: EngineCacheDeps): EngineCache {
  const options = resolveAnswerCacheOptions(deps.settings);
  const answers = createAnswerCache({
    db: deps.db,
    logger: deps.logger,
    options,
    ...(deps.embedQuestion ? { embedQuestion: deps.embedQuestion } : {}),
  });
  const retrieval = createRetrievalMemo(deps.db, answers.indexVersion, {
    enabled: options.enabled,
    maxEntries: options.storeMaxEntries,
    ttlMs: options.ttlMs,
  });
  return {
    answers,
    retrieval,
    memoizedSearch: retrieval.wrap,
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
    close: answers.close,
  };
}
