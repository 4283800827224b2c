import { createHash } from 'node:crypto';
import type { Db } from '../store/database';
import type { VectorIndex } from '../retrieve/types';
import { indexingText } from '../text/indexing-text';
import type { CorpusRecord } from './beir';

/**
 * Stores each record as one Markdown document with one chunk (heading = title), the way the ingest
 * pipeline stores a short `# title\n\ntext` file, and indexes it for keywords and vectors. Used by the
 * evaluation of retrieval alone; end-to-end evaluation goes through the engine's ingest pipeline.
 */
export async function ingestRecordsDirectly(
  db: Db,
  vectorIndex: VectorIndex,
  records: readonly CorpusRecord[],
  options: { readonly collection?: string; readonly signal?: AbortSignal } = {},
): Promise<void> {
  const collection = options.collection ?? 'eval';
  const now = Date.now();
  db.prepare('INSERT OR IGNORE INTO collections (name, created_at) VALUES (?, ?)').run(collection, now);
  const collectionId = Number(db.prepare('SELECT id FROM collections WHERE name = ?').pluck().get(collection));
  const insertDocument = db.prepare(
    `INSERT INTO documents (collection_id, path, file_type, title, content_hash, bytes, chunk_count, text_length, ingested_at)
     VALUES (?, ?, 'md', ?, ?, ?, 1, ?, ?)`,
  );
  const insertChunk = db.prepare(
    `INSERT INTO chunks (document_id, ordinal, text, heading_path, char_start, char_end, token_count, content_hash)
     VALUES (?, 0, ?, ?, ?, ?, ?, ?)`,
  );
  const insertText = db.prepare('INSERT INTO document_texts (document_id, text) VALUES (?, ?)');
  const insertFts = db.prepare('INSERT INTO chunks_fts (rowid, text) VALUES (?, ?)');
  const batchSize = 500;
  for (let start = 0; start < records.length; start += batchSize) {
    const batch = records.slice(start, start + batchSize);
    const texts = batch.map((record) => indexingText(record.title ? [record.title] : [], record.text));
    const prepared = await vectorIndex.prepare(texts);
    db.transaction(() => {
      const chunkIds = batch.map((record, index) => {
        const heading = record.title ? `# ${record.title}\n\n` : '';
        const full = `${heading}${record.text}`;
        const hash = createHash('sha256').update(full).digest('hex');
        const documentId = Number(insertDocument.run(collectionId, `${record._id}.md`, record.title || null, hash, Buffer.byteLength(full), full.length, now).lastInsertRowid);
        insertText.run(documentId, full);
        const chunkId = Number(
          insertChunk.run(documentId, record.text, JSON.stringify(record.title ? [record.title] : []), heading.length, full.length, record.text.split(/\s+/).length, hash).lastInsertRowid,
        );
        insertFts.run(chunkId, texts[index]!);
        return chunkId;
      });
      vectorIndex.write(db, chunkIds, prepared);
    })();
  }
  await vectorIndex.afterIngest(options.signal);
}
