import type { Migration } from './migration';

/**
 * Library (1–9), ingestion: what a file indexed only in part lacks ("page 3 of 9 could not be read").
 */
export const migration0002: Migration = {
  version: 2,
  sql: `ALTER TABLE job_files ADD COLUMN warning TEXT;`,
};
