import { IngestRequest } from '../../../../src-shared/schemas/library';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../../src-main/engine';
import { ingestRecordsDirectly } from '../../../../src-main/engine/eval/direct-ingest';
import { createVectorIndex } from '../../../../src-main/engine/embedding/vector-index';
import { openDatabase, type Db } from '../../../../src-main/engine/store/database';
import { textContentHash } from '../../../../src-main/engine/text/content-hash';
import { chunkRowIndexingText } from '../../../../src-main/engine/text/indexing-text';
import { tempDir } from '../../../helpers/temp';

const records = [
  { _id: 'd1', title: 'Swept wings', text: 'The swept wing delays compressibility drag at transonic speeds.' },
  { _id: 'd2', title: '', text: 'Heat transfer to a blunt body rises sharply in hypersonic flow.' },
];

/** What a library holds for its documents, minus ids, times and folders. */
function storedRows(db: Db) {
  return db
    .prepare<[], { name: string; heading_path: string; text: string; chunk_hash: string; [column: string]: unknown }>(
      `SELECT replace(d.path, rtrim(d.path, replace(d.path, '/', '')), '') AS name, d.file_type, d.title, d.content_hash AS document_hash,
         d.bytes, d.chunk_count, ch.ordinal, ch.page, ch.heading_path, ch.text, ch.content_hash AS chunk_hash
       FROM documents d JOIN chunks ch ON ch.document_id = d.id ORDER BY name`,
    )
    .all();
}

/** The columns both paths must agree on; the chunk's own text differs (the pipeline keeps the title line in it). */
const documentColumns = ({ text: _text, chunk_hash: _hash, ...row }: ReturnType<typeof storedRows>[number]) => row;

/** Every chunk carries the hash the embedding cache looks vectors up by. */
function expectCacheHashes(rows: ReturnType<typeof storedRows>): void {
  for (const row of rows) expect(row.chunk_hash).toBe(textContentHash(chunkRowIndexingText(row.heading_path, row.text)));
}

describe('ingestRecordsDirectly', () => {
  it('stores documents as the pipeline does for the same Markdown files, and hashes chunks as the embedding cache expects', async () => {
    const docs = tempDir('quarry-direct-docs-');
    mkdirSync(join(docs, 'corpus'));
    for (const record of records) {
      writeFileSync(join(docs, 'corpus', `${record._id}.md`), record.title ? `# ${record.title}\n\n${record.text}` : record.text);
    }
    const engine = createEngine({ dataDir: tempDir('quarry-direct-engine-'), resumeJobs: false, monitor: { sample: false } });
    let pipeline: ReturnType<typeof storedRows>;
    try {
      const { jobId } = await engine.library.ingest(IngestRequest.parse({ paths: [join(docs, 'corpus')], collection: 'eval' }));
      expect((await engine.library.waitForJob(jobId)).status).toBe('done');
      const db = openDatabase(engine.library.location.libraryFile);
      pipeline = storedRows(db);
      db.close();
    } finally {
      await engine.close();
    }

    const db = openDatabase(join(tempDir('quarry-direct-'), 'library.sqlite'));
    try {
      await ingestRecordsDirectly(db, createVectorIndex(db), records);
      const direct = storedRows(db);
      expect(pipeline).toHaveLength(2);
      expect(direct.map(documentColumns)).toEqual(pipeline.map(documentColumns));
      expectCacheHashes(pipeline);
      expectCacheHashes(direct);
      // Every chunk is keyword-indexed under its id, as the repository indexes it.
      expect(db.prepare("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'hypersonic OR swept'").pluck().get()).toBe(2);
    } finally {
      db.close();
    }
  });
});
