import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../../../../src-main/engine/store/database';
import { createFeedbackRepository } from '../../../../../src-main/engine/store/feedback-repository';
import { createLibraryRepository } from '../../../../../src-main/engine/store/library-repository';
import { migrations } from '../../../../../src-main/engine/store/migrations';
import { tempDir } from '../../../../helpers/temp';

/**
 * Rows an older release would have written into the tables of each version, and what the current code
 * must still find in them after the upgrade.
 */
const seeds: Record<number, (db: Db) => void> = {
  1: (db) => {
    db.exec(`
      INSERT INTO collections (id, name, created_at) VALUES (1, 'old', 1);
      INSERT INTO documents (id, collection_id, path, file_type, title, content_hash, bytes, chunk_count, text_length, ingested_at)
        VALUES (7, 1, '/docs/wing.md', 'md', 'Wings', 'doc-hash', 60, 1, 52, 1);
      INSERT INTO document_texts (document_id, text) VALUES (7, '# Wings' || char(10) || char(10) || 'The swept wing delays drag rise.');
      INSERT INTO chunks (id, document_id, ordinal, text, heading_path, char_start, char_end, token_count, content_hash)
        VALUES (70, 7, 0, 'The swept wing delays drag rise.', '["Wings"]', 9, 41, 6, 'chunk-hash');
      INSERT INTO chunks_fts (rowid, text) VALUES (70, 'Wings The swept wing delays drag rise.');
      INSERT INTO jobs (id, kind, status, collection, request, created_at) VALUES ('job-1', 'ingest', 'done', 'old', '{}', 1);
      INSERT INTO job_files (job_id, path, bytes, status, chunks) VALUES ('job-1', '/docs/wing.md', 60, 'done', 1);
      INSERT INTO embedders (id, kind, dimensions, state, created_at) VALUES ('builtin-8@old', 'builtin', 8, 'active', 1);
      INSERT INTO settings (key, value) VALUES ('router.dailyBudgetUsd', '2');
    `);
  },
  20: (db) => {
    db.exec(`
      INSERT INTO answer_cache (key, family, question, value, bytes, created_at, expires_at, last_used_at)
        VALUES ('answer-key', 'family', 'what delays drag rise?', '{}', 2, 1, 9e15, 1);
      INSERT INTO answer_cache_documents (document_id, key) VALUES (7, 'answer-key');
      INSERT INTO embedding_cache (embedder_id, kind, content_hash, vector, created_at, last_used_at)
        VALUES ('builtin-8@old', 'passage', 'chunk-hash', zeroblob(32), 1, 1);
    `);
  },
  21: (db) => {
    db.exec(`INSERT INTO retrieval_cache (key, scope, version, value, created_at) VALUES ('r', '*', '1', '[]', 1)`);
  },
  30: (db) => {
    db.exec(`
      INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', 'Wings', 1, 1);
      INSERT INTO messages (id, conversation_id, role, content, status, cost_usd, created_at)
        VALUES ('a1:q', 'c1', 'user', 'what delays drag rise?', 'done', 0, 1),
               ('a1', 'c1', 'assistant', 'The swept wing [1].', 'done', 0.25, 2);
    `);
  },
  40: (db) => {
    db.exec(`
      INSERT INTO metric_series (id, name, labels, kind) VALUES (1, 'quarry_answers_total', '{}', 'counter');
      INSERT INTO metric_points (resolution, series_id, ts, min, max, sum, count, first, last) VALUES (0, 1, 1, 3, 3, 3, 1, 3, 3);
    `);
  },
  41: (db) => {
    db.exec(`INSERT INTO alert_rules (id, definition, created_at, updated_at) VALUES ('rule-1', '{}', 1, 1)`);
  },
  42: (db) => {
    db.exec(`INSERT INTO audit_log (at, actor, action, target, details) VALUES (1, 'cli', 'library.remove', '/docs/x.md', '{}')`);
  },
  43: (db) => {
    db.exec(`INSERT INTO dashboards (id, name, widgets, position, updated_at) VALUES ('d1', 'Main', '[]', 0, 1)`);
  },
  60: (db) => {
    db.exec(`INSERT INTO answer_feedback (answer_id, rating, comment, updated_at) VALUES ('a1', 'up', 'right page', 1)`);
  },
};

/** What each version's rows must still be after opening the file with the current code. */
function expectSeededRowsUsable(db: Db, versions: ReadonlySet<number>): void {
  const library = createLibraryRepository(db);
  if (versions.has(1)) {
    expect(library.passage(70, 20)).toMatchObject({
      documentId: 7,
      path: '/docs/wing.md',
      headingPath: ['Wings'],
      text: 'The swept wing delays drag rise.',
    });
    expect(db.prepare("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH 'swept'").pluck().all()).toEqual([70]);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'router.dailyBudgetUsd'").pluck().get()).toBe('2');
    expect(db.prepare("SELECT status FROM job_files WHERE job_id = 'job-1'").pluck().get()).toBe('done');
  }
  if (versions.has(20)) expect(db.prepare('SELECT count(*) FROM answer_cache').pluck().get()).toBe(1);
  if (versions.has(21)) expect(db.prepare('SELECT count(*) FROM retrieval_cache').pluck().get()).toBe(1);
  if (versions.has(30)) {
    expect(db.prepare('SELECT sum(cost_usd) FROM messages WHERE created_at >= 0').pluck().get()).toBe(0.25);
  }
  if (versions.has(40)) expect(db.prepare('SELECT last FROM metric_points WHERE series_id = 1').pluck().get()).toBe(3);
  if (versions.has(41)) expect(db.prepare("SELECT state FROM alert_rules WHERE id = 'rule-1'").pluck().get()).toBe('inactive');
  if (versions.has(42)) expect(db.prepare('SELECT action FROM audit_log').pluck().get()).toBe('library.remove');
  if (versions.has(43)) expect(db.prepare("SELECT name FROM dashboards WHERE id = 'd1'").pluck().get()).toBe('Main');
  if (versions.has(60)) expect(createFeedbackRepository(db).get('a1')).toMatchObject({ rating: 'up', comment: 'right page' });
}

/** The upgraded file works as a current one: documents are written, found by their rarest term, removed. */
function expectCurrentSchemaWorks(db: Db, versions: ReadonlySet<number>): void {
  const library = createLibraryRepository(db);
  const collectionId = library.ensureCollection('new');
  const text = 'Flutter is an aeroelastic instability.';
  const { documentId, chunkIds } = db.transaction(() =>
    library.insertDocumentRows({
      collectionId,
      path: '/docs/flutter.md',
      fileType: 'md',
      title: null,
      contentHash: 'flutter-hash',
      bytes: text.length,
      pages: null,
      mtimeMs: null,
      text,
      chunks: [{ ordinal: 0, text, page: null, headingPath: [], start: 0, end: text.length, tokenCount: 5 }],
    }),
  )();
  expect(documentId).toBeGreaterThan(versions.has(1) ? 7 : 0);
  expect(db.prepare("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH 'aeroelastic'").pluck().all()).toEqual(chunkIds);
  expect(db.prepare("SELECT doc FROM chunks_fts_vocab WHERE term = 'aeroelast'").pluck().get()).toBe(1);
  db.transaction(() => library.deleteDocumentRows(documentId, () => undefined))();
  expect(db.prepare('SELECT version FROM index_versions WHERE scope = ?').pluck().get(`c:${collectionId}`)).toBe(2);
  if (versions.has(1)) {
    // Removing an old document drops the cached answers that cite it (migration 20's trigger).
    db.transaction(() => library.deleteDocumentRows(7, () => undefined))();
    expect(db.prepare('SELECT count(*) FROM answer_cache').pluck().get()).toBe(0);
  }
  const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages'").pluck().all();
  expect(indexes).toContain('messages_created_cost');
  expect(indexes).not.toContain('messages_created');
}

/** A library file as an older release left it: exactly the given migrations, then its rows. */
function createOldLibrary(file: string, versions: ReadonlySet<number>): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  sqliteVec.load(db);
  migrate(
    db,
    migrations.filter((migration) => versions.has(migration.version)),
  );
  for (const version of [...versions].sort((a, b) => a - b)) seeds[version]?.(db);
  db.close();
}

function upgrade(versions: ReadonlySet<number>): void {
  const file = join(tempDir('quarry-migrations-'), 'library.sqlite');
  createOldLibrary(file, versions);
  const before = Date.now();
  const db = openDatabase(file);
  try {
    const recorded = db.prepare<[], { version: number; applied_at: number }>('SELECT version, applied_at FROM schema_migrations').all();
    expect(recorded.map((row) => row.version).sort((a, b) => a - b)).toEqual(migrations.map((migration) => migration.version));
    const newlyApplied = recorded.filter((row) => row.applied_at >= before).map((row) => row.version);
    expect(newlyApplied.sort((a, b) => a - b)).toEqual(migrations.map((m) => m.version).filter((version) => !versions.has(version)));
    expectSeededRowsUsable(db, versions);
    expectCurrentSchemaWorks(db, versions);
  } finally {
    db.close();
  }
  // Opening again applies nothing twice.
  const again = openDatabase(file);
  expect(again.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(migrations.length);
  again.close();
}

const allVersions = migrations.map((migration) => migration.version);

/** The sets of versions each past release shipped with (git history): numbers were not added in order. */
const releasedSets: readonly (readonly number[])[] = [
  [1],
  [1, 20],
  [1, 20, 40, 41, 42, 43],
  [1, 20, 40, 41, 42, 43, 60],
  [1, 20, 30, 40, 41, 42, 43, 60],
  [1, 20, 21, 30, 40, 41, 42, 43, 60],
  [1, 20, 21, 30, 31, 40, 41, 42, 43, 60],
  [1, 10, 20, 21, 30, 31, 40, 41, 42, 43, 60],
];

describe('migrations', () => {
  it('are listed once each, in version order', () => {
    expect(allVersions).toEqual([...new Set(allVersions)].sort((a, b) => a - b));
  });

  it.each(allVersions.slice(0, -1).map((version) => [version]))('upgrade a library created with the migrations up to %i', (last) => {
    upgrade(new Set(allVersions.filter((version) => version <= last)));
  });

  it.each(releasedSets.map((set) => [set.join(','), set] as const))('upgrade a library a release left at versions %s', (_name, set) => {
    upgrade(new Set(set));
  });
});
