import { createHash } from 'node:crypto';
import type { Db } from '../store/database';
import { createLibraryRepository, type NewDocument } from '../store/library-repository';
import type { VectorIndex } from '../embedding/types';
import { indexingText } from '../text/indexing-text';
import type { CorpusRecord } from './beir';

/**
 * A record as the document of a short `# title\n\ntext` Markdown file: the content hash is that file's
 * (sha256 of its bytes), and its one chunk is the text under the title, with the title as its heading.
 * (The pipeline also keeps the title line in the chunk's text; this path has always left it out, and the
 * retrieval figures it measures depend on that.)
 */
function recordDocument(record: CorpusRecord, collectionId: number): NewDocument {
  const heading = record.title ? `# ${record.title}\n\n` : '';
  const full = `${heading}${record.text}`;
  return {
    collectionId,
    path: `${record._id}.md`,
    fileType: 'md',
    title: record.title || null,
    contentHash: createHash('sha256').update(full).digest('hex'),
    bytes: Buffer.byteLength(full),
    pages: null,
    mtimeMs: null,
    text: full,
    chunks: [
      {
        ordinal: 0,
        text: record.text,
        page: null,
        headingPath: record.title ? [record.title] : [],
        start: heading.length,
        end: full.length,
        tokenCount: record.text.split(/\s+/).length,
      },
    ],
  };
}

/**
 * Stores each record as one Markdown document with one chunk (heading = title) through the library
 * repository's write path, and indexes it for keywords and vectors, without writing or reading files.
 * Used by the evaluation of retrieval alone and the benchmarks; end-to-end evaluation goes through the
 * engine's ingest pipeline.
 */
export async function ingestRecordsDirectly(
  db: Db,
  vectorIndex: VectorIndex,
  records: readonly CorpusRecord[],
  options: { readonly collection?: string; readonly signal?: AbortSignal } = {},
): Promise<void> {
  const library = createLibraryRepository(db);
  const collectionId = library.ensureCollection(options.collection ?? 'eval');
  const batchSize = 500;
  for (let start = 0; start < records.length; start += batchSize) {
    const documents = records.slice(start, start + batchSize).map((record) => recordDocument(record, collectionId));
    const prepared = await vectorIndex.prepare(
      documents.map((document) => indexingText(document.chunks[0]!.headingPath, document.chunks[0]!.text)),
    );
    db.transaction(() => {
      const chunkIds = documents.flatMap((document) => library.insertDocumentRows(document).chunkIds);
      vectorIndex.write(db, chunkIds, prepared);
    })();
  }
  await vectorIndex.afterIngest(options.signal);
}
