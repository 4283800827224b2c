import type { Db } from './database';
import type { CollectionSummary, DocumentFilter, DocumentSummary, FileType, Passage } from '../../../src-shared/schemas/library';
import type { ChunkDraft } from './chunk-draft';
import { AppError } from '../../../src-shared/errors';
import { textContentHash } from '../text/content-hash';
import { indexingText } from '../text/indexing-text';
import { spaceUnspacedWords } from '../text/segment-words';

interface DocumentRow {
  id: number;
  path: string;
  collection: string;
  file_type: string;
  title: string | null;
  bytes: number;
  pages: number | null;
  chunk_count: number;
  content_hash: string;
  ingested_at: number;
}

/** The document as written in one transaction together with its chunks. */
export interface NewDocument {
  readonly collectionId: number;
  readonly path: string;
  readonly fileType: FileType;
  readonly title: string | null;
  readonly contentHash: string;
  readonly bytes: number;
  readonly pages: number | null;
  readonly mtimeMs: number | null;
  readonly text: string;
  readonly chunks: readonly ChunkDraft[];
}

const documentColumns = `d.id, d.path, c.name AS collection, d.file_type, d.title, d.bytes, d.pages, d.chunk_count,
  d.content_hash, d.ingested_at`;

function toSummary(row: DocumentRow): DocumentSummary {
  return {
    id: row.id,
    path: row.path,
    collection: row.collection,
    fileType: row.file_type as FileType,
    title: row.title,
    bytes: row.bytes,
    pages: row.pages,
    chunks: row.chunk_count,
    contentHash: row.content_hash,
    ingestedAt: row.ingested_at,
  };
}

/** A stored chunk with what decides whether a re-read document changed it. */
export interface StoredChunk {
  readonly id: number;
  readonly ordinal: number;
  readonly contentHash: string;
  readonly page: number | null;
  readonly start: number;
  readonly end: number;
  readonly tokenCount: number;
}

export interface LibraryRepository {
  ensureCollection: (name: string) => number;
  documentText: (documentId: number) => string | null;
  documentByPath: (
    collectionId: number,
    path: string,
  ) =>
    | {
        id: number;
        content_hash: string;
      }
    | undefined;
  deleteDocumentRows: (documentId: number, beforeDelete: (chunkIds: readonly number[]) => void) => readonly number[];
  /** Writes a re-read document over its stored version in place; returns the ids of the inserted chunks. */
  replaceDocumentRows: (
    documentId: number,
    doc: NewDocument,
    match: { readonly keptIds: readonly (number | null)[]; readonly removedIds: readonly number[] },
    beforeDelete: (chunkIds: readonly number[]) => void,
  ) => number[];
  /** A document's stored chunks in order, with what decides whether a re-read changed them. */
  storedChunks: (documentId: number) => StoredChunk[];
  insertDocumentRows: (doc: NewDocument) => {
    documentId: number;
    chunkIds: number[];
  };
  listDocuments: (
    filter: DocumentFilter & {
      limit: number;
    },
  ) => DocumentSummary[];
  findDocuments: (ref: string) => DocumentSummary[];
  documentsUnder: (
    collectionId: number,
    folder: string,
  ) => {
    id: number;
    path: string;
  }[];
  passage: (chunkId: number, contextChars: number) => Passage;
  /** The document a citation pointed to, by its id (kept across re-indexing) or else by its path. */
  currentDocument: (documentId: number | null, path: string | null) => { id: number; path: string } | null;
  /** The chunk of a document that holds most of a span of its text (its first such chunk), or null. */
  chunkAt: (documentId: number, span: { readonly start: number; readonly end: number }) => number | null;
  collections: () => CollectionSummary[];
  setCollectionPrivate: (name: string, isPrivate: boolean) => CollectionSummary;
  counts: () => {
    documents: number;
    chunks: number;
    collections: number;
  };
}

/** Documents, chunks, their keyword index and collections: one repository because one transaction writes them together. */
export function createLibraryRepository(db: Db): LibraryRepository {
  const statements = {
    collectionByName: db.prepare<[string], { id: number; private: number }>('SELECT id, private FROM collections WHERE name = ?'),
    insertCollection: db.prepare('INSERT INTO collections (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING'),
    documentByPath: db.prepare<[number, string], { id: number; content_hash: string }>(
      'SELECT id, content_hash FROM documents WHERE collection_id = ? AND path = ?',
    ),
    chunkIdsOfDocument: db.prepare<[number], number>('SELECT id FROM chunks WHERE document_id = ?').pluck(),
    deleteFts: db.prepare('DELETE FROM chunks_fts WHERE rowid = ?'),
    deleteDocument: db.prepare('DELETE FROM documents WHERE id = ?'),
    insertDocument: db.prepare(`INSERT INTO documents
      (collection_id, path, file_type, title, content_hash, bytes, pages, chunk_count, text_length, mtime_ms, ingested_at)
      VALUES (@collectionId, @path, @fileType, @title, @contentHash, @bytes, @pages, @chunkCount, @textLength, @mtimeMs, @ingestedAt)`),
    insertText: db.prepare('INSERT INTO document_texts (document_id, text) VALUES (?, ?)'),
    insertChunk: db.prepare(`INSERT INTO chunks
      (document_id, ordinal, text, page, heading_path, char_start, char_end, token_count, content_hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    insertFts: db.prepare('INSERT INTO chunks_fts (rowid, text) VALUES (?, ?)'),
    storedChunks: db.prepare<[number], StoredChunk>(
      `SELECT id, ordinal, content_hash AS contentHash, page, char_start AS start, char_end AS end, token_count AS tokenCount
       FROM chunks WHERE document_id = ? ORDER BY ordinal`,
    ),
    deleteChunk: db.prepare('DELETE FROM chunks WHERE id = ?'),
    moveChunk: db.prepare('UPDATE chunks SET ordinal = ?, page = ?, char_start = ?, char_end = ?, token_count = ? WHERE id = ?'),
    updateDocument: db.prepare(`UPDATE documents SET file_type = @fileType, title = @title, content_hash = @contentHash,
      bytes = @bytes, pages = @pages, chunk_count = @chunkCount, text_length = @textLength, mtime_ms = @mtimeMs,
      ingested_at = @ingestedAt WHERE id = @documentId`),
    updateText: db.prepare('UPDATE document_texts SET text = ? WHERE document_id = ?'),
  };

  function ensureCollection(name: string): number {
    statements.insertCollection.run(name, Date.now());
    const row = statements.collectionByName.get(name);
    if (!row) throw new Error(`collection ${name} vanished after insert`);
    return row.id;
  }

  /** Deletes a document's keyword rows and the document (chunks cascade); returns the deleted chunk ids. */
  function deleteDocumentRows(documentId: number, beforeDelete: (chunkIds: readonly number[]) => void): readonly number[] {
    const chunkIds = statements.chunkIdsOfDocument.all(documentId);
    beforeDelete(chunkIds);
    for (const id of chunkIds) statements.deleteFts.run(id);
    statements.deleteDocument.run(documentId);
    return chunkIds;
  }

  /** Inserts one chunk and its keyword row; returns its id. */
  function insertChunkRows(documentId: number, chunk: ChunkDraft): number {
    const indexed = indexingText(chunk.headingPath, chunk.text);
    const chunkInfo = statements.insertChunk.run(
      documentId,
      chunk.ordinal,
      chunk.text,
      chunk.page,
      JSON.stringify(chunk.headingPath),
      chunk.start,
      chunk.end,
      chunk.tokenCount,
      textContentHash(indexed),
    );
    const chunkId = Number(chunkInfo.lastInsertRowid);
    statements.insertFts.run(chunkId, spaceUnspacedWords(indexed));
    return chunkId;
  }

  /**
   * Writes a re-read document over its stored version in place: the document keeps its id, chunks in
   * `keptIds` keep theirs (only their place is updated), the others are deleted (after `beforeDelete`
   * removes their vectors) and the new ones inserted. Call inside a transaction. Returns the ids of
   * the inserted chunks, in document order, for their vectors.
   */
  function replaceDocumentRows(
    documentId: number,
    doc: NewDocument,
    match: { readonly keptIds: readonly (number | null)[]; readonly removedIds: readonly number[] },
    beforeDelete: (chunkIds: readonly number[]) => void,
  ): number[] {
    beforeDelete(match.removedIds);
    for (const id of match.removedIds) {
      statements.deleteFts.run(id);
      statements.deleteChunk.run(id);
    }
    const inserted: number[] = [];
    for (const [index, chunk] of doc.chunks.entries()) {
      const kept = match.keptIds[index] ?? null;
      if (kept !== null) statements.moveChunk.run(chunk.ordinal, chunk.page, chunk.start, chunk.end, chunk.tokenCount, kept);
      else inserted.push(insertChunkRows(documentId, chunk));
    }
    statements.updateDocument.run({
      documentId,
      fileType: doc.fileType,
      title: doc.title,
      contentHash: doc.contentHash,
      bytes: doc.bytes,
      pages: doc.pages,
      chunkCount: doc.chunks.length,
      textLength: doc.text.length,
      mtimeMs: doc.mtimeMs,
      ingestedAt: Date.now(),
    });
    statements.updateText.run(doc.text, documentId);
    return inserted;
  }

  /**
   * Inserts a document, its text, chunks and keyword rows; call inside a transaction. Returns chunk ids in
   * order. The one write path for documents: ingestion, evaluation and benchmarks all come through here.
   */
  function insertDocumentRows(doc: NewDocument): { documentId: number; chunkIds: number[] } {
    const info = statements.insertDocument.run({
      collectionId: doc.collectionId,
      path: doc.path,
      fileType: doc.fileType,
      title: doc.title,
      contentHash: doc.contentHash,
      bytes: doc.bytes,
      pages: doc.pages,
      chunkCount: doc.chunks.length,
      textLength: doc.text.length,
      mtimeMs: doc.mtimeMs,
      ingestedAt: Date.now(),
    });
    const documentId = Number(info.lastInsertRowid);
    statements.insertText.run(documentId, doc.text);
    const chunkIds = doc.chunks.map((chunk) => insertChunkRows(documentId, chunk));
    return { documentId, chunkIds };
  }

  function listDocuments(filter: DocumentFilter & { limit: number }): DocumentSummary[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.collection) {
      where.push('c.name = ?');
      params.push(filter.collection);
    }
    if (filter.fileType) {
      where.push('d.file_type = ?');
      params.push(filter.fileType);
    }
    if (filter.text) {
      where.push("(d.path LIKE ? ESCAPE '\\' OR d.title LIKE ? ESCAPE '\\')");
      const like = `%${filter.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      params.push(like, like);
    }
    const sql = `SELECT ${documentColumns} FROM documents d JOIN collections c ON c.id = d.collection_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.path LIMIT ?`;
    return db
      .prepare<unknown[], DocumentRow>(sql)
      .all(...params, filter.limit)
      .map(toSummary);
  }

  /** Documents matching a path or id, across collections. */
  function findDocuments(ref: string): DocumentSummary[] {
    const byId = /^\d+$/.test(ref)
      ? db
          .prepare<[number], DocumentRow>(
            `SELECT ${documentColumns} FROM documents d JOIN collections c ON c.id = d.collection_id WHERE d.id = ?`,
          )
          .all(Number(ref))
      : [];
    if (byId.length > 0) return byId.map(toSummary);
    return db
      .prepare<[string], DocumentRow>(
        `SELECT ${documentColumns} FROM documents d JOIN collections c ON c.id = d.collection_id WHERE d.path = ?`,
      )
      .all(ref)
      .map(toSummary);
  }

  /** Documents stored under a folder, for removing files that disappeared from it. */
  function documentsUnder(collectionId: number, folder: string): { id: number; path: string }[] {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    return db
      .prepare<[number, number, string], { id: number; path: string }>(
        'SELECT id, path FROM documents WHERE collection_id = ? AND substr(path, 1, ?) = ?',
      )
      .all(collectionId, prefix.length, prefix);
  }

  function passage(chunkId: number, contextChars: number): Passage {
    const row = db
      .prepare<
        [number],
        {
          id: number;
          document_id: number;
          path: string;
          title: string | null;
          page: number | null;
          heading_path: string;
          char_start: number;
          char_end: number;
          text: string;
          full: string;
        }
      >(
        `SELECT ch.id, ch.document_id, d.path, d.title, ch.page, ch.heading_path, ch.char_start, ch.char_end, ch.text,
          t.text AS full
         FROM chunks ch JOIN documents d ON d.id = ch.document_id JOIN document_texts t ON t.document_id = d.id
         WHERE ch.id = ?`,
      )
      .get(chunkId);
    if (!row) throw new AppError('not-found', `This passage is no longer in the library: its document was removed or changed.`);
    return {
      chunkId: row.id,
      documentId: row.document_id,
      path: row.path,
      title: row.title,
      page: row.page,
      headingPath: JSON.parse(row.heading_path) as string[],
      start: row.char_start,
      end: row.char_end,
      text: row.text,
      before: row.full.slice(Math.max(0, row.char_start - contextChars), row.char_start),
      after: row.full.slice(row.char_end, row.char_end + contextChars),
    };
  }

  /** The document a citation pointed to, by its id (kept across re-indexing) or else by its path. */
  function currentDocument(documentId: number | null, path: string | null): { id: number; path: string } | null {
    const byId =
      documentId === null
        ? undefined
        : db.prepare<[number], { id: number; path: string }>('SELECT id, path FROM documents WHERE id = ?').get(documentId);
    if (byId) return byId;
    if (path === null) return null;
    return (
      db.prepare<[string], { id: number; path: string }>('SELECT id, path FROM documents WHERE path = ? ORDER BY id DESC').get(path) ?? null
    );
  }

  /** The chunk of a document that holds most of a span of its text (its first such chunk). */
  function chunkAt(documentId: number, span: { readonly start: number; readonly end: number }): number | null {
    return (
      db
        .prepare<[number, number, number, number, number], number>(
          `SELECT id FROM chunks WHERE document_id = ? AND char_start < ? AND char_end > ?
           ORDER BY MIN(char_end, ?) - MAX(char_start, ?) DESC, ordinal LIMIT 1`,
        )
        .pluck()
        .get(documentId, Math.max(span.end, span.start + 1), span.start, span.end, span.start) ?? null
    );
  }

  function collections(): CollectionSummary[] {
    return db
      .prepare<[], { name: string; private: number; documents: number; chunks: number | null }>(
        `SELECT c.name, c.private, COUNT(d.id) AS documents, COALESCE(SUM(d.chunk_count), 0) AS chunks
         FROM collections c LEFT JOIN documents d ON d.collection_id = c.id GROUP BY c.id ORDER BY c.name`,
      )
      .all()
      .map((row) => ({ name: row.name, private: row.private === 1, documents: row.documents, chunks: row.chunks ?? 0 }));
  }

  function setCollectionPrivate(name: string, isPrivate: boolean): CollectionSummary {
    ensureCollection(name);
    db.prepare('UPDATE collections SET private = ? WHERE name = ?').run(isPrivate ? 1 : 0, name);
    const summary = collections().find((c) => c.name === name);
    if (!summary) throw new Error(`collection ${name} missing after update`);
    return summary;
  }

  function counts(): { documents: number; chunks: number; collections: number } {
    return db
      .prepare<[], { documents: number; chunks: number; collections: number }>(
        `SELECT (SELECT COUNT(*) FROM documents) AS documents, (SELECT COUNT(*) FROM chunks) AS chunks,
          (SELECT COUNT(*) FROM collections) AS collections`,
      )
      .get()!;
  }

  /** A document's full text as read, or null when there is no such document. */
  function documentText(documentId: number): string | null {
    return db.prepare<[number], string>('SELECT text FROM document_texts WHERE document_id = ?').pluck().get(documentId) ?? null;
  }

  return {
    ensureCollection,
    documentText,
    documentByPath: (collectionId: number, path: string) => statements.documentByPath.get(collectionId, path),
    deleteDocumentRows,
    insertDocumentRows,
    replaceDocumentRows,
    /** A document's chunks in order, with their hashes and places, for matching a re-read version. */
    storedChunks: (documentId: number) => statements.storedChunks.all(documentId),
    listDocuments,
    findDocuments,
    documentsUnder,
    passage,
    currentDocument,
    chunkAt,
    collections,
    setCollectionPrivate,
    counts,
  };
}
