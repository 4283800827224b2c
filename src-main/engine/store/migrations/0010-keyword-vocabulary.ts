import type { Migration } from './migration';

/**
 * Retrieval (10–19): document frequency per indexed term, to keep a question's rarest terms.
 */
export const migration0010: Migration = {
  version: 10,
  sql: `CREATE VIRTUAL TABLE chunks_fts_vocab USING fts5vocab(chunks_fts, row);`,
};
