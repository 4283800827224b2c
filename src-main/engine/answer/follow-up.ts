import { contentWords, stopWords, words } from '../text/terms';
import type { ConversationTurn } from './prompts';

/**
 * Follow-up questions, rewritten for retrieval by rules rather than a model call, so a follow-up adds
 * no latency before its first token. No npm library resolves references without a model; these rules
 * cover what people type in a chat: a pronoun with nothing in the question for it to point to, a
 * demonstrative standing alone ("why is that?"), and ellipsis ("and in 2023?", "what about Leeds?").
 */

const pronouns = new Set(['it', 'its', 'they', 'them', 'their', 'theirs', 'he', 'him', 'his', 'she', 'her', 'hers']);
const demonstratives = new Set(['this', 'that', 'these', 'those']);
/** Words after a demonstrative that show it stands for a thing said before ("why is that?"). */
const afterPronounDemonstrative = new Set([
  'is',
  'was',
  'are',
  'were',
  'does',
  'do',
  'did',
  'mean',
  'means',
  'meant',
  'happen',
  'happened',
  'cost',
  'costs',
  'change',
  'changed',
  'work',
  'include',
  'includes',
]);
const continuation = /^\s*(and|also|but|or|what about|how about|what else|same for|then)\b/i;
/** Words that say what is asked or done rather than what it is about: not referents. */
const notReferents = new Set(
  `say says said tell told mean means explain describe summarize summarise compare list give show find know need make made get use used
  happen happened change changed year many much kind type way thing things`.split(/\s+/),
);

export type FollowUpReason = 'pronoun' | 'demonstrative' | 'ellipsis' | 'too-short';

export interface RewrittenQuestion {
  /** The text retrieval searches for. */
  readonly query: string;
  readonly rewritten: boolean;
  /** Why the question could not stand alone, when it could not. */
  readonly reason?: FollowUpReason;
}

/** Why a question cannot stand alone, or null when it can. */
export function needsConversation(question: string): FollowUpReason | null {
  const tokens = words(question);
  const own = contentWords(question);
  if (own.length === 0) return 'too-short';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    // A pronoun whose question names nothing before it points back into the conversation.
    const nothingBefore = tokens.slice(0, i).every((word) => stopWords.has(word) || word.length < 2);
    if (pronouns.has(token) && nothingBefore) return 'pronoun';
    const next = tokens[i + 1];
    if (demonstratives.has(token) && (next === undefined || afterPronounDemonstrative.has(next)) && nothingBefore) return 'demonstrative';
  }
  if (continuation.test(question) && own.length <= 2) return 'ellipsis';
  return null;
}

/** Capitalised names (not the first word) and numbers of a text, as lower-case words. */
function namesAndNumbers(text: string): { names: Set<string>; numbers: Set<string> } {
  const names = new Set<string>();
  const numbers = new Set<string>();
  text.split(/\s+/).forEach((token, index) => {
    const word = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (/^\d/.test(word)) numbers.add(word.toLowerCase());
    else if (index > 0 && /^\p{Lu}/u.test(word) && !stopWords.has(word.toLowerCase())) for (const w of words(word)) names.add(w);
  });
  return { names, numbers };
}

/** What an earlier question is about: its content words without the asking words and common verbs. */
function referentsOf(question: string): string[] {
  return contentWords(question).filter((word) => !notReferents.has(word));
}

/**
 * Rewrites a follow-up question for retrieval only when it cannot stand alone, and then adds what it
 * refers to: the subject of the last question that has one (its names and nouns), not every word of
 * the conversation. An ellipsis ("and in 2023?") takes the last question's subject but not the names
 * or numbers its own replace.
 */
export function rewriteFollowUp(question: string, history: readonly ConversationTurn[]): RewrittenQuestion {
  if (history.length === 0) return { query: question, rewritten: false };
  const reason = needsConversation(question);
  if (reason === null) return { query: question, rewritten: false };
  const own = new Set(contentWords(question));
  const mine = namesAndNumbers(question);
  const added: string[] = [];
  for (const turn of [...history].reverse().slice(0, 2)) {
    const theirs = namesAndNumbers(turn.question);
    for (const word of referentsOf(turn.question)) {
      if (own.has(word) || added.includes(word)) continue;
      // The question's own names and numbers take the place of the earlier ones of the same kind.
      if (reason === 'ellipsis' && mine.numbers.size > 0 && theirs.numbers.has(word)) continue;
      if (reason === 'ellipsis' && mine.names.size > 0 && theirs.names.has(word)) continue;
      added.push(word);
    }
    // A turn that stood alone holds the subject; one that was itself a follow-up needs the one before.
    if (needsConversation(turn.question) === null) break;
  }
  if (added.length === 0) return { query: question, rewritten: false, reason };
  return { query: `${question} ${added.join(' ')}`, rewritten: true, reason };
}
