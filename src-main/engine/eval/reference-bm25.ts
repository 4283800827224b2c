import Database from 'better-sqlite3';
import { contentWords } from '../text/terms';
import type { BeirDataset } from './beir';
import { scoreRuns, type RetrievalScores } from './metrics';

/**
 * The plain FTS5 baseline every retrieval change is compared with, computed the way the data sets'
 * READMEs state it: one in-memory FTS5 table (porter unicode61, title + text in one column, one row per
 * document), the question as an OR of its quoted words with stop words dropped, BM25, no pruning.
 * It shares nothing with the library under test but the word splitter, so a regression in Quarry's own
 * keyword path shows as a gap between the two rows.
 */
export function referenceBm25Scores(dataset: BeirDataset, depth = 100): RetrievalScores {
  const db = new Database(':memory:');
  try {
    db.exec(`CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2')`);
    const insert = db.prepare('INSERT INTO docs (rowid, body) VALUES (?, ?)');
    db.transaction(() => {
      dataset.corpus.forEach((record, index) => insert.run(index + 1, record.title ? `${record.title}\n${record.text}` : record.text));
    })();
    const search = db.prepare<[string, number], number>('SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?').pluck();
    const runs = dataset.queries.map((query) => {
      // Every content word as said, repeats included (a repeated phrase counts again in FTS5's BM25).
      const terms = contentWords(query.text);
      const rows = terms.length > 0 ? search.all(terms.map((word) => `"${word}"`).join(' OR '), depth) : [];
      return { ranking: rows.map((rowid) => dataset.corpus[Number(rowid) - 1]!._id), judgements: dataset.qrels.get(query._id)! };
    });
    return scoreRuns(runs);
  } finally {
    db.close();
  }
}
