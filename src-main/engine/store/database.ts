import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations, type Migration } from './migrations';
import { chunkRowIndexingText } from '../text/indexing-text';
import { hasUnspacedScript, spaceUnspacedWords } from '../text/segment-words';

export type Db = Database.Database;

/** Opens (and creates) a library file: WAL, foreign keys, sqlite-vec loaded, migrations applied. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  sqliteVec.load(db);
  migrate(db);
  return db;
}

/**
 * SQL functions migrations use to rebuild keyword rows with the engine's own text code:
 * `quarry_keyword_text(heading_path_json, text)` is what the keyword index holds for a chunk, and
 * `quarry_has_unspaced(text)` says whether its tokenizing depends on word segmentation.
 */
function registerTextFunctions(db: Db): void {
  db.function('quarry_keyword_text', { deterministic: true }, (headingPath: unknown, text: unknown) =>
    spaceUnspacedWords(chunkRowIndexingText(String(headingPath), String(text))),
  );
  db.function('quarry_has_unspaced', { deterministic: true }, (text: unknown) => (hasUnspacedScript(String(text)) ? 1 : 0));
}

/**
 * Applies, in version order and each in its own transaction, every migration this file has not
 * recorded in `schema_migrations` (one row per applied version, as every release has kept it).
 * Missing versions below the highest applied one are applied too: they were added to the list later.
 * The text functions are registered here, not by the caller, since a migration's SQL may call them.
 */
export function migrate(db: Db, list: readonly Migration[] = migrations): void {
  registerTextFunctions(db);
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const applied = new Set(
    db
      .prepare('SELECT version FROM schema_migrations')
      .pluck()
      .all()
      .map((v) => Number(v)),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  for (const migration of [...list].sort((x, y) => x.version - y.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      if ('sql' in migration) db.exec(migration.sql);
      else migration.apply(db);
      record.run(migration.version, Date.now());
    })();
  }
}
