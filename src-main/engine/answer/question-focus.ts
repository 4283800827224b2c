import { contentTerms, stem, stopWords, words } from '../text/terms';

/**
 * What a question asks for, read from its wording. Hand-written rules: the question words of English
 * ("when", "how many", "who"…) are a small closed set, and no npm library here classifies questions
 * without a model.
 */
export type AnswerType = 'number' | 'date' | 'name' | 'place' | 'reason' | 'definition' | 'other';

export interface QuestionFocus {
  readonly type: AnswerType;
  /** Stemmed content terms of the question, without the words that only say what is asked ("year", "many"). */
  readonly terms: readonly string[];
  /**
   * Constraints the answer's passage must hold: numbers and years written in the question, and names
   * (capitalised words not at the question's start). A passage without them is about something else.
   */
  readonly constraints: readonly string[];
}

const typeRules: readonly (readonly [AnswerType, RegExp])[] = [
  [
    'date',
    /\bwhen (did|was|were|had|has|have|will)\b|^\s*when\b(?! (does|do|is|are|can|should|must|would|could|may)\b)|\b(what (year|century|decade|date|month|day|era|period)|which (year|century|decade|date|month|day|era|period)|in what (year|century|decade)|how long ago)\b/i,
  ],
  [
    'number',
    /\b(how (many|much|long|far|large|big|tall|old|high|deep|wide|heavy|often|fast)|what (number|percentage|percent|proportion|share|amount|size|population|rate|margin|price|cost|distance)|which (number|percentage))\b/i,
  ],
  ['reason', /\b(why|for what reason|what (caused|causes|was the reason|is the reason|led to|made)|how come|because of what)\b/i],
  [
    'name',
    /\b(called|named|known as)\s*\?*\s*$|^\s*(who|whom|whose)\b|\b(who|whom|whose)\b|\b(what|which) (person|people|king|queen|leader|man|woman|author|company|organi[sz]ation|team|group|name|family|ruler|duke|president)\b/i,
  ],
  [
    'place',
    /^\s*where\b|\b(what|which) (country|city|region|state|place|county|town|island|river|area|location|continent|province)\b|\bwhere\b/i,
  ],
  [
    'definition',
    /^\s*(what|who) (is|are) (an? |the )?[^\s,;?]+( [^\s,;?]+){0,3}\?*\s*$|\b(define|definition of|meaning of|what does .{1,40} mean)\b/i,
  ],
];

/** Words that say what kind of answer is wanted; they are rarely in the answer's sentence. */
const askingWords = new Set(
  `year century decade date month day era period many much long far large big tall old high deep wide heavy often fast number
  percentage percent proportion amount size type kind name called reason caused cause person people`
    .split(/\s+/)
    .map(stem),
);

/** The answer type a question asks for. */
export function answerTypeOf(question: string): AnswerType {
  for (const [type, pattern] of typeRules) if (pattern.test(question)) return type;
  return 'other';
}

const numberPattern = /\b\d[\d,.]*(?:st|nd|rd|th|s)?\b/g;

/** Numbers and names a question states: what its answer's passage must mention too. */
export function questionConstraints(question: string): string[] {
  const found = new Set<string>();
  for (const match of question.matchAll(numberPattern)) found.add(numberKey(match[0]));
  // Capitalised words after the first word; the first is capitalised by grammar, not by being a name.
  const tokens = question
    .replace(/['’]s\b/g, '')
    .split(/\s+/)
    .slice(1);
  for (const token of tokens) {
    const word = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (/^\p{Lu}[\p{L}\p{M}'-]*$/u.test(word) && !stopWords.has(word.toLowerCase()) && word.length > 1) {
      for (const w of words(word)) if (w.length > 1) found.add(stem(w));
    }
  }
  return [...found];
}

/** A number as compared: digits and decimal point only, so "22,680,010" and "22680010" agree. */
function numberKey(text: string): string {
  return text
    .replace(/(st|nd|rd|th|s)$/, '')
    .replace(/[,.]$/, '')
    .replace(/,/g, '');
}

/**
 * Whether a passage mentions a constraint: a number anywhere in its text, a name as a word whose stem
 * starts like the name's ("Californian" holds "California"), so inflections do not hide it.
 */
export function mentions(constraint: string, passageText: string, passageTerms: ReadonlySet<string>): boolean {
  if (/^\d/.test(constraint)) {
    const digits = passageText.replace(/(\d),(\d)/g, '$1$2');
    return new RegExp(`(^|[^\\d.])${constraint.replace('.', '\\.')}(?![\\d]|\\.\\d)`).test(digits);
  }
  if (passageTerms.has(constraint)) return true;
  const root = constraint.slice(0, Math.max(4, constraint.length - 1));
  for (const term of passageTerms) if (term.startsWith(root) || (term.length >= 4 && constraint.startsWith(term))) return true;
  return false;
}

/** The focus of a question: its answer type, its content terms and the names and numbers it states. */
export function questionFocus(question: string): QuestionFocus {
  const terms = [...new Set(contentTerms(question))].filter((term) => !askingWords.has(term));
  return {
    type: answerTypeOf(question),
    terms: terms.length > 0 ? terms : [...new Set(contentTerms(question))],
    constraints: questionConstraints(question),
  };
}

const months = 'january|february|march|april|may|june|july|august|september|october|november|december';
const datePattern = new RegExp(
  `\\b(1[0-9]{3}|20[0-9]{2})s?\\b|\\b(in|by|since|until|from|around|after|before|of) [1-9][0-9]{2}s?\\b|\\b\\d{1,2}(st|nd|rd|th) (century|centuries)\\b|\\b(${months})\\b|\\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)(-| )century\\b|\\b\\d{1,2}(st|nd|rd|th) and \\d{1,2}(st|nd|rd|th)\\b`,
  'gi',
);
const numberWords =
  /\b(\d[\d,.]*%?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half|twice|percent)\b/gi;
/** Causal connectives and verbs: a sentence giving a reason uses one ("because", "makes the engine quieter"). */
const reasonMarkers =
  /\b(because|due to|owing to|thanks to|as a result|result of|resulted|results in|caused|causes|cause|since|so that|in order to|reason|led to|leads to|driven by|mainly by|partly|after|from|makes?|made|allows?|enables?|lets|therefore|thus|hence|which is why|that is why)\b/i;
const definitionMarkers = /\b(is|are|was|were|refers to|means|meaning|defined as|known as|called)\b/i;

/** Capitalised words of a sentence that are not its first word: the names and places it mentions. */
function namesIn(sentence: string): string[] {
  const out: string[] = [];
  const tokens = sentence.split(/\s+/);
  tokens.forEach((token, index) => {
    const word = token.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    if (index > 0 && /^\p{Lu}/u.test(word) && word.length > 1 && !stopWords.has(word.toLowerCase())) out.push(word);
  });
  return out;
}

/**
 * Whether a sentence holds an answer of the asked type that the question does not already state:
 * a year or century for a date, a number for an amount, a name for who/where, a causal phrase for why.
 * `other` questions are always satisfied: their answer can be any phrase.
 */
export function holdsAnswerType(sentence: string, question: string, type: AnswerType): boolean {
  const asked = new Set(words(question).map(stem));
  const fresh = (token: string) => words(token).some((w) => !stopWords.has(w) && !asked.has(stem(w)));
  switch (type) {
    case 'date':
      return [...sentence.matchAll(datePattern)].some((m) => fresh(m[0]));
    case 'number':
      return [...sentence.matchAll(numberWords)].some((m) => fresh(m[0])) || [...sentence.matchAll(datePattern)].some((m) => fresh(m[0]));
    case 'name':
    case 'place':
      return namesIn(sentence).some(fresh);
    case 'reason':
      return reasonMarkers.test(sentence);
    case 'definition':
      return definitionMarkers.test(sentence);
    case 'other':
      return true;
    default: {
      const never: never = type;
      return never;
    }
  }
}
