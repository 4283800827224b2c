/**
 * Text measuring and splitting for the chunker: an approximate token count and the spans a block
 * breaks into (sentences, then token windows for sentences too long to keep whole).
 *
 * Written by hand rather than with a real tokenizer or Intl.Segmenter because it runs over every
 * character of every document and has to keep ingestion above 1,000 chunks/s on two cores; an
 * approximation is enough to size chunks for embedding models with 512+ token windows.
 *
 * Token rule: every run of word characters counts one token per started 8 characters
 * ("information" = 2), every punctuation mark counts one, every CJK character counts one,
 * whitespace counts nothing. Because counting restarts cleanly at each token start, the count of a
 * span equals the sum of the counts of its pieces when it is cut at token starts or whitespace.
 */

/** A piece of the document's full text: [start, end) with its token count. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
  readonly tokens: number;
}

const SPACE = 0;
const WORD = 1;
const PUNCT = 2;
const CJK = 3;

/** Characters a word run continues past a token boundary; also the chars per word token. */
const WORD_TOKEN_CHARS = 8;

const asciiClass = new Uint8Array(128).fill(PUNCT);
for (let code = 0; code < 128; code += 1) {
  if (code === 32 || (code >= 9 && code <= 13)) asciiClass[code] = SPACE;
  else if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95) {
    asciiClass[code] = WORD;
  }
}

function charClass(code: number): number {
  if (code < 128) return asciiClass[code] as number;
  if (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  ) {
    return SPACE;
  }
  // General punctuation (dashes, curly quotes, ellipsis) and Latin-1 punctuation.
  if ((code >= 0x2010 && code <= 0x2027) || (code >= 0x2030 && code <= 0x205e) || (code >= 0xa1 && code <= 0xbf)) {
    return PUNCT;
  }
  // Kana, CJK ideographs and Hangul are written without spaces; each is about one token.
  if (
    (code >= 0x3001 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x9fff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff01 && code <= 0xff65)
  ) {
    return CJK;
  }
  return WORD;
}

/** Approximate token count of text[start, end) (see the rule at the top of this file). */
export function countTokensIn(text: string, start: number, end: number): number {
  let count = 0;
  let wordLength = 0;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    const kind = code < 128 ? (asciiClass[code] as number) : charClass(code);
    if (kind === WORD) {
      if (wordLength % WORD_TOKEN_CHARS === 0) count += 1;
      wordLength += 1;
    } else {
      wordLength = 0;
      if (kind !== SPACE) count += 1;
    }
  }
  return count;
}

/** Approximate token count: words (one per started 8 characters), punctuation marks, CJK characters. */
export function countTokens(text: string): number {
  return countTokensIn(text, 0, text.length);
}

/** First index at or after `start` (and before `end`) that is not whitespace. */
export function skipSpace(text: string, start: number, end: number): number {
  let index = start;
  while (index < end && charClass(text.charCodeAt(index)) === SPACE) index += 1;
  return index;
}

/** End index after trimming whitespace back from `end`, never before `start`. */
export function trimSpaceEnd(text: string, start: number, end: number): number {
  let index = end;
  while (index > start && charClass(text.charCodeAt(index - 1)) === SPACE) index -= 1;
  return index;
}

// A sentence ends at terminal punctuation (plus closing quotes/brackets) followed by spaces, at a
// CJK full stop, or at a line break (lines in code, lists and JSON dumps are natural units).
const sentenceBoundary =
  /([.!?\u2026]+["'\u201d\u2019)\]]*)[ \t\u00a0]+|([\u3002\uff01\uff1f]["'\u201d\u2019\u300d\u300f)\]]*)|[ \t]*\n\s*/g;

/**
 * Splits text[start, end) into sentence spans (whitespace trimmed), cutting any sentence longer
 * than maxTokens into token windows so that every span has at most maxTokens tokens.
 */
export function splitSentences(text: string, start: number, end: number, maxTokens: number): TextSpan[] {
  const spans: TextSpan[] = [];
  let sentenceStart = skipSpace(text, start, end);
  while (sentenceStart < end) {
    sentenceBoundary.lastIndex = sentenceStart;
    const match = sentenceBoundary.exec(text);
    let sentenceEnd = end;
    let next = end;
    if (match !== null && match.index < end) {
      const terminator = match[1] ?? match[2] ?? '';
      sentenceEnd = Math.min(end, match.index + terminator.length);
      next = Math.min(end, match.index + match[0].length);
    }
    sentenceEnd = trimSpaceEnd(text, sentenceStart, sentenceEnd);
    if (sentenceEnd > sentenceStart) pushLimited(text, sentenceStart, sentenceEnd, maxTokens, spans);
    sentenceStart = skipSpace(text, Math.max(next, sentenceStart + 1), end);
  }
  return spans;
}

function pushLimited(text: string, start: number, end: number, maxTokens: number, spans: TextSpan[]): void {
  const tokens = countTokensIn(text, start, end);
  if (tokens === 0) return;
  if (tokens <= maxTokens) spans.push({ start, end, tokens });
  else splitTokenWindows(text, start, end, maxTokens, spans);
}

/**
 * Cuts text[start, end) into windows of at most maxTokens tokens, preferring to cut at whitespace
 * (a window ending at least halfway through its budget); a run with no whitespace (a URL, a base64
 * blob) is cut at a token start, which keeps the counts additive.
 */
export function splitTokenWindows(text: string, start: number, end: number, maxTokens: number, spans: TextSpan[]): void {
  const limit = Math.max(1, maxTokens);
  let pieceStart = start;
  let count = 0;
  let spaceCut = -1;
  let countAtSpaceCut = 0;
  let wordLength = 0;
  let afterSpace = false;
  for (let index = start; index < end; index += 1) {
    const kind = charClass(text.charCodeAt(index));
    if (kind === SPACE) {
      wordLength = 0;
      afterSpace = true;
      continue;
    }
    const tokenStarts = kind !== WORD || wordLength % WORD_TOKEN_CHARS === 0;
    wordLength = kind === WORD ? wordLength + 1 : 0;
    if (tokenStarts) {
      if (count === limit) {
        const useSpace = spaceCut > pieceStart && countAtSpaceCut * 2 >= limit;
        const cut = useSpace ? spaceCut : index;
        const cutCount = useSpace ? countAtSpaceCut : count;
        spans.push({ start: pieceStart, end: trimSpaceEnd(text, pieceStart, cut), tokens: cutCount });
        count -= cutCount;
        pieceStart = cut;
        spaceCut = -1;
      }
      if (afterSpace && index > pieceStart) {
        spaceCut = index;
        countAtSpaceCut = count;
      }
      count += 1;
    }
    afterSpace = false;
  }
  if (count > 0) spans.push({ start: pieceStart, end: trimSpaceEnd(text, pieceStart, end), tokens: count });
}

/**
 * The latest start within text[start, end) after which at most maxTokens tokens remain, at a
 * whitespace-preceded token; null if even the last word is too long. Used for word-level overlap.
 */
export function tailStart(text: string, start: number, end: number, maxTokens: number): TextSpan | null {
  const total = countTokensIn(text, start, end);
  let count = 0;
  let wordLength = 0;
  let afterSpace = false;
  for (let index = start; index < end; index += 1) {
    const kind = charClass(text.charCodeAt(index));
    if (kind === SPACE) {
      wordLength = 0;
      afterSpace = true;
      continue;
    }
    const tokenStarts = kind !== WORD || wordLength % WORD_TOKEN_CHARS === 0;
    wordLength = kind === WORD ? wordLength + 1 : 0;
    if (tokenStarts) {
      if (afterSpace && index > start && total - count <= maxTokens) {
        return { start: index, end, tokens: total - count };
      }
      count += 1;
    }
    afterSpace = false;
  }
  return null;
}
