import type { Migration } from './migration';

/**
 * Retrieval (10–19): drops the sqlite-vec `bit[]` table each embedder had. It was written and deleted
 * for every chunk but never read: the dense first pass scans sign bits packed in memory
 * (retrieve/vector-cache.ts). The float vectors stay in their plain `vec_floats_*` tables. Dropping a
 * vec0 table also drops its shadow tables, and needs sqlite-vec loaded (openDatabase loads it).
 */
export const migration0019: Migration = {
  version: 19,
  apply: (db) => {
    const names = db
      .prepare<[], string>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'vec_bits_*' AND sql LIKE 'CREATE VIRTUAL TABLE%'",
      )
      .pluck()
      .all();
    for (const name of names) db.exec(`DROP TABLE "${name.replaceAll('"', '""')}"`);
  },
};
