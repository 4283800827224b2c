import { monitorMigrations } from '../monitor/monitor-migrations';

/** Numbered, forward-only schema changes. Never edit a released migration; add the next number. */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE collections (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        private INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );

      -- AUTOINCREMENT: ids are never reused, so a stored citation can never open another passage.
      CREATE TABLE documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        file_type TEXT NOT NULL,
        title TEXT,
        content_hash TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        pages INTEGER,
        chunk_count INTEGER NOT NULL,
        text_length INTEGER NOT NULL,
        mtime_ms INTEGER,
        ingested_at INTEGER NOT NULL,
        UNIQUE (collection_id, path)
      );
      CREATE INDEX documents_hash ON documents(content_hash);

      CREATE TABLE chunks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        text TEXT NOT NULL,
        page INTEGER,
        heading_path TEXT NOT NULL DEFAULT '[]',
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        token_count INTEGER NOT NULL,
        content_hash TEXT NOT NULL
      );
      CREATE INDEX chunks_document ON chunks(document_id, ordinal);
      CREATE INDEX chunks_hash ON chunks(content_hash);

      -- The full text of each document as read, so a citation can show the passage in its context.
      CREATE TABLE document_texts (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        text TEXT NOT NULL
      );

      -- Keyword index over heading path + chunk text; rowid = chunks.id.
      CREATE VIRTUAL TABLE chunks_fts USING fts5(
        text,
        content = '',
        contentless_delete = 1,
        tokenize = 'porter unicode61 remove_diacritics 2'
      );

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        collection TEXT NOT NULL,
        request TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        finished_at INTEGER,
        error TEXT
      );

      -- One row per file of a job: the durable queue a restarted process resumes from.
      CREATE TABLE job_files (
        job_id TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        status TEXT NOT NULL,
        chunks INTEGER NOT NULL DEFAULT 0,
        error_code TEXT,
        error TEXT,
        PRIMARY KEY (job_id, path)
      );
      CREATE INDEX job_files_pending ON job_files(job_id, status);

      -- Embedders known to this library; exactly one is active for queries at a time.
      CREATE TABLE embedders (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        dimensions INTEGER NOT NULL,
        state TEXT NOT NULL,
        model BLOB,
        chunk_count INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        activated_at INTEGER
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    // Answer and embedding caches (issue 4). Index versions are bumped by triggers, so every path that
    // changes documents (ingest, re-ingest, removal, vanished files) invalidates in its own transaction.
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
  },
  ...monitorMigrations,
  {
    // Answer feedback (60–69): one verdict per answer id, independent of how answers are stored.
    version: 60,
    sql: `
      CREATE TABLE answer_feedback (
        answer_id TEXT PRIMARY KEY,
        rating TEXT CHECK (rating IN ('up', 'down')),
        comment TEXT NOT NULL DEFAULT '',
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    // Retrieval (10–19): document frequency per indexed term, to keep a question's rarest terms.
    version: 10,
    sql: `CREATE VIRTUAL TABLE chunks_fts_vocab USING fts5vocab(chunks_fts, row);`,
  },
  {
    // Providers and router (30–39): conversations with their messages; each answer keeps its route,
    // citations, token counts and cost, which also give the day's spend for the budget.
    version: 30,
    sql: `
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        content TEXT NOT NULL,
        status TEXT NOT NULL,
        retrieval_query TEXT,
        route TEXT,
        citations TEXT,
        collections TEXT NOT NULL DEFAULT '[]',
        private INTEGER NOT NULL DEFAULT 0,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        error_code TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX messages_conversation ON messages(conversation_id, created_at);
      CREATE INDEX messages_created ON messages(created_at);
    `,
  },
  {
    // The day's spend is summed before every answer: a covering index keeps that off the table.
    version: 31,
    sql: `
      DROP INDEX messages_created;
      CREATE INDEX messages_created_cost ON messages(created_at, cost_usd);
    `,
  },
  {
    // Retrieval results per request and index version: a cached answer is found after routing, which
    // needs the passages, so a hit in a fresh process (every CLI command) would otherwise retrieve again.
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
  },
];
