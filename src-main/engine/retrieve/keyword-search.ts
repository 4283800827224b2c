import type { SearchFilters } from '../../../src-shared/schemas/search';
import type { Db } from '../store/database';
import { chunkRowIndexingText } from '../text/indexing-text';
import { stem, stopWords, words } from '../text/terms';
import { bm25Idf, bm25TermScore, fts5Averages, fts5DocumentLength, type Bm25Library } from './bm25';
import { filterJoins, filterSql, hasFilters } from './filters';

export interface KeywordHit {
  readonly chunkId: number;
  /** BM25, higher is better (FTS5 reports it negated). */
  readonly score: number;
}

const maxQueryTerms = 64;

/** One distinct term of a question: the word searched, its stem, and how often the question says it. */
export interface QueryTerm {
  readonly word: string;
  readonly stem: string;
  /** Query term frequency: BM25 counts a term said twice twice, as FTS5 does for a repeated phrase. */
  readonly count: number;
}

/** A query term with its document frequency in the library (chunks holding it). */
export interface CountedTerm extends QueryTerm {
  readonly chunks: number;
}

/** How a question's terms are split before FTS5 scores every chunk that holds any of them. */
export interface TermPruning {
  /** Postings FTS5 may read to find candidates (the sum of the searched terms' document frequencies). */
  readonly postingsBudget: number;
  /** The rarest terms searched whatever the budget. */
  readonly minTerms: number;
  /** Candidates read per result wanted when some terms are scored on the candidates only. */
  readonly candidateFactor: number;
}

export const defaultTermPruning: TermPruning = { postingsBudget: 6_000, minTerms: 2, candidateFactor: 3 };

/** The distinct terms of a question (grouped by stem, with their counts), stop words dropped. */
export function queryTerms(text: string): QueryTerm[] {
  const all = words(text).filter((word) => word.length <= 40);
  const content = all.filter((word) => word.length > 1 && !stopWords.has(word));
  // A question made only of stop words ("who was it?") still searches for them rather than nothing.
  const chosen = content.length > 0 ? content : all;
  const byStem = new Map<string, { word: string; stem: string; count: number }>();
  for (const word of chosen) {
    const key = stem(word);
    const term = byStem.get(key);
    if (term) term.count++;
    else if (byStem.size < maxQueryTerms) byStem.set(key, { word, stem: key, count: 1 });
  }
  return [...byStem.values()];
}

/**
 * An FTS5 query for a question: an OR of its quoted words, each repeated as often as the question says
 * it (FTS5's implicit AND finds almost nothing for questions: nDCG@10 0.01 vs 0.364 on Cranfield). Every
 * term is a quoted string of letters and digits, so no user input can form FTS5 syntax. Null when the
 * text has no word at all.
 */
export function buildKeywordQuery(text: string): string | null {
  return orQuery(queryTerms(text));
}

function orQuery(terms: readonly QueryTerm[]): string | null {
  const phrases = terms.flatMap((term) => Array.from({ length: term.count }, () => `"${term.word}"`));
  return phrases.length > 0 ? phrases.join(' OR ') : null;
}

/** Which terms FTS5 searches, which are added to the candidates' scores afterwards, and which are left out. */
export interface KeywordPlan {
  readonly searched: readonly CountedTerm[];
  readonly rescored: readonly CountedTerm[];
  /** Terms in more than half the library: BM25's idf is ≤ 0 there (FTS5 floors it at 1e-6), so they rank nothing. */
  readonly dropped: readonly CountedTerm[];
}

/**
 * Splits a question's terms so that FTS5 reads a bounded number of postings without the ranking losing
 * any term: the rarest terms within the budget are searched (they find the candidates), the common rest
 * are scored exactly on those candidates (MaxScore's "non-essential" terms), and only terms BM25 gives no
 * weight at all are dropped. Small libraries fit the budget and search every term.
 */
export function planKeywordQuery(
  terms: readonly CountedTerm[],
  libraryChunks: number,
  pruning: TermPruning = defaultTermPruning,
): KeywordPlan {
  // Within the budget everything is searched, so scores keep every term (a one-document library too).
  const total = terms.reduce((sum, term) => sum + term.chunks, 0);
  if (total <= pruning.postingsBudget) return { searched: [...terms], rescored: [], dropped: [] };
  const dropped = terms.filter((term) => libraryChunks > 0 && term.chunks > libraryChunks / 2);
  const useful = terms.filter((term) => !dropped.includes(term)).sort((a, b) => a.chunks - b.chunks || a.stem.localeCompare(b.stem));
  const searched: CountedTerm[] = [];
  let postings = 0;
  let index = 0;
  for (; index < useful.length; index++) {
    const term = useful[index]!;
    if (searched.length >= pruning.minTerms && postings + term.chunks > pruning.postingsBudget) break;
    searched.push(term);
    postings += term.chunks;
  }
  // Only stop-word-like terms: search the rarest of them rather than nothing.
  if (searched.length === 0 && dropped.length > 0)
    return { searched: dropped.slice(0, pruning.minTerms), rescored: [], dropped: dropped.slice(pruning.minTerms) };
  return { searched, rescored: useful.slice(index), dropped };
}

function countTerms(db: Db, terms: readonly QueryTerm[]): CountedTerm[] {
  const frequency = db.prepare<[string], number>('SELECT doc FROM chunks_fts_vocab WHERE term = ?').pluck();
  // A term the vocabulary does not know costs nothing to search, and may be a stem our stemmer and
  // FTS5's disagree on: it is kept, as a rare one.
  return terms.map((term) => ({ ...term, chunks: frequency.get(term.stem) ?? 0 }));
}

/** Chunks ranked by FTS5 BM25 for the query, filters applied in the same statement. */
export function keywordSearch(
  db: Db,
  text: string,
  options: { readonly limit: number; readonly filters: SearchFilters; readonly pruning?: TermPruning },
): KeywordHit[] {
  const pruning = options.pruning ?? defaultTermPruning;
  const terms = queryTerms(text);
  if (terms.length === 0) return [];
  const library = fts5Averages(db);
  const plan: KeywordPlan =
    terms.length <= pruning.minTerms
      ? { searched: terms.map((term) => ({ ...term, chunks: 0 })), rescored: [], dropped: [] }
      : planKeywordQuery(countTerms(db, terms), library.rows, pruning);
  const match = orQuery(plan.searched);
  if (!match) return [];
  const depth = plan.rescored.length > 0 ? Math.max(options.limit * pruning.candidateFactor, 100) : options.limit;
  const hits = ftsSearch(db, match, depth, options.filters);
  if (plan.rescored.length === 0) return hits;
  return addTermScores(db, hits, plan.rescored, library)
    .sort((x, y) => y.score - x.score || x.chunkId - y.chunkId)
    .slice(0, options.limit);
}

function ftsSearch(db: Db, match: string, limit: number, filters: SearchFilters): KeywordHit[] {
  type Row = { id: number; rank: number };
  let rows: Row[];
  if (hasFilters(filters)) {
    const sql = filterSql(filters);
    rows = db
      .prepare(
        `SELECT f.rowid AS id, f.rank AS rank FROM chunks_fts f JOIN chunks c ON c.id = f.rowid ${filterJoins}
         WHERE chunks_fts MATCH ? AND ${sql.where} ORDER BY f.rank LIMIT ?`,
      )
      .all(match, ...sql.params, limit) as Row[];
  } else {
    rows = db.prepare('SELECT rowid AS id, rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?').all(match, limit) as Row[];
  }
  return rows.map((row) => ({ chunkId: Number(row.id), score: -row.rank }));
}

/** Adds the BM25 contribution of the rescored terms to each candidate, from its text and FTS5's length. */
function addTermScores(db: Db, hits: readonly KeywordHit[], terms: readonly CountedTerm[], library: Bm25Library): KeywordHit[] {
  if (hits.length === 0) return [];
  const rows = db
    .prepare(
      `SELECT c.id, c.heading_path, c.text, s.sz FROM json_each(?) j JOIN chunks c ON c.id = j.value
       LEFT JOIN chunks_fts_docsize s ON s.id = c.id`,
    )
    .all(JSON.stringify(hits.map((hit) => hit.chunkId))) as { id: number; heading_path: string; text: string; sz: Buffer | null }[];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const wanted = new Map(terms.map((term) => [term.stem, { term, idf: bm25Idf(term.chunks, library.rows) }]));
  return hits.map((hit) => {
    const row = byId.get(hit.chunkId);
    if (!row) return hit;
    const { frequencies, length } = countStems(chunkRowIndexingText(row.heading_path, row.text), wanted);
    const documentLength = row.sz ? fts5DocumentLength(row.sz) : length;
    let score = hit.score;
    for (const [key, tf] of frequencies) {
      const { term, idf } = wanted.get(key)!;
      score += term.count * bm25TermScore(tf, documentLength, library.averageLength, idf);
    }
    return { chunkId: hit.chunkId, score };
  });
}

/**
 * How often each wanted stem occurs in a text, and the text's length in words. Porter stemming only
 * rewrites endings, so a word is stemmed only when it starts like a wanted stem: the count is the
 * same as stemming every word, at a fraction of the cost (this runs on hundreds of candidates).
 */
const asciiOnly = /^[ -~\t\n\r]*$/;
const asciiWord = /[a-z0-9]+/g;

export function countStems(text: string, wanted: ReadonlyMap<string, unknown>): { frequencies: Map<string, number>; length: number } {
  const prefixes = new Set([...wanted.keys()].map((key) => key.slice(0, 3)));
  const frequencies = new Map<string, number>();
  // Plain ASCII text (most of it) splits the way unicode61 does with a simple pattern, ~10× cheaper.
  const lower = text.toLowerCase();
  const tokens = asciiOnly.test(lower) ? (lower.match(asciiWord) ?? []) : words(text);
  for (const word of tokens) {
    if (!prefixes.has(word.slice(0, 3))) continue;
    const key = stem(word);
    if (wanted.has(key)) frequencies.set(key, (frequencies.get(key) ?? 0) + 1);
  }
  return { frequencies, length: tokens.length };
}
