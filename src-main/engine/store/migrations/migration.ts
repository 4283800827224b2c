import type Database from 'better-sqlite3';

/**
 * One numbered, forward-only schema change, one file per version in this folder. Never edit a
 * released migration; add the next number. Most are SQL; a few need to look at the schema first
 * (tables named per embedder), so they are code that runs in the same transaction.
 */
export type Migration =
  { readonly version: number; readonly sql: string } | { readonly version: number; readonly apply: (db: Database.Database) => void };
