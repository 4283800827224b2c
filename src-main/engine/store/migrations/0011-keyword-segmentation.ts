import type { Migration } from './migration';

/**
 * Retrieval (10–19), keyword index: chunks holding Chinese, Japanese, Thai… get their rows again with
 * the words separated (see text/segment-words.ts); other rows are unchanged. The two SQL functions are
 * the engine's own text code, registered by `migrate` (store/database.ts).
 */
export const migration0011: Migration = {
  version: 11,
  sql: `
      DELETE FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE quarry_has_unspaced(heading_path || text));
      INSERT INTO chunks_fts (rowid, text)
        SELECT id, quarry_keyword_text(heading_path, text) FROM chunks WHERE quarry_has_unspaced(heading_path || text);
    `,
};
