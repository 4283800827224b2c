import { createHash } from 'node:crypto';
import { contentWords } from '../text/terms';

/**
 * Questions a library asks of itself, for calibrating retrieval without labels. Each is an "inverse
 * cloze" pair (Lee, Chang & Toutanova 2019): one sentence taken out of a passage is the question, and
 * the passage without that sentence is its one known answer. Taking the sentence out matters: left in,
 * every word of the question is in the answer and keyword search wins by construction; taken out, the
 * answer shares only the words its other sentences repeat, which is the vocabulary gap real questions
 * have, in the proportion this library has it.
 */
export interface PseudoQuery {
  readonly query: string;
  /** Index of the passage (in the list given) that answers it. */
  readonly answer: number;
}

/** A passage set up for calibration: its text with the question's sentence removed where it is an answer. */
export interface PseudoQuerySet {
  readonly passages: readonly string[];
  readonly queries: readonly PseudoQuery[];
}

/** Sentences of a text: split after `.`, `!`, `?` or a line break, trimmed, empty ones dropped. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/**
 * Up to `count` pseudo-queries from passages with at least three sentences, spread evenly over the
 * list. Which sentence becomes the question is chosen by a hash of the passage, so the same passages
 * give the same questions whatever order they came in. A question needs `minWords` content words (a
 * two-word fragment asks nothing) and leaves an answer with as many.
 */
export function makePseudoQueries(texts: readonly string[], count: number, minWords = 4): PseudoQuerySet {
  const passages = [...texts];
  const eligible: { index: number; parts: string[] }[] = [];
  texts.forEach((text, index) => {
    const parts = sentences(text);
    if (parts.length >= 3) eligible.push({ index, parts });
  });
  const queries: PseudoQuery[] = [];
  const step = Math.max(1, eligible.length / count);
  for (let position = 0; Math.floor(position) < eligible.length && queries.length < count; position += step) {
    const { index, parts } = eligible[Math.floor(position)]!;
    const candidates = parts.map((_, i) => i).filter((i) => contentWords(parts[i]!).length >= minWords);
    if (candidates.length === 0) continue;
    const chosen = candidates[createHash('sha256').update(texts[index]!).digest().readUInt32BE(0) % candidates.length]!;
    const rest = parts.filter((_, i) => i !== chosen).join(' ');
    if (contentWords(rest).length < minWords) continue;
    passages[index] = rest;
    queries.push({ query: parts[chosen]!, answer: index });
  }
  return { passages, queries };
}
