import type { Migration } from './migration';

/**
 * Answer and embedding caches (issue 4). Index versions are bumped by triggers, so every path that
 * changes documents (ingest, re-ingest, removal, vanished files) invalidates in its own transaction.
 */
export const migration0020: Migration = {
  version: 20,
  sql: `
      CREATE TABLE index_versions (
        scope TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      );

      CREATE TRIGGER index_version_document_insert AFTER INSERT ON documents BEGIN
        INSERT INTO index_versions (scope, version) VALUES ('c:' || NEW.collection_id, 1)
          ON CONFLICT (scope) DO UPDATE SET version = version + 1;
        INSERT INTO index_versions (scope, version) VALUES ('*', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER index_version_document_update AFTER UPDATE ON documents BEGIN
        INSERT INTO index_versions (scope, version) VALUES ('c:' || OLD.collection_id, 1)
          ON CONFLICT (scope) DO UPDATE SET version = version + 1;
        INSERT INTO index_versions (scope, version) VALUES ('c:' || NEW.collection_id, 1)
          ON CONFLICT (scope) DO UPDATE SET version = version + 1;
        INSERT INTO index_versions (scope, version) VALUES ('*', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
      END;
      CREATE TRIGGER index_version_document_delete AFTER DELETE ON documents BEGIN
        INSERT INTO index_versions (scope, version) VALUES ('c:' || OLD.collection_id, 1)
          ON CONFLICT (scope) DO UPDATE SET version = version + 1;
        INSERT INTO index_versions (scope, version) VALUES ('*', 1) ON CONFLICT (scope) DO UPDATE SET version = version + 1;
        DELETE FROM answer_cache WHERE key IN (SELECT key FROM answer_cache_documents WHERE document_id = OLD.id);
      END;
      -- Switching the active embedder changes every dense ranking, so every scope gets a new version.
      CREATE TRIGGER index_version_embedder_switch AFTER UPDATE OF state ON embedders
        WHEN NEW.state = 'active' OR OLD.state = 'active' BEGIN
        UPDATE index_versions SET version = version + 1;
        INSERT INTO index_versions (scope, version) VALUES ('*', 1) ON CONFLICT (scope) DO NOTHING;
      END;

      CREATE TABLE answer_cache (
        key TEXT PRIMARY KEY,
        -- Everything in the key but the question: entries that could serve a similar question.
        family TEXT NOT NULL,
        question TEXT NOT NULL,
        value TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        embedding BLOB,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL,
        hits INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX answer_cache_expires ON answer_cache(expires_at);
      CREATE INDEX answer_cache_used ON answer_cache(last_used_at);
      CREATE INDEX answer_cache_family ON answer_cache(family);

      -- Documents an answer cites: removing or changing one drops the answers built on it at once.
      CREATE TABLE answer_cache_documents (
        document_id INTEGER NOT NULL,
        key TEXT NOT NULL REFERENCES answer_cache(key) ON DELETE CASCADE,
        PRIMARY KEY (document_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX answer_cache_documents_key ON answer_cache_documents(key);

      -- Questions as asked, for warming the cache with the most frequent ones.
      CREATE TABLE question_log (
        normalized TEXT NOT NULL,
        collection TEXT NOT NULL DEFAULT '',
        mode TEXT NOT NULL,
        top_k INTEGER NOT NULL,
        question TEXT NOT NULL,
        asks INTEGER NOT NULL,
        last_asked_at INTEGER NOT NULL,
        PRIMARY KEY (normalized, collection, mode, top_k)
      ) WITHOUT ROWID;

      -- Cumulative cache counters, flushed from each process so stats survive restarts and span hosts;
      -- stored_entries and stored_bytes follow the table through triggers (bounds need no full scan).
      CREATE TABLE cache_counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO cache_counters (name, value) VALUES ('stored_entries', 0), ('stored_bytes', 0), ('generation', 0);
      CREATE TRIGGER answer_cache_count_insert AFTER INSERT ON answer_cache BEGIN
        UPDATE cache_counters SET value = value + 1 WHERE name = 'stored_entries';
        UPDATE cache_counters SET value = value + NEW.bytes WHERE name = 'stored_bytes';
      END;
      CREATE TRIGGER answer_cache_count_delete AFTER DELETE ON answer_cache BEGIN
        UPDATE cache_counters SET value = value - 1 WHERE name = 'stored_entries';
        UPDATE cache_counters SET value = value - OLD.bytes WHERE name = 'stored_bytes';
      END;

      CREATE TABLE embedding_cache (
        embedder_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        vector BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER NOT NULL,
        PRIMARY KEY (embedder_id, kind, content_hash)
      ) WITHOUT ROWID;
      CREATE INDEX embedding_cache_used ON embedding_cache(last_used_at);
    `,
};
