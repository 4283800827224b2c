import type { Migration } from './migration';

/**
 * Retrieval results per request and index version: a cached answer is found after routing, which needs
 * the passages, so a hit in a fresh process (every CLI command) would otherwise retrieve again.
 */
export const migration0021: Migration = {
  version: 21,
  sql: `
      CREATE TABLE retrieval_cache (
        key TEXT PRIMARY KEY,
        scope TEXT NOT NULL,
        version TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX retrieval_cache_created ON retrieval_cache(created_at);
    `,
};
