import { AppError, type ErrorCode } from '../../../src-shared/errors';
import type { Citation, RouteAttempt } from '../../../src-shared/schemas/answer';
import type { SearchHit } from '../../../src-shared/schemas/search';
import { ProviderFailure } from '../providers/provider-errors';
import type { ProviderRegistry } from '../providers/provider-registry';
import { estimateTokens } from '../router/complexity';
import { estimateCost } from '../providers/model-catalog';
import type { RouteCandidate } from '../router/route-policy';
import { createCitationStreamFilter, validateCitations } from './citations';
import { extractAnswer } from './extractive';
import type { ChatMessage } from '../providers/chat-provider';

export interface GenerateInput {
  readonly question: string;
  readonly hits: readonly SearchHit[];
  readonly messages: readonly ChatMessage[];
  readonly promptTokens: number;
  readonly answerTokens: number;
  readonly candidates: readonly RouteCandidate[];
  readonly signal: AbortSignal;
  readonly emit: (delta: string) => void;
}

export interface GeneratedAnswer {
  readonly text: string;
  readonly noAnswer: boolean;
  readonly citations: Citation[];
  readonly removedCitations: number;
  /** The candidate that answered. */
  readonly answeredBy: RouteCandidate;
  readonly attempts: RouteAttempt[];
  readonly usage: { readonly promptTokens: number; readonly completionTokens: number; readonly costUsd: number };
  readonly firstTokenMs: number | null;
}

/** A model failed after streaming part of the answer (or the user stopped it): the part is kept. */
export class PartialAnswerError extends AppError {
  readonly partial: string;
  readonly attempts: RouteAttempt[];
  readonly answeredBy: RouteCandidate;

  constructor(code: ErrorCode, message: string, partial: string, attempts: RouteAttempt[], answeredBy: RouteCandidate) {
    super(code, message);
    this.name = 'PartialAnswerError';
    this.partial = partial;
    this.attempts = attempts;
    this.answeredBy = answeredBy;
  }
}

function streamPieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function extractive(input: GenerateInput, candidate: RouteCandidate, attempts: RouteAttempt[], started: number): GeneratedAnswer {
  const extracted = extractAnswer(input.question, input.hits);
  let firstTokenMs: number | null = null;
  for (const piece of streamPieces(extracted.text)) {
    input.signal.throwIfAborted();
    firstTokenMs ??= performance.now() - started;
    input.emit(piece);
  }
  attempts.push({ provider: candidate.provider, model: candidate.model, outcome: 'answered', error: null });
  return {
    text: extracted.text,
    noAnswer: extracted.noAnswer,
    citations: extracted.citations,
    removedCitations: 0,
    answeredBy: candidate,
    attempts,
    usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 },
    firstTokenMs,
  };
}

/**
 * Tries the route's candidates in order. A model that fails before its first token hands over to the
 * next; one that fails after keeps its partial answer and the error is said plainly. The extractive
 * answerer, last in every route, always answers.
 */
export async function generateAnswer(input: GenerateInput, registry: ProviderRegistry): Promise<GeneratedAnswer> {
  const started = performance.now();
  const attempts: RouteAttempt[] = [];
  for (const candidate of input.candidates) {
    input.signal.throwIfAborted();
    if (candidate.provider === 'extractive') return extractive(input, candidate, attempts, started);
    const filter = createCitationStreamFilter(input.hits.length);
    let shown = '';
    const show = (text: string) => {
      if (!text) return;
      shown += text;
      input.emit(text);
    };
    const info = registry.modelInfo(candidate.provider, candidate.model);
    try {
      const provider = registry.provider(candidate.provider);
      // Ask Ollama for a window that holds the prompt and the answer: its default is far smaller.
      const contextTokens = Math.min(info.contextWindow, Math.ceil((input.promptTokens + input.answerTokens) / 1024 + 1) * 1024);
      const outcome = await provider.chat(
        { model: candidate.model, messages: input.messages, contextTokens, maxTokens: input.answerTokens },
        { signal: input.signal, onToken: (delta) => show(filter.push(delta)) },
      );
      show(filter.flush());
      const validated = validateCitations(outcome.text, input.hits);
      const promptTokens = outcome.usage?.promptTokens ?? input.promptTokens;
      const completionTokens = outcome.usage?.completionTokens ?? estimateTokens(outcome.text);
      attempts.push({ provider: candidate.provider, model: candidate.model, outcome: 'answered', error: null });
      return {
        text: validated.text,
        noAnswer: validated.citations.length === 0,
        citations: validated.citations,
        removedCitations: validated.removed,
        answeredBy: candidate,
        attempts,
        usage: { promptTokens, completionTokens, costUsd: estimateCost(info, promptTokens, completionTokens) },
        firstTokenMs: outcome.firstTokenMs,
      };
    } catch (error) {
      const failure = error instanceof ProviderFailure ? error : null;
      const message = error instanceof Error ? error.message : String(error);
      if (input.signal.aborted || failure?.kind === 'cancelled') {
        attempts.push({ provider: candidate.provider, model: candidate.model, outcome: 'cancelled', error: null });
        throw new PartialAnswerError('cancelled', 'The answer was stopped.', shown + filter.flush(), attempts, candidate);
      }
      if (failure?.afterFirstToken) {
        attempts.push({ provider: candidate.provider, model: candidate.model, outcome: 'partial', error: message });
        const partial = shown + filter.flush();
        throw new PartialAnswerError(failure.code, `The answer stopped part-way: ${message}`, partial, attempts, candidate);
      }
      attempts.push({ provider: candidate.provider, model: candidate.model, outcome: 'failed', error: message });
    }
  }
  throw new AppError('internal', 'The route had no candidate that could answer.');
}
