import { z } from 'zod';
import { CollectionName } from './library';
import { SearchMode } from './search';
import { CacheTier } from './cache';

export const AskRequest = z.object({
  question: z.string().trim().min(1).max(8000),
  collection: CollectionName.optional(),
  conversationId: z.string().optional(),
  mode: SearchMode.default('hybrid'),
  /** Passages given to the answerer. */
  topK: z.number().int().min(1).max(50).default(6),
  /** A per-question choice of provider and model, e.g. `extractive`, `ollama:llama3.2`. */
  override: z.string().optional(),
  /**
   * Regenerate: the id of this conversation's answer that the new one replaces. The old exchange is
   * kept (its cost still counts) but leaves the conversation and its history, and the cache is not asked.
   */
  replaces: z.string().min(1).optional(),
});
export type AskRequest = z.input<typeof AskRequest>;

export const Citation = z.object({
  n: z.number().int(),
  chunkId: z.number().int(),
  documentId: z.number().int(),
  path: z.string(),
  title: z.string().nullable(),
  page: z.number().int().nullable(),
  headingPath: z.array(z.string()),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
});
export type Citation = z.infer<typeof Citation>;

/** One model the router considered, with the reason for its place (or for leaving it out). */
export const RouteStep = z.object({ provider: z.string(), model: z.string(), reason: z.string() });
export type RouteStep = z.infer<typeof RouteStep>;

/** What happened when a candidate was tried. */
export const RouteAttempt = z.object({
  provider: z.string(),
  model: z.string(),
  outcome: z.enum(['answered', 'failed', 'partial', 'cancelled']),
  error: z.string().nullable(),
});
export type RouteAttempt = z.infer<typeof RouteAttempt>;

export const Route = z.object({
  provider: z.string(),
  model: z.string(),
  reason: z.string(),
  /** The ordered candidates the router chose from, the ones it left out, and what each try did. */
  candidates: z.array(RouteStep).optional(),
  rejected: z.array(RouteStep).optional(),
  attempts: z.array(RouteAttempt).optional(),
  complexity: z.string().optional(),
});
export type Route = z.infer<typeof Route>;

export const AnswerResult = z.object({
  answerId: z.string(),
  conversationId: z.string(),
  question: z.string(),
  answer: z.string(),
  /** True when nothing in the library answered the question. */
  noAnswer: z.boolean(),
  citations: z.array(Citation),
  route: Route,
  cache: z.enum(['hit', 'miss']),
  /** The tier that served a hit. */
  cacheTier: CacheTier.optional(),
  /** Set when a similar cached question answered this one: that question, as it was asked. */
  cachedQuestion: z.string().optional(),
  timings: z.record(z.string(), z.number()),
  /** Tokens as the model counted them (estimated when it did not say) and the cost in US dollars. */
  usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int(), costUsd: z.number() }).optional(),
  /** Citation markers that pointed to no passage and were removed from the answer. */
  removedCitations: z.number().int().optional(),
  /** What retrieval searched for: the question, rewritten with the conversation for a follow-up. */
  retrievalQuery: z.string().optional(),
});
export type AnswerResult = z.infer<typeof AnswerResult>;

export const AnswerRef = z.object({ answerId: z.string().min(1) });
export const AnswerStarted = z.object({ answerId: z.string(), conversationId: z.string() });
