import type { Migration } from './migration';

/**
 * The library: collections, documents, chunks and their keyword index, jobs, embedders, settings.
 */
export const migration0001: Migration = {
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
};
