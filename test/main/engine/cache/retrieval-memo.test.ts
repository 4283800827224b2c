import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchResult } from '../../../../src-shared/schemas/search';
import { openDatabase, type Db } from '../../../../src-main/engine/store/database';
import { createAnswerCacheStore } from '../../../../src-main/engine/cache/answer-cache-store';
import { createRetrievalMemo } from '../../../../src-main/engine/cache/retrieval-memo';
import { createLibraryRepository } from '../../../../src-main/engine/store/library-repository';
import { tempDir } from '../../../helpers/temp';

/** A document without chunks, written through the library repository as ingestion writes one. */
function addDocument(db: Db, collection: string, path: string): void {
  const library = createLibraryRepository(db);
  db.transaction(() =>
    library.insertDocumentRows({
      collectionId: library.ensureCollection(collection),
      path,
      fileType: 'txt',
      title: null,
      contentHash: path,
      bytes: 1,
      pages: null,
      mtimeMs: null,
      text: '',
      chunks: [],
    }),
  )();
}

describe('retrieval memo', () => {
  let dir: string;
  let db: Db;
  let calls: string[];
  const search = async (request: { query: string }): Promise<SearchResult> => {
    calls.push(request.query);
    return { hits: [], mode: 'hybrid', tookMs: 1 };
  };
  const request = (query: string, collection?: string) => ({
    query,
    mode: 'hybrid' as const,
    limit: 6,
    ...(collection ? { collection } : {}),
  });
  const memo = (enabled = true) => {
    const store = createAnswerCacheStore(db);
    return createRetrievalMemo(db, store.indexVersion, { enabled, maxEntries: 3, ttlMs: 60_000 }).wrap(search);
  };

  beforeEach(() => {
    dir = tempDir('quarry-retrieval-memo-');
    db = openDatabase(join(dir, 'library.sqlite'));
    calls = [];
    addDocument(db, 'papers', '/a.txt');
  });
  afterEach(() => {
    db.close();
  });

  it('retrieves once per request while the index stands, also after a restart', async () => {
    await memo()(request('lift', 'papers'));
    await memo()(request('lift', 'papers'));
    expect(calls).toEqual(['lift']);
    await memo()(request('lift'));
    expect(calls).toEqual(['lift', 'lift']);
  });

  it('retrieves again once a document of the scope changes, not for other scopes', async () => {
    const wrapped = memo();
    await wrapped(request('drag', 'papers'));
    addDocument(db, 'notes', '/n.txt');
    await wrapped(request('drag', 'papers'));
    expect(calls).toEqual(['drag']);
    addDocument(db, 'papers', '/b.txt');
    await wrapped(request('drag', 'papers'));
    expect(calls).toEqual(['drag', 'drag']);
  });

  it('stays within its bound and does nothing when the cache is off', async () => {
    const wrapped = memo();
    for (const query of ['a', 'b', 'c', 'd', 'e']) await wrapped(request(query));
    expect(db.prepare('SELECT count(*) FROM retrieval_cache').pluck().get()).toBe(3);
    const off = memo(false);
    await off(request('z'));
    await off(request('z'));
    expect(calls.filter((q) => q === 'z')).toHaveLength(2);
  });
});
