import type { SearchFilters } from '../../../src-shared/schemas/search';
import { BuiltinEmbedder, builtinEmbedderKind } from '../providers/builtin/builtin-embedder';
import type { Db } from '../store/database';
import {
  activateEmbedder,
  embedderInState,
  embedderModel,
  insertBuildingEmbedder,
  liveEmbedders,
  setEmbedderChunkCount,
  type EmbedderRow,
} from '../store/embedders-repository';
import { createVectorTables, deleteVectors, dropVectorTables, insertVectors, lastVectorChunkId, vectorTables } from '../store/vectors';
import { chunkRowIndexingText } from '../text/indexing-text';
import { denseSearch, type DenseHit } from './dense-search';
import type { PreparedVectors, VectorIndex } from './types';
import { VectorCache } from './vector-cache';

export interface VectorIndexOptions {
  /** Refit when the library has grown by this factor since the active embedder was fitted. */
  readonly growthFactor: number;
  /** No embedder is fitted below this many chunks; dense search is empty until then. */
  readonly minChunks: number;
  /** At most this many chunks (evenly spread over the library) are used to fit; bounds fitting time. */
  readonly sampleSize: number;
  /** Chunks embedded and written per transaction while building. */
  readonly batchSize: number;
}

export const defaultVectorIndexOptions: VectorIndexOptions = { growthFactor: 2, minChunks: 2, sampleSize: 10_000, batchSize: 2_000 };

/** The vector index with the query side added: dense search over the active embedder. */
export interface LibraryVectorIndex extends VectorIndex {
  /** The query's unit vector under the active embedder; null when there is none or no term is known. */
  embedQuery(query: string): Float32Array | null;
  /** Nearest chunks to a query vector from embedQuery (or a feedback-adjusted one). */
  searchDense(vector: Float32Array, options: { readonly limit: number; readonly filters: SearchFilters }): DenseHit[];
  /** Stored vectors of chunks under the active embedder (for pseudo-relevance feedback). */
  chunkVectors(chunkIds: readonly number[]): Map<number, Float32Array>;
  /** The active embedder, loaded; null before the first fit. */
  activeEmbedder(): BuiltinEmbedder | null;
}

/** Creates the built-in vector index of a library (LSA embedder fitted on the library itself). */
export function createVectorIndex(db: Db, options: Partial<VectorIndexOptions> = {}): LibraryVectorIndex {
  const settings = { ...defaultVectorIndexOptions, ...options };
  const loaded = new Map<string, BuiltinEmbedder>();
  let cache: VectorCache | null = null;

  /** The in-memory vectors of the active embedder (a new cache after a switch). */
  function activeCache(embedder: BuiltinEmbedder): VectorCache {
    const tables = vectorTables(embedder.id, embedder.dimensions);
    if (cache?.tables.floats !== tables.floats) cache = new VectorCache(db, tables);
    return cache;
  }

  function load(row: EmbedderRow): BuiltinEmbedder | null {
    if (row.kind !== builtinEmbedderKind) return null;
    let embedder = loaded.get(row.id);
    if (!embedder) {
      const blob = embedderModel(db, row.id);
      if (!blob) return null;
      embedder = BuiltinEmbedder.fromBlob(blob);
      loaded.clear(); // keep at most the embedders in use: a model is tens of MB
      loaded.set(row.id, embedder);
    }
    return embedder;
  }

  function activeEmbedder(): BuiltinEmbedder | null {
    const row = embedderInState(db, 'active');
    return row ? load(row) : null;
  }

  function chunkCount(): number {
    return Number(db.prepare('SELECT count(*) FROM chunks').pluck().get());
  }

  function sampleTexts(): string[] {
    const ids = db.prepare('SELECT id FROM chunks ORDER BY id').pluck().all().map(Number);
    const step = Math.max(1, ids.length / settings.sampleSize);
    const picked: number[] = [];
    for (let position = 0; Math.floor(position) < ids.length && picked.length < settings.sampleSize; position += step) picked.push(ids[Math.floor(position)]!);
    const select = db.prepare('SELECT heading_path, text FROM chunks WHERE id = ?');
    return picked.map((id) => {
      const row = select.get(id) as { heading_path: string; text: string };
      return chunkRowIndexingText(row.heading_path, row.text);
    });
  }

  /** Decides whether to (re)fit; returns the embedder to build, or null when the active one is fine. */
  function fitIfDue(): BuiltinEmbedder | null {
    const count = chunkCount();
    const active = embedderInState(db, 'active');
    if (count < settings.minChunks) return null;
    if (active && count < active.chunkCount * settings.growthFactor) return null;
    const fitted = BuiltinEmbedder.fit(sampleTexts());
    if (!fitted) return null;
    if (active && fitted.id === active.id) {
      setEmbedderChunkCount(db, active.id, count);
      return null;
    }
    db.transaction(() => {
      insertBuildingEmbedder(db, { id: fitted.id, kind: builtinEmbedderKind, dimensions: fitted.dimensions, model: fitted.blob, chunkCount: count });
      createVectorTables(db, vectorTables(fitted.id, fitted.dimensions));
    })();
    loaded.set(fitted.id, fitted);
    return fitted;
  }

  /** Embeds every chunk into the building embedder's tables, resuming after the last one written. */
  async function build(embedder: BuiltinEmbedder, signal?: AbortSignal): Promise<void> {
    const tables = vectorTables(embedder.id, embedder.dimensions);
    const nextBatch = db.prepare('SELECT id, heading_path, text FROM chunks WHERE id > ? ORDER BY id LIMIT ?');
    let cursor = lastVectorChunkId(db, tables);
    for (;;) {
      signal?.throwIfAborted();
      const rows = nextBatch.all(cursor, settings.batchSize) as { id: number; heading_path: string; text: string }[];
      if (rows.length === 0) break;
      const vectors = embedder.embedSync(rows.map((row) => chunkRowIndexingText(row.heading_path, row.text)));
      db.transaction(() => insertVectors(db, tables, rows.map((row) => row.id), vectors))();
      cursor = rows[rows.length - 1]!.id;
      // Let other work (queries, progress events) run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    db.transaction(() => {
      // Chunks that arrived with an id below the cursor (rowid reuse) are caught up before switching.
      const missing = db
        .prepare(`SELECT c.id, c.heading_path, c.text FROM chunks c LEFT JOIN ${tables.floats} v ON v.chunk_id = c.id WHERE v.chunk_id IS NULL`)
        .all() as { id: number; heading_path: string; text: string }[];
      if (missing.length > 0) {
        insertVectors(db, tables, missing.map((row) => row.id), embedder.embedSync(missing.map((row) => chunkRowIndexingText(row.heading_path, row.text))));
      }
      const previous = embedderInState(db, 'active');
      activateEmbedder(db, embedder.id);
      if (previous && previous.id !== embedder.id) dropVectorTables(db, vectorTables(previous.id, previous.dimensions));
    })();
  }

  return {
    async prepare(texts: readonly string[], signal?: AbortSignal): Promise<PreparedVectors | null> {
      const embedder = activeEmbedder();
      if (!embedder) return null;
      return { embedderId: embedder.id, vectors: await embedder.embed(texts, { kind: 'document', ...(signal ? { signal } : {}) }) };
    },

    write(target: Db, chunkIds: readonly number[], prepared: PreparedVectors | null): void {
      if (chunkIds.length === 0) return;
      for (const row of liveEmbedders(target)) {
        let vectors = prepared?.embedderId === row.id ? prepared.vectors : null;
        if (!vectors) {
          // Vectors were prepared for another embedder (or none was active then): the built-in one is
          // cheap and synchronous, so embed here rather than leave holes the next build must fill.
          const embedder = load(row);
          if (!embedder) continue;
          const texts = target.prepare('SELECT heading_path, text FROM chunks WHERE id = ?');
          vectors = embedder.embedSync(chunkIds.map((id) => {
            const chunk = texts.get(id) as { heading_path: string; text: string };
            return chunkRowIndexingText(chunk.heading_path, chunk.text);
          }));
        }
        const tables = vectorTables(row.id, row.dimensions);
        insertVectors(target, tables, chunkIds, vectors);
        if (cache?.tables.floats === tables.floats) cache.set(chunkIds, vectors);
      }
    },

    remove(target: Db, chunkIds: readonly number[]): void {
      if (chunkIds.length === 0) return;
      cache?.delete(chunkIds);
      for (const row of liveEmbedders(target)) deleteVectors(target, vectorTables(row.id, row.dimensions), chunkIds);
    },

    async afterIngest(signal?: AbortSignal): Promise<void> {
      const building = embedderInState(db, 'building');
      const resumed = building ? load(building) : null;
      const embedder = resumed ?? fitIfDue();
      if (embedder) await build(embedder, signal);
    },

    activeEmbedderId(): string | null {
      return embedderInState(db, 'active')?.id ?? null;
    },

    activeEmbedder,

    embedQuery(query) {
      const vector = activeEmbedder()?.embedSync([query])[0];
      return vector && vector.some((value) => value !== 0) ? vector : null;
    },

    searchDense(vector, { limit, filters }) {
      const embedder = activeEmbedder();
      if (!embedder || vector.length !== embedder.dimensions) return [];
      return denseSearch(db, activeCache(embedder), vector, { limit, filters });
    },

    chunkVectors(chunkIds) {
      const embedder = activeEmbedder();
      if (!embedder) return new Map();
      const vectors = activeCache(embedder).current();
      return new Map(chunkIds.flatMap((id): [number, Float32Array][] => (vectors.has(id) ? [[id, vectors.get(id)!]] : [])));
    },
  };
}
