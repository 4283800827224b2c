import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../../src-main/engine/store/database';
import type { Embedder } from '../../../../src-main/engine/embedding/embedder';
import { createCachingEmbedder, createEmbeddingCache } from '../../../../src-main/engine/embedding/embedding-cache';
import { tempDir } from '../../../helpers/temp';

/** An embedder that records every text it is asked to embed (what a remote model would be billed for). */
function countingEmbedder(id = 'counting-v1', dimensions = 4): Embedder & { requests: string[][] } {
  const requests: string[][] = [];
  return {
    id,
    dimensions,
    requests,
    async embed(texts) {
      requests.push([...texts]);
      return texts.map((text) => Float32Array.from({ length: dimensions }, (_, i) => text.length + i));
    },
  };
}

describe('embedding cache', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = tempDir('quarry-embed-cache-');
    db = openDatabase(join(dir, 'library.sqlite'));
  });
  afterEach(() => {
    db.close();
  });

  it('never sends a text twice for the same embedder and kind, even after a restart', async () => {
    const inner = countingEmbedder();
    const embedder = createCachingEmbedder(inner, createEmbeddingCache(db));
    const first = await embedder.embed(['alpha', 'beta', 'alpha'], { kind: 'document' });
    expect(inner.requests).toEqual([['alpha', 'beta']]);
    expect(first.map((v) => v[0])).toEqual([5, 4, 5]);

    db.close();
    db = openDatabase(join(dir, 'library.sqlite'));
    const restarted = createCachingEmbedder(inner, createEmbeddingCache(db));
    const second = await restarted.embed(['beta', 'gamma', 'alpha'], { kind: 'document' });
    expect(inner.requests).toEqual([['alpha', 'beta'], ['gamma']]);
    expect([...second[0]!]).toEqual([...first[1]!]);
    expect([...second[2]!]).toEqual([...first[0]!]);
    expect(await restarted.embed(['alpha', 'beta', 'gamma'], { kind: 'document' })).toHaveLength(3);
    expect(inner.requests).toHaveLength(2);
    const counters = new Map(
      db
        .prepare<[], { name: string; value: number }>('SELECT name, value FROM cache_counters')
        .all()
        .map((r) => [r.name, r.value]),
    );
    expect(counters.get('embedding_hits')).toBe(0 + 2 + 3);
    expect(counters.get('embedding_misses')).toBe(3);
  });

  it('keeps separate entries per embedder id and per kind', async () => {
    const cache = createEmbeddingCache(db);
    const a = countingEmbedder('model-a');
    const b = countingEmbedder('model-b');
    await createCachingEmbedder(a, cache).embed(['same text'], { kind: 'document' });
    await createCachingEmbedder(b, cache).embed(['same text'], { kind: 'document' });
    await createCachingEmbedder(a, cache).embed(['same text'], { kind: 'query' });
    expect(a.requests).toEqual([['same text'], ['same text']]);
    expect(b.requests).toEqual([['same text']]);
  });
});
