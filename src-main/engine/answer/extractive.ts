import type { Citation } from '../../../src-shared/schemas/answer';
import type { SearchHit } from '../../../src-shared/schemas/search';
import { contentTerms } from '../text/terms';
import { citationOf } from './citations';

export interface ExtractiveOptions {
  readonly maxSentences: number;
  readonly maxChars: number;
  /** Share of the question's term weight a sentence must cover to count as an answer. */
  readonly minCoverage: number;
}

export const defaultExtractiveOptions: ExtractiveOptions = { maxSentences: 3, maxChars: 800, minCoverage: 0.34 };

export interface ExtractiveAnswer {
  readonly text: string;
  readonly noAnswer: boolean;
  readonly citations: Citation[];
}

export const noAnswerText = "I couldn't find an answer to that in your library.";

interface Sentence {
  readonly hitIndex: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly terms: ReadonlySet<string>;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

function sentencesOf(hit: SearchHit, hitIndex: number): Sentence[] {
  const found: Sentence[] = [];
  for (const piece of segmenter.segment(hit.text)) {
    const trimmed = piece.segment.trim();
    if (trimmed.length < 12) continue;
    const start = piece.index + piece.segment.indexOf(trimmed);
    found.push({ hitIndex, start, end: start + trimmed.length, text: trimmed, terms: new Set(contentTerms(trimmed)) });
  }
  return found;
}

/**
 * Answers without a model: picks the sentences of the top passages that cover most of the question's
 * terms (rarer terms weigh more, higher-ranked passages win ties), and cites the passage of each.
 */
export function extractAnswer(
  question: string,
  hits: readonly SearchHit[],
  options: ExtractiveOptions = defaultExtractiveOptions,
): ExtractiveAnswer {
  const questionTerms = [...new Set(contentTerms(question))];
  if (questionTerms.length === 0 || hits.length === 0) return { text: noAnswerText, noAnswer: true, citations: [] };

  const sentences = hits.flatMap(sentencesOf);
  const weight = new Map<string, number>();
  for (const term of questionTerms) {
    const df = sentences.filter((s) => s.terms.has(term)).length;
    weight.set(term, Math.log(1 + (sentences.length + 1) / (df + 0.5)));
  }
  const totalWeight = [...weight.values()].reduce((a, b) => a + b, 0);
  const coverage = (sentence: Sentence, covered: ReadonlySet<string>) =>
    questionTerms.reduce((sum, term) => (sentence.terms.has(term) && !covered.has(term) ? sum + weight.get(term)! : sum), 0) / totalWeight;

  const chosen: Sentence[] = [];
  const covered = new Set<string>();
  let chars = 0;
  while (chosen.length < options.maxSentences) {
    let best: Sentence | null = null;
    let bestScore = 0;
    for (const sentence of sentences) {
      if (chosen.includes(sentence) || chars + sentence.text.length > options.maxChars) continue;
      const score = (0.6 * coverage(sentence, covered) + 0.4 * coverage(sentence, new Set())) / (1 + 0.15 * sentence.hitIndex);
      if (score > bestScore) {
        best = sentence;
        bestScore = score;
      }
    }
    const threshold = chosen.length === 0 ? options.minCoverage : options.minCoverage / 2;
    if (!best || coverage(best, new Set()) < threshold) break;
    chosen.push(best);
    chars += best.text.length;
    for (const term of best.terms) covered.add(term);
  }
  if (chosen.length === 0) return { text: noAnswerText, noAnswer: true, citations: [] };

  chosen.sort((a, b) => a.hitIndex - b.hitIndex || a.start - b.start);
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
  return { text: parts.join(' '), noAnswer: false, citations };
}
