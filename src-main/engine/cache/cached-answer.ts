import type { AnswerResult, Citation, Route } from '../../../src-shared/schemas/answer';

/** What the cache keeps of an answer: everything but the ids and timings of the request that made it. */
export interface CachedAnswer {
  /** The question as it was first asked. */
  readonly question: string;
  readonly answer: string;
  readonly noAnswer: boolean;
  readonly citations: readonly Citation[];
  readonly route: Route;
  /** What computing the answer cost, to report the time a hit saved. */
  readonly generatedMs: number;
  readonly createdAt: number;
}

/** Which tier served a hit, fastest first. */
export type CacheTier = 'memory' | 'sqlite' | 'redis';

/** A cache hit: the answer, where it came from, and the cached question when it was a similar one. */
export interface CacheHit {
  readonly answer: CachedAnswer;
  readonly tier: CacheTier;
  readonly similarTo: string | null;
}

/** Bytes an entry takes: its JSON text plus a question embedding when similar questions are on. */
export function entryBytes(json: string, embedding: Float32Array | null): number {
  return Buffer.byteLength(json) + (embedding ? embedding.byteLength : 0);
}

/** The answer a hit returns to the asker: new ids, the question as asked now, and the hit's timings. */
export function resultFromHit(
  hit: CacheHit,
  ids: { readonly answerId: string; readonly conversationId: string; readonly question: string },
  timings: { readonly cacheMs: number; readonly totalMs: number },
): AnswerResult {
  return {
    answerId: ids.answerId,
    conversationId: ids.conversationId,
    question: ids.question,
    answer: hit.answer.answer,
    noAnswer: hit.answer.noAnswer,
    citations: [...hit.answer.citations],
    route: hit.answer.route,
    cache: 'hit',
    cacheTier: hit.tier,
    ...(hit.similarTo !== null ? { cachedQuestion: hit.similarTo } : {}),
    timings: { ...timings, savedMs: hit.answer.generatedMs },
  };
}
