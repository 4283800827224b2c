import type { SearchFilters } from '../../../src-shared/schemas/search';
import type { Db } from '../store/database';
import { stopWords, words } from '../text/terms';
import { filterJoins, filterSql, hasFilters } from './filters';

export interface KeywordHit {
  readonly chunkId: number;
  /** BM25, higher is better (FTS5 reports it negated). */
  readonly score: number;
}

const maxQueryTerms = 64;

/**
 * An FTS5 query for a question: an OR of its quoted distinct words, stop words dropped (FTS5's
 * implicit AND finds almost nothing for questions: nDCG@10 0.01 vs 0.364 on Cranfield). Every term
 * is a quoted string of letters and digits, so no user input can form FTS5 syntax. Null when the
 * text has no word at all.
 */
export function buildKeywordQuery(text: string): string | null {
  const all = [...new Set(words(text))];
  const content = all.filter((word) => !stopWords.has(word));
  // A question made only of stop words ("who was it?") still searches for them rather than nothing.
  const chosen = (content.length > 0 ? content : all).slice(0, maxQueryTerms);
  return chosen.length > 0 ? chosen.map((word) => `"${word}"`).join(' OR ') : null;
}

/** Chunks ranked by FTS5 BM25 for the query, filters applied in the same statement. */
export function keywordSearch(db: Db, text: string, options: { readonly limit: number; readonly filters: SearchFilters }): KeywordHit[] {
  const match = buildKeywordQuery(text);
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
    rows = db.prepare('SELECT rowid AS id, rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?').all(match, options.limit) as Row[];
  }
  return rows.map((row) => ({ chunkId: Number(row.id), score: -row.rank }));
}
