import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError, toErrorValue } from '../../../src-shared/errors';
import type { AskRequest } from '../../../src-shared/schemas/answer';
import { type AnswerResult, type Route } from '../../../src-shared/schemas/answer';
import type { CollectionSummary } from '../../../src-shared/schemas/library';
import type { ProviderSettings } from '../../../src-shared/schemas/providers';
import type { SearchHit, SearchRequest, SearchResult } from '../../../src-shared/schemas/search';
import type { EngineEvents } from '../events';
import type { ProviderRegistry } from '../providers/provider-registry';
import { estimateTokens } from '../router/complexity';
import { decideRoute, routeLabel, type RouteDecision } from '../router/route-policy';
import type { ConversationsRepository, HistoryTurn } from '../store/conversations-repository';
import { rewriteFollowUp } from './follow-up';
import { planDocumentAnswer } from './document-answering';
import type { DocumentSource } from './document-source';
import { generateAnswer, PartialAnswerError, type GeneratedAnswer } from './generate';
import { buildChatMessages, type PromptTemplates } from './prompts';
import type { ChatMessage } from '../providers/chat-provider';
import { defaultExtractiveOptions, type TermStatistics } from './extractive';
import { answerCacheRequest, type AnswerCache } from '../cache/answer-cache';
import { resultFromHit } from '../cache/cached-answer';
import { createHash } from 'node:crypto';

/** Prompt tokens the router budgets for one part of a whole-document answer (map-reduce fits any window past it). */
export const documentPartTokens = 3000;

/** Tokens an answer may take; also what the router budgets for it. */
export const answerTokenLimit = 512;

/** What the answer depends on once retrieval and routing are done: the seam for an answer cache. */
export interface GenerationContext {
  readonly request: z.output<typeof AskRequest>;
  readonly history: readonly HistoryTurn[];
  readonly hits: readonly SearchHit[];
  readonly decision: RouteDecision;
  /** The route and settings an answer is keyed by: the first candidate and the prompt's inputs. */
  readonly key: { readonly route: { readonly provider: string; readonly model: string }; readonly settings: unknown };
}

export interface AnswerServiceDeps {
  readonly search: (request: z.output<typeof SearchRequest>) => Promise<SearchResult>;
  readonly events: EngineEvents;
  readonly logger: Logger;
  /** Collection names with their privacy flag. */
  readonly collections: () => readonly Pick<CollectionSummary, 'name' | 'private'>[];
  readonly conversations: ConversationsRepository;
  readonly settings: () => ProviderSettings;
  readonly registry: ProviderRegistry;
  readonly templates: () => PromptTemplates;
  readonly cache?: AnswerCache;
  /** How often each term occurs in the library, for the extractive answerer's term weights. */
  readonly termStatistics?: () => TermStatistics;
  /** The library's documents and their chunks, for questions about whole documents. */
  readonly documentSource?: DocumentSource;
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

function startOfToday(now = new Date()): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
}

function routeOf(decision: RouteDecision, generated: Pick<GeneratedAnswer, 'answeredBy' | 'attempts'>): Route {
  const failed = generated.attempts.filter((a) => a.outcome === 'failed');
  const fallback =
    failed.length > 0 ? ` (after ${failed.map((a) => `${routeLabel(a.provider as never, a.model)} failed: ${a.error}`).join('; ')})` : '';
  return {
    provider: generated.answeredBy.provider,
    model: generated.answeredBy.model,
    reason: generated.answeredBy.reason + fallback,
    candidates: decision.candidates.map((c) => ({ provider: c.provider, model: c.model, reason: c.reason })),
    rejected: decision.rejected.map((r) => ({ provider: r.provider, model: r.model, reason: r.reason })),
    attempts: generated.attempts,
    complexity: decision.complexity.level,
  };
}

/** Answers questions from retrieved passages with the routed model, streaming tokens as events keyed by the answer id. */
export function createAnswerService(deps: AnswerServiceDeps): AnswerService {
  const inFlight = new Map<string, AbortController>();
  let templatesVersion: string | null = null;

  /** Changes when the answerer does: the extractive options, or the prompt templates' text. */
  function promptVersion(provider: string): string {
    if (provider === 'extractive') return `extractive:2:${JSON.stringify(defaultExtractiveOptions)}`;
    templatesVersion ??= createHash('sha256').update(JSON.stringify(deps.templates())).digest('hex').slice(0, 16);
    return `prompts:${templatesVersion}`;
  }

  async function prepare(request: z.output<typeof AskRequest>, conversationId: string, signal: AbortSignal) {
    const history = deps.conversations.history(conversationId);
    const rewritten = rewriteFollowUp(request.question, history);
    // A stale model list is asked for while retrieval runs, not after it (it never rejects).
    const models = deps.registry.chatModels();
    // "Summarize X", "compare A and B": answered over the whole documents, not the passages search finds.
    const plan = deps.documentSource ? planDocumentAnswer(request.question, request.collection, deps.documentSource) : null;
    const hits = plan
      ? plan.hits
      : (
          await deps.search({
            query: rewritten.query,
            mode: request.mode,
            limit: request.topK,
            ...(request.collection ? { collection: request.collection } : {}),
          })
        ).hits;
    signal.throwIfAborted();
    const retrievedAt = performance.now();
    const messages: ChatMessage[] = plan ? [] : buildChatMessages(deps.templates(), { question: request.question, hits, history });
    // A whole-document answer is map-reduced within the model's window: the router budgets for one part.
    const promptTokens = plan
      ? Math.min(
          documentPartTokens,
          hits.reduce((sum, hit) => sum + estimateTokens(hit.text) + 24, 0),
        )
      : messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0);
    const settings = deps.settings();
    // Privacy follows the material: collections of these passages, of the asked collection, and of
    // earlier turns whose passages the conversation history carries.
    const used = new Set<string>([
      ...hits.map((h) => h.collection),
      ...(request.collection ? [request.collection] : []),
      ...history.flatMap((t) => t.collections),
    ]);
    const known = new Map(deps.collections().map((c) => [c.name, c.private]));
    const collections = [...used].map((name) => ({ name, private: known.get(name) ?? false }));
    // The scope is private when anything it could draw on is: the asked collection, or any collection of the library.
    const privateScope =
      settings.libraryPrivate || collections.some((c) => c.private) || (request.collection ? false : [...known.values()].some(Boolean));
    const decision = decideRoute({
      question: request.question,
      promptTokens,
      answerTokens: answerTokenLimit,
      collections:
        history.some((t) => t.private) && !collections.some((c) => c.private)
          ? [...collections, { name: 'earlier in this conversation', private: true }]
          : collections,
      libraryPrivate: settings.libraryPrivate,
      offline: settings.offline,
      remoteEnabled: settings.openai.enabled,
      models: await models,
      unavailable: deps.registry.unavailable(),
      health: deps.registry.health(),
      budget: { dailyUsd: settings.router.dailyBudgetUsd, spentTodayUsd: deps.conversations.spentSince(startOfToday()) },
      latencyTargetMs: settings.router.latencyTargetMs,
      preferred: settings.ollama.chatModel ? { ollama: settings.ollama.chatModel } : {},
      ...(request.override ? { override: request.override } : {}),
    });
    return {
      history,
      rewritten,
      plan,
      hits,
      messages,
      promptTokens,
      collections,
      privateScope,
      decision,
      retrievedAt,
      routedAt: performance.now(),
    };
  }

  async function answer(
    answerId: string,
    conversationId: string,
    request: z.output<typeof AskRequest>,
    signal: AbortSignal,
  ): Promise<AnswerResult> {
    const started = performance.now();
    const prepared = await prepare(request, conversationId, signal);
    const { decision, hits } = prepared;
    const first = decision.candidates[0]!;
    const context: GenerationContext = {
      request,
      history: prepared.history,
      hits,
      decision,
      key: {
        route: { provider: first.provider, model: first.model },
        settings: { mode: request.mode, topK: request.topK, answerTokens: answerTokenLimit },
      },
    };
    // Looked up once the route is known: the same question routed to another model is another answer.
    const cacheLookup = deps.cache?.prepare(
      answerCacheRequest(
        request,
        context.key.route,
        prepared.history.flatMap((t) => [t.question, t.answer]),
        promptVersion(first.provider),
        context.key.settings,
        prepared.privateScope,
      ),
    );
    // Regenerate asks for another answer: the cached one is the answer being replaced.
    const hit = cacheLookup && !request.replaces ? await deps.cache!.lookup(cacheLookup) : null;
    if (hit) {
      const cacheMs = performance.now() - started;
      for (const piece of streamPieces(hit.answer.answer)) deps.events.emit('answer.token', { answerId, delta: piece });
      // A cached answer is still a turn of the conversation (follow-ups and the history build on it); it cost nothing.
      deps.conversations.saveExchange({
        answerId,
        conversationId,
        question: request.question,
        answer: hit.answer.answer,
        status: 'done',
        retrievalQuery: prepared.rewritten.query,
        route: hit.answer.route,
        citations: [...hit.answer.citations],
        collections: prepared.collections.map((c) => c.name),
        private: prepared.collections.some((c) => c.private) || prepared.history.some((t) => t.private),
        promptTokens: 0,
        completionTokens: 0,
        costUsd: 0,
        errorCode: null,
      });
      return resultFromHit(
        hit,
        { answerId, conversationId, question: request.question },
        { cacheMs, totalMs: performance.now() - started },
      );
    }
    const emit = (delta: string) => deps.events.emit('answer.token', { answerId, delta });
    const privateMaterial = prepared.collections.some((c) => c.private) || prepared.history.some((t) => t.private);
    const record = (
      generated: Pick<GeneratedAnswer, 'answeredBy' | 'attempts'>,
      text: string,
      status: 'done' | 'error' | 'cancelled',
      extra: Partial<GeneratedAnswer>,
      errorCode: string | null,
    ) =>
      deps.conversations.saveExchange({
        answerId,
        conversationId,
        question: request.question,
        answer: text,
        status,
        retrievalQuery: prepared.rewritten.query,
        route: routeOf(decision, generated),
        citations: extra.citations ?? [],
        collections: prepared.collections.map((c) => c.name),
        private: privateMaterial,
        promptTokens: extra.usage?.promptTokens ?? 0,
        completionTokens: extra.usage?.completionTokens ?? 0,
        costUsd: extra.usage?.costUsd ?? 0,
        errorCode,
      });
    let generated: GeneratedAnswer;
    try {
      generated = await generateAnswer(
        {
          question: request.question,
          hits,
          messages: prepared.messages,
          promptTokens: prepared.promptTokens,
          answerTokens: answerTokenLimit,
          candidates: decision.candidates,
          signal,
          emit,
          ...(deps.termStatistics ? { statistics: deps.termStatistics() } : {}),
          ...(prepared.plan ? { documents: { plan: prepared.plan, templates: deps.templates() } } : {}),
        },
        deps.registry,
      );
    } catch (error) {
      if (error instanceof PartialAnswerError) {
        record(
          error,
          error.partial,
          error.code === 'cancelled' ? 'cancelled' : 'error',
          { usage: { promptTokens: prepared.promptTokens, completionTokens: estimateTokens(error.partial), costUsd: 0 } },
          error.code,
        );
      }
      throw error;
    }
    const finished = performance.now();
    record(generated, generated.text, 'done', generated, null);
    const result: AnswerResult = {
      answerId,
      conversationId,
      question: request.question,
      answer: generated.text,
      noAnswer: generated.noAnswer,
      citations: generated.citations,
      route: routeOf(decision, generated),
      cache: 'miss',
      timings: {
        retrieveMs: prepared.retrievedAt - started,
        routeMs: prepared.routedAt - prepared.retrievedAt,
        ...(generated.firstTokenMs !== null ? { firstTokenMs: prepared.routedAt - started + generated.firstTokenMs } : {}),
        generateMs: finished - prepared.routedAt,
        totalMs: finished - started,
      },
      usage: generated.usage,
      removedCitations: generated.removedCitations,
      retrievalQuery: prepared.rewritten.query,
    };
    signal.throwIfAborted();
    // Only an answer from the route's first choice is stored under that route's key.
    if (cacheLookup && generated.answeredBy === first) deps.cache!.store(cacheLookup, result, finished - started);
    return result;
  }

  return {
    ask(request: z.output<typeof AskRequest>): StartedAnswer {
      const answerId = randomUUID();
      const conversationId = request.conversationId ?? randomUUID();
      if (request.replaces) deps.conversations.supersede(conversationId, request.replaces);
      const controller = new AbortController();
      inFlight.set(answerId, controller);
      const done = answer(answerId, conversationId, request, controller.signal)
        .then((result) => {
          deps.events.emit('answer.done', result);
          return result;
        })
        .catch((error: unknown) => {
          const partial = error instanceof PartialAnswerError ? error.partial : '';
          const value = controller.signal.aborted
            ? { code: 'cancelled' as const, message: 'The answer was stopped.' }
            : toErrorValue(error);
          if (value.code === 'internal') deps.logger.error({ err: error, answerId }, 'answer failed');
          deps.events.emit('answer.error', { answerId, code: value.code, message: value.message, partial });
          throw error instanceof AppError && !controller.signal.aborted ? error : new AppError(value.code, value.message);
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
    /** One stored answer with its route, tokens and cost. */
    history: (answerId: string) => deps.conversations.answer(answerId),
  };
}

export interface AnswerService {
  /** Starts an answer; tokens arrive as `answer.token` events keyed by the answer id. */
  ask(request: z.output<typeof AskRequest>): StartedAnswer;
  cancel(answerId: string): boolean;
  /** One stored answer with its route, tokens and cost. */
  history(answerId: string): ReturnType<ConversationsRepository['answer']>;
}
