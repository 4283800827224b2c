import { blobFloats, floatBlob } from '../store/vectors';
import type { Db } from '../store/database';
import type { CachedAnswer } from './cached-answer';

/** One stored answer as the SQLite tier returns it. */
export interface StoredAnswer {
  readonly key: string;
  readonly answer: CachedAnswer;
  readonly expiresAt: number;
  readonly bytes: number;
}

/** A candidate for the similar-question match: same family, with a question embedding. */
export interface FamilyEntry {
  readonly key: string;
  readonly question: string;
  readonly embedding: Float32Array;
}

export interface NewStoredAnswer {
  readonly key: string;
  readonly family: string;
  readonly normalizedQuestion: string;
  readonly json: string;
  readonly bytes: number;
  readonly embedding: Float32Array | null;
  readonly documentIds: readonly number[];
  readonly expiresAt: number;
}

/** A question as asked, for the warmer's "most frequent questions". */
export interface LoggedQuestion {
  readonly question: string;
  readonly collection: string | null;
  readonly mode: string;
  readonly topK: number;
  readonly asks: number;
}

/** The SQLite tier of the answer cache, the index versions it keys on, its counters and the question log. */
export interface AnswerCacheStore {
  /** The index version of a scope: it changes whenever a document of that scope (or the active embedder) changes. */
  indexVersion(collection: string | null): string;
  get(key: string, now: number): StoredAnswer | null;
  family(family: string, now: number): FamilyEntry[];
  put(entry: NewStoredAnswer, now: number): void;
  remove(key: string): void;
  /** Deletes least recently used entries until the table is within both bounds; returns how many went. */
  enforceBounds(maxEntries: number, maxBytes: number): number;
  /** Records hits on entries served from memory, in one transaction (the hit path itself never writes). */
  touch(touched: ReadonlyMap<string, { at: number; hits: number }>): void;
  addCounters(deltas: ReadonlyMap<string, number>): void;
  counters(): Map<string, number>;
  deleteExpired(now: number): number;
  /** Drops every stored answer and moves every process's in-memory entries out of reach. */
  clear(): number;
  logQuestions(entries: readonly (LoggedQuestion & { normalized: string; at: number })[]): void;
  topQuestions(limit: number): LoggedQuestion[];
}

export function createAnswerCacheStore(db: Db): AnswerCacheStore {
  const statements = {
    libraryVersion: db.prepare<[], { version: number | null; generation: number }>(
      `SELECT (SELECT version FROM index_versions WHERE scope = '*') AS version,
        (SELECT value FROM cache_counters WHERE name = 'generation') AS generation`,
    ),
    collectionVersion: db.prepare<[string], { id: number | null; version: number | null; generation: number }>(
      `SELECT c.id AS id, v.version AS version, (SELECT value FROM cache_counters WHERE name = 'generation') AS generation
       FROM (SELECT 1) LEFT JOIN collections c ON c.name = ? LEFT JOIN index_versions v ON v.scope = 'c:' || c.id`,
    ),
    get: db.prepare<[string, number], { key: string; value: string; expires_at: number; bytes: number }>(
      'SELECT key, value, expires_at, bytes FROM answer_cache WHERE key = ? AND expires_at > ?',
    ),
    family: db.prepare<[string, number], { key: string; question: string; embedding: Buffer }>(
      'SELECT key, question, embedding FROM answer_cache WHERE family = ? AND expires_at > ? AND embedding IS NOT NULL',
    ),
    delete: db.prepare<[string]>('DELETE FROM answer_cache WHERE key = ?'),
    insert: db.prepare(`INSERT INTO answer_cache (key, family, question, value, bytes, embedding, created_at, expires_at, last_used_at)
      VALUES (@key, @family, @question, @value, @bytes, @embedding, @now, @expiresAt, @now)`),
    link: db.prepare<[number, string]>('INSERT OR IGNORE INTO answer_cache_documents (document_id, key) VALUES (?, ?)'),
    touch: db.prepare<[number, number, string]>(
      'UPDATE answer_cache SET last_used_at = max(last_used_at, ?), hits = hits + ? WHERE key = ?',
    ),
    counter: db.prepare<[string], number>('SELECT value FROM cache_counters WHERE name = ?').pluck(),
    counters: db.prepare<[], { name: string; value: number }>('SELECT name, value FROM cache_counters'),
    addCounter: db.prepare<[string, number]>(
      'INSERT INTO cache_counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value',
    ),
    oldest: db.prepare<[number], string>('SELECT key FROM answer_cache ORDER BY last_used_at LIMIT ?').pluck(),
    expired: db.prepare<[number]>('DELETE FROM answer_cache WHERE expires_at <= ?'),
    logQuestion: db.prepare(`INSERT INTO question_log (normalized, collection, mode, top_k, question, asks, last_asked_at)
      VALUES (@normalized, @collection, @mode, @topK, @question, @asks, @at)
      ON CONFLICT (normalized, collection, mode, top_k) DO UPDATE SET asks = asks + excluded.asks,
        question = excluded.question, last_asked_at = max(last_asked_at, excluded.last_asked_at)`),
    topQuestions: db.prepare<[number], { question: string; collection: string; mode: string; top_k: number; asks: number }>(
      'SELECT question, collection, mode, top_k, asks FROM question_log ORDER BY asks DESC, last_asked_at DESC LIMIT ?',
    ),
  };

  function counter(name: string): number {
    return Number(statements.counter.get(name) ?? 0);
  }

  function remove(key: string): void {
    statements.delete.run(key);
  }

  const insert = db.transaction((entry: NewStoredAnswer, now: number) => {
    statements.delete.run(entry.key);
    statements.insert.run({
      key: entry.key,
      family: entry.family,
      question: entry.normalizedQuestion,
      value: entry.json,
      bytes: entry.bytes,
      embedding: entry.embedding ? floatBlob(entry.embedding) : null,
      now,
      expiresAt: entry.expiresAt,
    });
    for (const id of entry.documentIds) statements.link.run(id, entry.key);
  });

  /** Deletes least recently used entries until the table is within both bounds; returns how many went. */
  const enforceBounds = db.transaction((maxEntries: number, maxBytes: number): number => {
    let evicted = 0;
    for (;;) {
      const entries = counter('stored_entries');
      const bytes = counter('stored_bytes');
      if (entries <= maxEntries && bytes <= maxBytes) return evicted;
      const excess = Math.max(1, entries - maxEntries, Math.ceil(((bytes - maxBytes) / Math.max(bytes, 1)) * entries));
      const keys = statements.oldest.all(excess);
      if (keys.length === 0) return evicted;
      for (const key of keys) statements.delete.run(key);
      evicted += keys.length;
    }
  });

  return {
    /** The index version of a scope: it changes whenever a document of that scope (or the active embedder) changes. */
    indexVersion(collection: string | null): string {
      if (collection === null) {
        const row = statements.libraryVersion.get()!;
        return `*:${row.version ?? 0}:${row.generation}`;
      }
      const row = statements.collectionVersion.get(collection)!;
      return `${row.id ?? 'none'}:${row.version ?? 0}:${row.generation}`;
    },
    get(key: string, now: number): StoredAnswer | null {
      const row = statements.get.get(key, now);
      if (!row) return null;
      return { key: row.key, answer: JSON.parse(row.value) as CachedAnswer, expiresAt: row.expires_at, bytes: row.bytes };
    },
    family(family: string, now: number): FamilyEntry[] {
      return statements.family
        .all(family, now)
        .map((row) => ({ key: row.key, question: row.question, embedding: blobFloats(row.embedding) }));
    },
    put(entry: NewStoredAnswer, now: number): void {
      insert(entry, now);
    },
    remove,
    enforceBounds,
    /** Records hits on entries served from memory, in one transaction (the hit path itself never writes). */
    touch: db.transaction((touched: ReadonlyMap<string, { at: number; hits: number }>) => {
      for (const [key, { at, hits }] of touched) statements.touch.run(at, hits, key);
    }),
    addCounters: db.transaction((deltas: ReadonlyMap<string, number>) => {
      for (const [name, delta] of deltas) if (delta !== 0) statements.addCounter.run(name, delta);
    }),
    counters(): Map<string, number> {
      return new Map(statements.counters.all().map((row) => [row.name, Number(row.value)]));
    },
    deleteExpired(now: number): number {
      return statements.expired.run(now).changes;
    },
    /** Drops every stored answer and moves every process's in-memory entries out of reach. */
    clear: db.transaction((): number => {
      const removed = db.prepare('DELETE FROM answer_cache').run().changes;
      statements.addCounter.run('generation', 1);
      return removed;
    }),
    logQuestions: db.transaction((entries: readonly (LoggedQuestion & { normalized: string; at: number })[]) => {
      for (const entry of entries) {
        statements.logQuestion.run({
          normalized: entry.normalized,
          collection: entry.collection ?? '',
          mode: entry.mode,
          topK: entry.topK,
          question: entry.question,
          asks: entry.asks,
          at: entry.at,
        });
      }
    }),
    topQuestions(limit: number): LoggedQuestion[] {
      return statements.topQuestions.all(limit).map((row) => ({
        question: row.question,
        collection: row.collection === '' ? null : row.collection,
        mode: row.mode,
        topK: row.top_k,
        asks: row.asks,
      }));
    },
  };
}
