import type { Db } from '../store/database';
import type { TermStatistics } from './extractive';

/**
 * Document frequencies from the library's keyword index (FTS5's vocabulary table counts the chunks
 * holding each porter-stemmed term, the same stems `contentTerms` makes), so the extractive answerer
 * weighs a question's terms by how rare they are in this user's library, with no labels.
 */
export function libraryTermStatistics(db: Db): TermStatistics {
  const frequency = db.prepare<[string], number>('SELECT doc FROM chunks_fts_vocab WHERE term = ?').pluck();
  const chunks = db.prepare<[], number>('SELECT COUNT(*) FROM chunks').pluck();
  const documents = chunks.get() ?? 0;
  const known = new Map<string, number>();
  return {
    documents,
    documentFrequency(term: string): number {
      let count = known.get(term);
      if (count === undefined) {
        count = frequency.get(term) ?? 0;
        known.set(term, count);
      }
      return count;
    },
  };
}
