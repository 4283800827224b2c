import { contentWords, words } from '../text/terms';

/**
 * Questions about whole documents ("summarize X", "compare A and B", "what changed between A and B",
 * "how did X change between 2022 and 2023"), recognised by their wording and resolved to documents by
 * title, file name and collection. Hand-written: the phrasings are a small closed set, and the names
 * to resolve are the user's own files, which no library knows.
 */
export type DocumentIntent =
  | { readonly kind: 'summary'; readonly refs: readonly [string] }
  | { readonly kind: 'compare'; readonly refs: readonly [string, string]; readonly topic: string | null };

const summaryPatterns: readonly RegExp[] = [
  /^(?:please\s+)?(?:summari[sz]e|sum up|outline|give (?:me )?(?:an? )?(?:summary|overview|outline) of|(?:a |an )?(?:summary|overview|tl;?dr) of)\s+(.+?)[.?!]*$/i,
  /^what (?:is|are) (.+?) about[.?!]*$/i,
  /^what does (.+?) (?:say|cover|contain)[.?!]*$/i,
];

const comparePatterns: readonly { readonly pattern: RegExp; readonly topic?: number; readonly a: number; readonly b: number }[] = [
  // "how did revenue change between 2022 and 2023", "how has X changed from A to B"
  {
    pattern:
      /^how (?:did|has|have|does|do) (.+?) (?:change|changed|evolve|evolved|develop|developed|differ) (?:between|from) (.+?) (?:and|to) (.+?)[.?!]*$/i,
    topic: 1,
    a: 2,
    b: 3,
  },
  // "what changed between A and B", "what is new in B compared to A" is not handled (no topic, order reversed)
  {
    pattern:
      /^what (?:changed|has changed|is different|differs|are the (?:changes|differences)) (?:between|from) (.+?) (?:and|to) (.+?)[.?!]*$/i,
    a: 1,
    b: 2,
  },
  { pattern: /^(?:please\s+)?compare (.+?) (?:and|with|to|vs\.?|versus) (.+?)(?: on (.+?))?[.?!]*$/i, a: 1, b: 2, topic: 3 },
  { pattern: /^(?:what is|what are|what's) the differences? between (.+?) and (.+?)[.?!]*$/i, a: 1, b: 2 },
  { pattern: /^how (?:does|do|did) (.+?) (?:differ from|compare (?:to|with)) (.+?)[.?!]*$/i, a: 1, b: 2 },
];

const leadingArticle = /^(?:the|a|an|our|my|their|this|that)\s+/i;
const clean = (text: string) => text.trim().replace(leadingArticle, '').trim();

/**
 * Lets two names share their head noun: in "the 2022 and 2023 reports" the first side is only "2022";
 * it borrows "reports" from the second, the way a reader understands it.
 */
function shareHead(a: string, b: string): [string, string] {
  const aWords = contentWords(a);
  const bWords = contentWords(b);
  const bare = (list: string[]) => list.length > 0 && list.every((w) => /^\d/.test(w));
  if (bare(aWords) && bWords.some((w) => !/^\d/.test(w))) return [`${a} ${bWords.filter((w) => !/^\d/.test(w)).join(' ')}`, b];
  if (bare(bWords) && aWords.some((w) => !/^\d/.test(w))) return [a, `${b} ${aWords.filter((w) => !/^\d/.test(w)).join(' ')}`];
  return [a, b];
}

/** The whole-document intent of a question, or null for an ordinary question. */
export function documentIntent(question: string): DocumentIntent | null {
  const text = question.trim().replace(/\s+/g, ' ');
  for (const { pattern, topic, a, b } of comparePatterns) {
    const match = pattern.exec(text);
    if (!match) continue;
    const [left, right] = shareHead(clean(match[a]!), clean(match[b]!));
    if (contentWords(left).length === 0 || contentWords(right).length === 0) continue;
    const about = topic !== undefined ? match[topic]?.trim() : undefined;
    return { kind: 'compare', refs: [left, right], topic: about ? clean(about) : null };
  }
  for (const pattern of summaryPatterns) {
    const match = pattern.exec(text);
    if (match && contentWords(match[1]!).length > 0) return { kind: 'summary', refs: [clean(match[1]!)] };
  }
  return null;
}

/** A document as the resolver sees it. */
export interface DocumentName {
  readonly id: number;
  readonly path: string;
  readonly title: string | null;
  readonly collection: string;
}

const genericWords = new Set(['document', 'documents', 'file', 'files', 'doc', 'docs', 'pdf', 'docx', 'version']);

/** Words of a document's names: title, file name (without extension) and collection. */
function nameWords(doc: DocumentName): Set<string> {
  const file = doc.path.split(/[\\/]/).pop() ?? doc.path;
  const base = file.replace(/\.[a-z0-9]+$/i, '');
  return new Set(words([doc.title ?? '', base, doc.collection].join(' ')).flatMap((w) => [w, w.replace(/s$/, '')]));
}

/**
 * The documents a name refers to: every number it states (a year) must be among a document's name
 * words, and the most of its other words must be; ties keep every best document (a collection name
 * can stand for several). Returns nothing when no document's names share a word with it.
 */
export function resolveDocuments(ref: string, documents: readonly DocumentName[]): DocumentName[] {
  const wanted = contentWords(ref)
    .map((w) => w.replace(/s$/, ''))
    .filter((w) => !genericWords.has(w));
  if (wanted.length === 0) return [];
  const numbers = wanted.filter((w) => /^\d/.test(w));
  let best: DocumentName[] = [];
  let bestScore = 0;
  for (const doc of documents) {
    const names = nameWords(doc);
    if (!numbers.every((n) => names.has(n))) continue;
    const score = wanted.filter((w) => names.has(w)).length;
    if (score > bestScore) {
      best = [doc];
      bestScore = score;
    } else if (score === bestScore && score > 0) best.push(doc);
  }
  return best;
}
