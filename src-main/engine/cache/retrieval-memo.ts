import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import type { SearchRequest, SearchResult } from '../../../src-shared/schemas/search';
import type { Db } from '../store/database';
import { stableJson } from './answer-key';

type Search = (request: z.output<typeof SearchRequest>) => Promise<SearchResult>;

export interface RetrievalMemoOptions {
  readonly enabled: boolean;
  readonly maxEntries: number;
  readonly ttlMs: number;
}

export interface RetrievalMemo {
  wrap(search: Search): Search;
  /** Drops results of index versions that moved on, or older than the TTL; returns how many. */
  deleteStale(): number;
}

/**
 * Remembers retrieval results per (request, index version of its scope), in memory and in SQLite.
 * Retrieval is a function of the index, so while the version stands the same request gets the same
 * passages. The answer service routes on those passages before it can look an answer up; this keeps
 * a cache hit — also in a fresh process, as every CLI command is — from retrieving again (and, with a
 * model embedder, from embedding the query over HTTP again).
 */
export function createRetrievalMemo(
  db: Db,
  indexVersion: (collection: string | null) => string,
  options: RetrievalMemoOptions,
): RetrievalMemo {
  const memory = new LRUCache<string, SearchResult>({ max: Math.max(1, Math.min(options.maxEntries, 1000)) });
  const statements = {
    get: db.prepare<[string, number], string>('SELECT value FROM retrieval_cache WHERE key = ? AND created_at > ?').pluck(),
    put: db.prepare<[string, string, string, string, number]>(
      'INSERT OR REPLACE INTO retrieval_cache (key, scope, version, value, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    count: db.prepare<[], number>('SELECT count(*) FROM retrieval_cache').pluck(),
    evict: db.prepare<[number]>('DELETE FROM retrieval_cache WHERE key IN (SELECT key FROM retrieval_cache ORDER BY created_at LIMIT ?)'),
    scopes: db.prepare<[], { scope: string }>('SELECT DISTINCT scope FROM retrieval_cache'),
    deleteStale: db.prepare<[string, string, number]>('DELETE FROM retrieval_cache WHERE scope = ? AND (version != ? OR created_at <= ?)'),
  };

  return {
    wrap(search: Search): Search {
      if (!options.enabled) return search;
      return async (request) => {
        const scope = request.collection ?? '';
        const version = indexVersion(request.collection ?? null);
        const key = createHash('sha256')
          .update(`${version}\n${stableJson(request)}`)
          .digest('base64url');
        const remembered = memory.get(key);
        if (remembered) return remembered;
        const stored = statements.get.get(key, Date.now() - options.ttlMs);
        if (stored) {
          const result = JSON.parse(stored) as SearchResult;
          memory.set(key, result);
          return result;
        }
        const result = await search(request);
        memory.set(key, result);
        statements.put.run(key, scope, version, JSON.stringify(result), Date.now());
        const excess = statements.count.get()! - options.maxEntries;
        if (excess > 0) statements.evict.run(excess);
        return result;
      };
    },
    /** Drops results of index versions that moved on, or older than the TTL; returns how many. */
    deleteStale(): number {
      let removed = 0;
      const cutoff = Date.now() - options.ttlMs;
      for (const { scope } of statements.scopes.all()) {
        removed += statements.deleteStale.run(scope, indexVersion(scope === '' ? null : scope), cutoff).changes;
      }
      return removed;
    },
  };
}
