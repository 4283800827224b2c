import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError, toErrorValue } from '../../../src-shared/errors';
import { AskRequest, type AnswerResult } from '../../../src-shared/schemas/answer';
import type { SearchRequest, SearchResult } from '../../../src-shared/schemas/search';
import type { z } from 'zod';
import type { EngineEvents } from '../events';
import { defaultExtractiveOptions, extractAnswer } from './extractive';
import { answerCacheRequest, type AnswerCache } from '../cache/answer-cache';
import { resultFromHit } from '../cache/cached-answer';

export interface AnswerServiceDeps {
  readonly search: (request: z.output<typeof SearchRequest>) => Promise<SearchResult>;
  readonly events: EngineEvents;
  readonly logger: Logger;
  readonly cache?: AnswerCache;
}

export interface StartedAnswer {
  readonly answerId: string;
  readonly conversationId: string;
  /** Resolves with the whole answer; tokens arrive before as `answer.token` events. */
  readonly done: Promise<AnswerResult>;
}

/** Splits text into the small pieces a stream delivers, keeping the whitespace with each word. */
export function streamPieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Answers questions from retrieved passages, streaming tokens as events keyed by the answer id. */
export function createAnswerService(deps: AnswerServiceDeps) {
  const inFlight = new Map<string, AbortController>();

  async function answer(answerId: string, conversationId: string, request: z.output<typeof AskRequest>, signal: AbortSignal): Promise<AnswerResult> {
    const started = performance.now();
    const route = { provider: 'extractive', model: 'quarry-extractive' };
    // The extractive answerer sees no earlier turns, so the conversation adds nothing to the key yet.
    const cacheLookup = deps.cache?.prepare(answerCacheRequest(request, route, [], `extractive:${JSON.stringify(defaultExtractiveOptions)}`));
    const hit = cacheLookup ? await deps.cache!.lookup(cacheLookup) : null;
    if (hit) {
      const cacheMs = performance.now() - started;
      for (const piece of streamPieces(hit.answer.answer)) deps.events.emit('answer.token', { answerId, delta: piece });
      return resultFromHit(hit, { answerId, conversationId, question: request.question }, { cacheMs, totalMs: performance.now() - started });
    }
    const retrieved = await deps.search({
      query: request.question,
      mode: request.mode,
      limit: request.topK,
      ...(request.collection ? { collection: request.collection } : {}),
    });
    const retrievedAt = performance.now();
    signal.throwIfAborted();
    const extracted = extractAnswer(request.question, retrieved.hits);
    for (const piece of streamPieces(extracted.text)) {
      signal.throwIfAborted();
      deps.events.emit('answer.token', { answerId, delta: piece });
    }
    const finished = performance.now();
    const result: AnswerResult = {
      answerId,
      conversationId,
      question: request.question,
      answer: extracted.text,
      noAnswer: extracted.noAnswer,
      citations: extracted.citations,
      route: {
        ...route,
        reason: 'No language model is set up, so the answer quotes the best sentences of your documents.',
      },
      cache: 'miss',
      timings: {
        retrieveMs: retrievedAt - started,
        generateMs: finished - retrievedAt,
        totalMs: finished - started,
      },
    };
    signal.throwIfAborted();
    if (cacheLookup) deps.cache!.store(cacheLookup, result, finished - started);
    return result;
  }

  return {
    ask(input: unknown): StartedAnswer {
      const request = AskRequest.parse(input);
      const answerId = randomUUID();
      const conversationId = request.conversationId ?? randomUUID();
      const controller = new AbortController();
      inFlight.set(answerId, controller);
      const done = answer(answerId, conversationId, request, controller.signal)
        .then((result) => {
          deps.events.emit('answer.done', result);
          return result;
        })
        .catch((error: unknown) => {
          const value = controller.signal.aborted ? { code: 'cancelled', message: 'The answer was stopped.' } : toErrorValue(error);
          if (value.code === 'internal') deps.logger.error({ err: error, answerId }, 'answer failed');
          deps.events.emit('answer.error', { answerId, code: value.code, message: value.message, partial: '' });
          throw error instanceof AppError ? error : new AppError(value.code as never, value.message);
        })
        .finally(() => inFlight.delete(answerId));
      done.catch(() => undefined);
      return { answerId, conversationId, done };
    },
    cancel(answerId: string): boolean {
      const controller = inFlight.get(answerId);
      controller?.abort(new AppError('cancelled', 'The answer was stopped.'));
      return controller !== undefined;
    },
  };
}

export type AnswerService = ReturnType<typeof createAnswerService>;
