import type { SearchFilters } from '../../../src-shared/schemas/search';
import type { Db } from '../store/database';
import { stem, stopWords, words } from '../text/terms';
import { filterJoins, filterSql, hasFilters } from './filters';

export interface KeywordHit {
  readonly chunkId: number;
  /** BM25, higher is better (FTS5 reports it negated). */
  readonly score: number;
}

const maxQueryTerms = 64;

/** How a question's terms are cut down before FTS5 scores every chunk that holds any of them. */
export interface TermPruning {
  /** Chunks FTS5 may score for one query (the sum of the kept terms' document frequencies). */
  readonly postingsBudget: number;
  /** The rarest terms kept whatever the budget. */
  readonly minTerms: number;
}

export const defaultTermPruning: TermPruning = { postingsBudget: 6_000, minTerms: 2 };

/** The distinct words of a question that a keyword query should search for, stop words dropped. */
export function queryWords(text: string): string[] {
  const all = [...new Set(words(text))];
  const content = all.filter((word) => !stopWords.has(word));
  // A question made only of stop words ("who was it?") still searches for them rather than nothing.
  return (content.length > 0 ? content : all).slice(0, maxQueryTerms);
}

/**
 * An FTS5 query for a question: an OR of its quoted distinct words (FTS5's implicit AND finds almost
 * nothing for questions: nDCG@10 0.01 vs 0.364 on Cranfield). Every term is a quoted string of
 * letters and digits, so no user input can form FTS5 syntax. Null when the text has no word at all.
 */
export function buildKeywordQuery(text: string): string | null {
  return orQuery(queryWords(text));
}

function orQuery(chosen: readonly string[]): string | null {
  return chosen.length > 0 ? chosen.map((word) => `"${word}"`).join(' OR ') : null;
}

/**
 * Keeps the rarest terms within a budget of postings: FTS5 scores every chunk holding any term, so a
 * common word ("flow" in half an aerodynamics library) costs the most and ranks least. Small
 * libraries stay within the budget and keep every term.
 */
export function pruneTerms(terms: readonly { word: string; chunks: number }[], pruning: TermPruning = defaultTermPruning): string[] {
  const sorted = [...terms].sort((a, b) => a.chunks - b.chunks || a.word.localeCompare(b.word));
  const kept: string[] = [];
  let postings = 0;
  for (const term of sorted) {
    if (kept.length >= pruning.minTerms && postings + term.chunks > pruning.postingsBudget) break;
    kept.push(term.word);
    postings += term.chunks;
  }
  return kept;
}

function prunedQuery(db: Db, text: string): string | null {
  const candidates = queryWords(text);
  if (candidates.length <= 2) return orQuery(candidates);
  const frequency = db.prepare<[string], number>('SELECT doc FROM chunks_fts_vocab WHERE term = ?').pluck();
  // A term the vocabulary does not know costs nothing to search, and may be a stem our stemmer and
  // FTS5's disagree on: it is kept, as a rare one.
  return orQuery(pruneTerms(candidates.map((word) => ({ word, chunks: frequency.get(stem(word)) ?? 0 }))));
}

/** Chunks ranked by FTS5 BM25 for the query, filters applied in the same statement. */
export function keywordSearch(db: Db, text: string, options: { readonly limit: number; readonly filters: SearchFilters }): KeywordHit[] {
  const match = prunedQuery(db, text);
  if (!match) return [];
  type Row = { id: number; rank: number };
  let rows: Row[];
  if (hasFilters(options.filters)) {
    const sql = filterSql(options.filters);
    rows = db
      .prepare(
        `SELECT f.rowid AS id, f.rank AS rank FROM chunks_fts f JOIN chunks c ON c.id = f.rowid ${filterJoins}
         WHERE chunks_fts MATCH ? AND ${sql.where} ORDER BY f.rank LIMIT ?`,
      )
      .all(match, ...sql.params, options.limit) as Row[];
  } else {
    rows = db
      .prepare('SELECT rowid AS id, rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?')
      .all(match, options.limit) as Row[];
  }
  return rows.map((row) => ({ chunkId: Number(row.id), score: -row.rank }));
}
