import { contentWords } from '../text/terms';
import type { ConversationTurn } from './prompts';

/** Words that point back to something said before: a question using them needs the conversation. */
const referringWords =
  /\b(it|its|they|them|their|this|that|these|those|he|she|his|her|there|same|former|latter|above|previous|earlier|one|ones)\b/i;
const continuation = /^\s*(and|also|but|so|what about|how about|what else|why|why not|then|more)\b/i;

export interface RewrittenQuestion {
  /** The text retrieval searches for. */
  readonly query: string;
  readonly rewritten: boolean;
}

/**
 * Rewrites a follow-up question for retrieval with the conversation: when it refers back ("what about
 * its price?") or is too short to stand alone, the content words of the last questions are added.
 * Deterministic and instant, so follow-ups add no model call before the first token.
 */
export function rewriteFollowUp(question: string, history: readonly ConversationTurn[]): RewrittenQuestion {
  if (history.length === 0) return { query: question, rewritten: false };
  const own = contentWords(question);
  const refersBack = referringWords.test(question) || continuation.test(question) || own.length < 3;
  if (!refersBack) return { query: question, rewritten: false };
  const seen = new Set(own);
  const added: string[] = [];
  for (const turn of [...history].reverse().slice(0, 2)) {
    for (const word of contentWords(turn.question)) {
      if (!seen.has(word)) {
        seen.add(word);
        added.push(word);
      }
    }
    if (added.length >= 8) break;
  }
  if (added.length === 0) return { query: question, rewritten: false };
  return { query: `${question} ${added.join(' ')}`, rewritten: true };
}
