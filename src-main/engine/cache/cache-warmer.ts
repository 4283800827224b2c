import type { AnswerResult } from '../../../src-shared/schemas/answer';
import { toErrorValue } from '../../../src-shared/errors';

/** One question to precompute, with the settings it will be asked with. */
export interface WarmQuestion {
  readonly question: string;
  readonly collection?: string;
  readonly mode?: 'keyword' | 'dense' | 'hybrid';
  readonly topK?: number;
}

export interface WarmProgress {
  readonly done: number;
  readonly total: number;
  readonly question: string;
  readonly outcome: 'computed' | 'cached' | 'failed';
}

export interface WarmReport {
  readonly total: number;
  /** Answers computed and stored now. */
  readonly computed: number;
  /** Questions whose answer was already cached. */
  readonly cached: number;
  readonly failed: readonly { readonly question: string; readonly code: string; readonly message: string }[];
  readonly totalMs: number;
}

/**
 * Reads a questions file: one question per line; blank lines and lines starting with `#` are skipped.
 * A line `collection<TAB>question` scopes the question to a collection.
 */
export function parseQuestionsFile(text: string): WarmQuestion[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => {
      const tab = line.indexOf('\t');
      return tab > 0 ? { collection: line.slice(0, tab).trim(), question: line.slice(tab + 1).trim() } : { question: line };
    });
}

/**
 * Asks each question once, one at a time (answering is CPU- or model-bound; parallel asks would only
 * compete), so the answers land in the cache. Already-cached questions cost a lookup.
 */
export async function warmCache(
  questions: readonly WarmQuestion[],
  ask: (question: WarmQuestion) => Promise<AnswerResult>,
  onProgress: (progress: WarmProgress) => void = () => undefined,
  signal?: AbortSignal,
): Promise<WarmReport> {
  const started = performance.now();
  let computed = 0;
  let cached = 0;
  const failed: { question: string; code: string; message: string }[] = [];
  for (const [index, question] of questions.entries()) {
    if (signal?.aborted) break;
    let outcome: WarmProgress['outcome'];
    try {
      const result = await ask(question);
      outcome = result.cache === 'hit' ? 'cached' : 'computed';
      if (outcome === 'cached') cached++;
      else computed++;
    } catch (error) {
      outcome = 'failed';
      failed.push({ question: question.question, ...toErrorValue(error) });
    }
    onProgress({ done: index + 1, total: questions.length, question: question.question, outcome });
  }
  return { total: questions.length, computed, cached, failed, totalMs: performance.now() - started };
}
