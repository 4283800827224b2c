import { stemmer } from 'stemmer';
import { hasUnspacedScript, spaceUnspacedWords } from './segment-words';

/**
 * English function words. Dropped from keyword queries (an OR over "what", "are", "the" would match
 * everything) and from the built-in embedder's vocabulary. The list is the common core of the
 * Lucene/NLTK/SMART lists plus question words, because queries are mostly questions.
 */
export const stopWords: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being
  below between both but by can could did do does doing down during each either etc few for from
  further had has have having he her here hers herself him himself his how however i if in into is it
  its itself just let may me might more most must my myself no nor not now of off on once only or
  other ought our ours ourselves out over own same shall she should since so some such than that the
  their theirs them themselves then there these they this those through thus to too under until up
  upon us very via was we were what when where whether which while who whom whose why will with
  within without would yet you your yours yourself yourselves`.split(/\s+/),
);

// Matches what FTS5's unicode61 tokenizer treats as one token: a run of letters, marks and digits.
const wordPattern = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * The accents NFKD splits off Latin, Greek and Cyrillic letters, which FTS5's `remove_diacritics`
 * folds. Marks of other scripts are part of their letters (Japanese voicing marks: で is not て;
 * Thai and Devanagari vowel signs) and FTS5 keeps them, so they are kept here too.
 */
const combiningDiacritics = /[\u0300-\u036f]+/g;

/**
 * Lower-cased word tokens of a text, in order, with diacritics folded as FTS5 does. Runs of
 * Chinese, Japanese, Thai… are split into words first, as the keyword index splits them.
 */
export function words(text: string): string[] {
  const folded = spaceUnspacedWords(text).normalize('NFKD').toLowerCase();
  const out: string[] = [];
  for (const match of folded.matchAll(wordPattern)) {
    // Recomposed, so marks that stay (で = て + voicing mark) match FTS5's composed tokens.
    const word = match[0].replace(combiningDiacritics, '').normalize('NFC');
    if (word.length > 0) out.push(word);
  }
  return out;
}

/** Content words of a text: stop words, single characters and very long tokens dropped. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => (w.length > 1 || hasUnspacedScript(w)) && w.length <= 40 && !stopWords.has(w));
}

const stemCache = new Map<string, string>();

/** Porter stem of a lower-cased word, as the FTS5 `porter` tokenizer would index it; memoized. */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = /^\d+$/.test(word) ? word : stemmer(word);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** Stemmed content terms of a text, the unit the built-in embedder counts. */
export function contentTerms(text: string): string[] {
  return contentWords(text).map(stem);
}
