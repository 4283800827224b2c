import { textContentHash } from '../text/content-hash';
import { blobFloats, floatBlob } from '../store/vectors';
import type { Db } from '../store/database';
import type { EmbedKind, Embedder } from './embedder';

/** The hash the cache keys texts by: the one `chunks.content_hash` holds for indexing texts. */
export const embeddingContentHash = textContentHash;

/** Vectors by (embedder id, kind, content hash) in SQLite: shared by every collection and every re-ingest. */
export interface EmbeddingCache {
  /** Cached vectors of the given hashes (of the right length), marked as used; misses are absent. */
  lookup(embedderId: string, kind: EmbedKind, hashes: readonly string[], dimensions: number): Map<string, Float32Array>;
  save(embedderId: string, kind: EmbedKind, vectors: ReadonlyMap<string, Float32Array>, hits: number): void;
  /** Drops vectors not used since `olderThan` (ms since epoch) whose text is in no chunk; returns how many. */
  prune(olderThan: number): number;
}

export function createEmbeddingCache(db: Db): EmbeddingCache {
  const statements = {
    get: db
      .prepare<[string, string, string], Buffer>(
        'SELECT vector FROM embedding_cache WHERE embedder_id = ? AND kind = ? AND content_hash = ?',
      )
      .pluck(),
    touch: db.prepare<[number, string, string, string]>(
      'UPDATE embedding_cache SET last_used_at = ? WHERE embedder_id = ? AND kind = ? AND content_hash = ?',
    ),
    put: db.prepare<[string, string, string, Buffer, number, number]>(
      `INSERT INTO embedding_cache (embedder_id, kind, content_hash, vector, created_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (embedder_id, kind, content_hash) DO UPDATE SET vector = excluded.vector, last_used_at = excluded.last_used_at`,
    ),
    count: db.prepare<[string, number]>(
      'INSERT INTO cache_counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value',
    ),
    // Vectors of chunks still in the library are kept however old: a re-ingest would need them.
    prune: db.prepare<[number]>(
      'DELETE FROM embedding_cache WHERE last_used_at < ? AND content_hash NOT IN (SELECT content_hash FROM chunks)',
    ),
  };

  return {
    /** Cached vectors of the given hashes (of the right length), marked as used; misses are absent. */
    lookup: db.transaction(
      (embedderId: string, kind: EmbedKind, hashes: readonly string[], dimensions: number): Map<string, Float32Array> => {
        const found = new Map<string, Float32Array>();
        const now = Date.now();
        for (const hash of hashes) {
          if (found.has(hash)) continue;
          const blob = statements.get.get(embedderId, kind, hash);
          if (!blob || blob.byteLength !== dimensions * 4) continue;
          found.set(hash, blobFloats(blob));
          statements.touch.run(now, embedderId, kind, hash);
        }
        return found;
      },
    ),
    save: db.transaction((embedderId: string, kind: EmbedKind, vectors: ReadonlyMap<string, Float32Array>, hits: number) => {
      const now = Date.now();
      for (const [hash, vector] of vectors) statements.put.run(embedderId, kind, hash, floatBlob(vector), now, now);
      statements.count.run('embedding_hits', hits);
      statements.count.run('embedding_misses', vectors.size);
    }),
    /** Drops vectors not used since `olderThan` (ms since epoch) whose text is in no chunk; returns how many. */
    prune(olderThan: number): number {
      return statements.prune.run(olderThan).changes;
    },
  };
}

/**
 * Wraps any embedder (built-in, Ollama, OpenAI) so a text it has embedded before — in any collection,
 * before a re-ingest — is never sent to it again. Texts repeated within one call are embedded once.
 */
export function createCachingEmbedder(inner: Embedder, cache: EmbeddingCache): Embedder {
  return {
    id: inner.id,
    dimensions: inner.dimensions,
    async embed(texts, options) {
      const hashes = texts.map(embeddingContentHash);
      const cached = cache.lookup(inner.id, options.kind, hashes, inner.dimensions);
      const missing = new Map<string, string>();
      hashes.forEach((hash, index) => {
        if (!cached.has(hash) && !missing.has(hash)) missing.set(hash, texts[index]!);
      });
      const fresh = new Map<string, Float32Array>();
      if (missing.size > 0) {
        const vectors = await inner.embed([...missing.values()], options);
        [...missing.keys()].forEach((hash, index) => fresh.set(hash, vectors[index]!));
      }
      cache.save(inner.id, options.kind, fresh, texts.length - hashes.filter((hash) => !cached.has(hash)).length);
      return hashes.map((hash) => cached.get(hash) ?? fresh.get(hash)!);
    },
  };
}
