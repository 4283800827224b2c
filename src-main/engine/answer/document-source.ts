import type { FileType } from '../../../src-shared/schemas/library';
import type { SearchHit } from '../../../src-shared/schemas/search';
import type { Db } from '../store/database';
import type { DocumentName } from './document-questions';

/** What whole-document answers read: the library's documents, and one document's chunks in order. */
export interface DocumentSource {
  documents(collection?: string): DocumentName[];
  /** Every chunk of a document in reading order, shaped as retrieved passages so citations work alike. */
  chunks(documentId: number): SearchHit[];
}

/** Reads documents and chunks straight from the library file (read-only queries). */
export function createDocumentSource(db: Db): DocumentSource {
  const list = db.prepare<[string | null, string | null], DocumentName>(
    `SELECT d.id, d.path, d.title, c.name AS collection FROM documents d JOIN collections c ON c.id = d.collection_id
     WHERE (? IS NULL OR c.name = ?) ORDER BY d.path`,
  );
  const chunks = db.prepare<
    [number],
    {
      id: number;
      document_id: number;
      path: string;
      title: string | null;
      collection: string;
      file_type: string;
      page: number | null;
      heading_path: string;
      char_start: number;
      char_end: number;
      text: string;
    }
  >(
    `SELECT ch.id, ch.document_id, d.path, d.title, c.name AS collection, d.file_type, ch.page, ch.heading_path,
       ch.char_start, ch.char_end, ch.text
     FROM chunks ch JOIN documents d ON d.id = ch.document_id JOIN collections c ON c.id = d.collection_id
     WHERE ch.document_id = ? ORDER BY ch.ordinal`,
  );
  return {
    documents: (collection) => list.all(collection ?? null, collection ?? null),
    chunks: (documentId) =>
      chunks.all(documentId).map((row) => ({
        chunkId: row.id,
        documentId: row.document_id,
        path: row.path,
        title: row.title,
        collection: row.collection,
        fileType: row.file_type as FileType,
        page: row.page,
        headingPath: JSON.parse(row.heading_path) as string[],
        start: row.char_start,
        end: row.char_end,
        text: row.text,
        score: 0,
      })),
  };
}
