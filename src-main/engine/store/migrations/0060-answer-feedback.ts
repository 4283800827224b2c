import type { Migration } from './migration';

/**
 * Answer feedback (60–69): one verdict per answer id, independent of how answers are stored.
 */
export const migration0060: Migration = {
  version: 60,
  sql: `
      CREATE TABLE answer_feedback (
        answer_id TEXT PRIMARY KEY,
        rating TEXT CHECK (rating IN ('up', 'down')),
        comment TEXT NOT NULL DEFAULT '',
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
};
