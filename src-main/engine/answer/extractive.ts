import type { Citation } from '../../../src-shared/schemas/answer';
import type { SearchHit } from '../../../src-shared/schemas/search';
import { contentTerms } from '../text/terms';
import { citationOf } from './citations';
import { holdsAnswerType, mentions, questionFocus, type QuestionFocus } from './question-focus';
import { sentencesOf, type Sentence } from './sentences';

/**
 * How often terms occur in the user's library (chunks holding each term), so a question's rare terms
 * weigh more than its common ones. The engine reads it from the keyword index; without one, the
 * retrieved passages stand in for the library.
 */
export interface TermStatistics {
  readonly documents: number;
  documentFrequency(term: string): number;
}

export interface ExtractiveOptions {
  readonly maxSentences: number;
  readonly maxChars: number;
}

export const defaultExtractiveOptions: ExtractiveOptions = { maxSentences: 2, maxChars: 600 };

export interface ExtractiveAnswer {
  readonly text: string;
  readonly noAnswer: boolean;
  readonly citations: Citation[];
}

export const noAnswerText = "I couldn't find an answer to that in your library.";

const startsWithPronoun = /^(it|its|they|their|them|he|his|she|her|this|these|those)\b/i;

const noAnswer: ExtractiveAnswer = { text: noAnswerText, noAnswer: true, citations: [] };

/** Term statistics counted over the retrieved passages, for callers without a library at hand. */
export function passageStatistics(hits: readonly Pick<SearchHit, 'text'>[]): TermStatistics {
  const sets = hits.map((hit) => new Set(contentTerms(hit.text)));
  return { documents: sets.length, documentFrequency: (term) => sets.filter((set) => set.has(term)).length };
}

/** The question's terms with their weight: inverse document frequency in the library. */
export function termWeights(terms: readonly string[], statistics: TermStatistics): Map<string, number> {
  const n = Math.max(1, statistics.documents);
  return new Map(terms.map((term) => [term, Math.log(1 + (n + 1) / (statistics.documentFrequency(term) + 0.5))]));
}

/** Why a passage can or cannot answer: the evidence the abstention rests on. */
export interface PassageEvidence {
  readonly hitIndex: number;
  /** Share of the question's term weight the passage (with its headings and title) holds. */
  readonly coverage: number;
  /** Whether the passage holds the question's rarest term in the library. */
  readonly holdsRarest: boolean;
  /** The question's names and numbers the passage does not mention. */
  readonly missingConstraints: readonly string[];
}

function passageEvidence(hit: SearchHit, hitIndex: number, focus: QuestionFocus, weights: ReadonlyMap<string, number>): PassageEvidence {
  const text = [hit.title ?? '', ...hit.headingPath, hit.text].join('\n');
  const terms = new Set(contentTerms(text));
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  const held = [...weights].reduce((sum, [term, weight]) => (terms.has(term) ? sum + weight : sum), 0);
  const rarest = Math.max(...weights.values());
  return {
    hitIndex,
    coverage: total > 0 ? held / total : 0,
    holdsRarest: [...weights].some(([term, weight]) => weight === rarest && mentions(term, text, terms)),
    missingConstraints: focus.constraints.filter((constraint) => !mentions(constraint, text, terms)),
  };
}

/**
 * Whether a passage carries the question's key content: every name and number the question states,
 * and the question's rarest term in the library (what sets this question apart from others about the
 * same documents).
 */
export function carriesQuestion(evidence: PassageEvidence): boolean {
  return evidence.missingConstraints.length === 0;
}

interface Scored {
  readonly sentence: Sentence;
  readonly coverage: number;
  readonly typed: boolean;
  readonly score: number;
}

function scoreSentences(
  question: string,
  focus: QuestionFocus,
  sentences: readonly Sentence[],
  weights: ReadonlyMap<string, number>,
  evidence: readonly PassageEvidence[],
): Scored[] {
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  return sentences.map((sentence) => {
    const held = [...weights].reduce((sum, [term, weight]) => (sentence.terms.has(term) ? sum + weight : sum), 0);
    const coverage = total > 0 ? held / total : 0;
    const typed = holdsAnswerType(sentence.text, question, focus.type);
    const passage = evidence[sentence.hitIndex]!;
    // The sentence's own match leads; its passage's match and the answer type break ties among
    // sentences that match alike; retrieval's order is the last word.
    const score = (coverage + 0.5 * passage.coverage + (typed ? 0.25 : 0)) / (1 + 0.1 * sentence.hitIndex);
    return { sentence, coverage, typed, score };
  });
}

/**
 * The sentences of the carrying passages that can answer: each must itself mention the question's
 * names and numbers (with its headings and title; a sentence opening with a pronoun is read with the
 * one before, which the pronoun points to) — a passage naming them in another sentence answers
 * another question.
 */
function answerableSentences(
  hits: readonly SearchHit[],
  passages: ReadonlySet<number>,
  focus: QuestionFocus,
  statistics: TermStatistics,
): Sentence[] {
  const asked = focus.terms.filter((term) => !focus.constraints.includes(term));
  return hits
    .flatMap((hit, index) => (passages.has(index) ? sentencesOf(hit, index) : []))
    .filter((sentence, i, all) => {
      const hit = hits[sentence.hitIndex]!;
      const previous = all[i - 1];
      const before = previous?.hitIndex === sentence.hitIndex && startsWithPronoun.test(sentence.text) ? previous.text : '';
      const text = [hit.title ?? '', ...hit.headingPath, before, sentence.text].join('\n');
      const terms = new Set(contentTerms(text));
      if (!focus.constraints.every((constraint) => mentions(constraint, text, terms))) return false;
      // Question terms the passage holds only in other sentences: one may stand behind a pronoun
      // ("they" for "the Normans"); more mean the question joins what the passage keeps apart.
      const passage = new Set(contentTerms(hit.text));
      if (focus.terms.filter((term) => passage.has(term) && !terms.has(term)).length > 1) return false;
      // Beyond the names the question points with, what it asks about must be in the passage, or at
      // least be words this library uses elsewhere (the passage may paraphrase them): a brief naming
      // Northway says nothing of "the chief executive of Northway" in a library that never says "chief".
      return asked.length === 0 || asked.some((term) => passage.has(term)) || asked.every((term) => statistics.documentFrequency(term) > 0);
    });
}

/** The best sentence, plus others that add question terms it lacks (from its passage, or matching as well). */
function chooseSentences(scored: readonly Scored[], weights: ReadonlyMap<string, number>, options: ExtractiveOptions): Sentence[] {
  const best = scored[0]!;
  const chosen = [best];
  const covered = new Set(best.sentence.terms);
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  let chars = best.sentence.text.length;
  for (const candidate of scored.slice(1)) {
    if (chosen.length >= options.maxSentences) break;
    if (chars + candidate.sentence.text.length > options.maxChars) continue;
    if (candidate.sentence.hitIndex !== best.sentence.hitIndex && candidate.coverage < best.coverage) continue;
    const adds = [...weights].reduce((sum, [term, w]) => (candidate.sentence.terms.has(term) && !covered.has(term) ? sum + w : sum), 0);
    if (adds / total < 0.2) continue;
    chosen.push(candidate);
    chars += candidate.sentence.text.length;
    for (const term of candidate.sentence.terms) covered.add(term);
  }
  return chosen.map((c) => c.sentence);
}

/**
 * Answers without a model. Reads what the question asks (its answer type, rare terms by the
 * library's own frequencies, stated names and numbers), keeps the passages that mention its names and
 * numbers, and quotes the sentence that best holds the question — one with an answer of the asked
 * type — plus a second when it adds what the first lacks. Abstains when no passage or sentence
 * carries the question's names and numbers, when the question's other words are neither there nor
 * anywhere in the library, or when no sentence holds an answer of the asked type: signals that need
 * no threshold fitted to a question set.
 */
export function extractAnswer(
  question: string,
  hits: readonly SearchHit[],
  options: ExtractiveOptions = defaultExtractiveOptions,
  statistics: TermStatistics = passageStatistics(hits),
): ExtractiveAnswer {
  const focus = questionFocus(question);
  if (focus.terms.length === 0 || hits.length === 0) return noAnswer;
  const weights = termWeights(focus.terms, statistics);
  const evidence = hits.map((hit, index) => passageEvidence(hit, index, focus, weights));
  const carrying = new Set(evidence.filter(carriesQuestion).map((e) => e.hitIndex));
  if (carrying.size === 0) return noAnswer;
  const scored = scoreSentences(question, focus, answerableSentences(hits, carrying, focus, statistics), weights, evidence)
    .filter((s) => s.typed && s.coverage > 0)
    .sort((a, b) => b.score - a.score);
  if (scored.length === 0) return noAnswer;
  return quote(chooseSentences(scored, weights, options), hits);
}

/** The chosen sentences as an answer: in the order chosen (best first), each citing its passage. */
export function quote(chosen: readonly Sentence[], hits: readonly SearchHit[], separator = ' '): ExtractiveAnswer {
  const numbers = new Map<number, number>();
  const citations: Citation[] = [];
  const parts: string[] = [];
  for (const sentence of chosen) {
    const hit = hits[sentence.hitIndex]!;
    let n = numbers.get(sentence.hitIndex);
    if (n === undefined) {
      n = numbers.size + 1;
      numbers.set(sentence.hitIndex, n);
      const quoted = chosen.filter((s) => s.hitIndex === sentence.hitIndex);
      const start = Math.min(...quoted.map((s) => s.start));
      const end = Math.max(...quoted.map((s) => s.end));
      citations.push(citationOf(hit, n, { start, end }));
    }
    parts.push(`${sentence.text} [${n}]`);
  }
  return { text: parts.join(separator), noAnswer: false, citations };
}
