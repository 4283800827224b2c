import type { SearchHit } from '../../../src-shared/schemas/search';
import { contentTerms, words } from '../text/terms';

/** A sentence of a retrieved passage, with its offsets in the passage's text. */
export interface Sentence {
  readonly hitIndex: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Stemmed content terms. */
  readonly terms: ReadonlySet<string>;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** Longest line (in words) that can be a title when it carries no sentence punctuation. */
const maxTitleWords = 12;

const normalised = (text: string) => words(text).join(' ');

/**
 * Whether a line is a heading, a title or a list label rather than a sentence: it repeats a heading of
 * its section or the document's title, or it is short and ends without sentence punctuation (or with
 * a colon, as labels do). A short line stating a figure ("Notice period: 90 days") is kept: it answers.
 */
export function isHeadingLike(line: string, headings: readonly string[] = []): boolean {
  const text = line.trim().replace(/^([-*•]|\d+[.)]|[a-z][.)])\s+/i, '');
  const key = normalised(text);
  if (key.length === 0) return true;
  if (headings.some((heading) => normalised(heading) === key)) return true;
  const count = key.split(' ').length;
  if (/[:：]$/.test(text)) return count <= maxTitleWords;
  if (/[.!?。！？]["'”’)\]]*$/.test(text)) return false;
  if (/\p{N}/u.test(text) && /[:|\t=]|\s[-–]\s/u.test(text)) return false;
  return count <= maxTitleWords;
}

/**
 * The sentences of one passage: split into blocks first (blocks are separated by blank lines, so a
 * heading never runs into its first sentence), then into sentences; headings, titles, list labels and
 * fragments too short to say anything are left out. A block's first line is dropped when it is a title
 * (plain text puts one above its paragraph); line breaks inside a block are hard wraps, not sentence ends.
 */
export function sentencesOf(hit: Pick<SearchHit, 'text' | 'headingPath' | 'title'>, hitIndex: number): Sentence[] {
  const headings = [...hit.headingPath, ...(hit.title ? [hit.title] : [])];
  const found: Sentence[] = [];
  for (const block of hit.text.matchAll(/[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*/g)) {
    let text = block[0];
    let offset = block.index;
    if (isHeadingLike(text.replace(/\s+/g, ' '), headings)) continue;
    const firstBreak = text.indexOf('\n');
    if (firstBreak > 0 && isHeadingLike(text.slice(0, firstBreak), headings)) {
      offset += firstBreak + 1;
      text = text.slice(firstBreak + 1);
    }
    // Same length, so segment offsets stay offsets into the passage.
    for (const piece of segmenter.segment(text.replace(/\n/g, ' '))) {
      const trimmed = piece.segment.trim();
      if (trimmed.length < 12 || words(trimmed).length < 3) continue;
      const start = offset + piece.index + piece.segment.indexOf(trimmed);
      const original = hit.text.slice(start, start + trimmed.length);
      found.push({
        hitIndex,
        start,
        end: start + trimmed.length,
        text: original.replace(/\s+/g, ' '),
        terms: new Set(contentTerms(trimmed)),
      });
    }
  }
  return found;
}
