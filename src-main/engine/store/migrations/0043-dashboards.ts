import type { Migration } from './migration';

/**
 * The monitor: dashboards.
 */
export const migration0043: Migration = {
  version: 43,
  sql: `
      CREATE TABLE dashboards (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        widgets TEXT NOT NULL,
        position INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
};
