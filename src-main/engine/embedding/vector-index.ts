import type { EmbedderSwitchProgress } from '../../../src-shared/schemas/providers';
import type { Embedder } from './embedder';
import { BuiltinEmbedder, builtinEmbedderKind } from './builtin/builtin-embedder';
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
  /** The active embedder's vectors in memory, for dense search; null before the first index. */
  activeVectors(): VectorCache | null;
  /** The chunk texts the built-in embedder is fitted on (ordered by content, see sampleTexts). */
  fitSample(): string[];
  /** Stored vectors of chunks under the active embedder (for pseudo-relevance feedback). */
  chunkVectors(chunkIds: readonly number[]): Map<number, Float32Array>;
  /** The active embedder, loaded; null before the first fit. */
  activeEmbedder(): BuiltinEmbedder | null;
  /** The active embedder whatever its kind (built-in, Ollama, OpenAI); null before the first index. */
  activeModel(): Embedder | null;
  /** Embeds a query ahead of a search when the active embedder is a remote model (embedQuery is synchronous). */
  prepareQuery(query: string, signal?: AbortSignal): Promise<void>;
  /**
   * Builds the index of another embedder beside the active one while queries keep using the old;
   * switches in one transaction when every chunk has a vector. `null` refits the built-in embedder.
   */
  switchTo(
    embedder: Embedder | null,
    spec?: { readonly kind: string; readonly model: Buffer },
    signal?: AbortSignal,
  ): Promise<EmbedderSwitchProgress>;
}

/** Embedders the index cannot build itself (Ollama, OpenAI), made from their stored rows. */
export interface ExternalEmbedders {
  resolve(row: EmbedderRow): Embedder | null;
  onProgress?(progress: EmbedderSwitchProgress): void;
  /** Wraps every external embedder the index uses (the embedding cache: unchanged texts are never sent again). */
  wrap?(embedder: Embedder): Embedder;
}

/** Work a higher layer does on a built index before it goes live (embedding may not import retrieve). */
export interface VectorIndexHooks {
  /**
   * Runs after every chunk has a vector under a newly fitted built-in embedder and before it becomes
   * active, with its fit sample: createEngine calibrates retrieval here (retrieve/library-calibration.ts),
   * so the first query after a refit only reads the stored calibration.
   */
  beforeActivate?(embedder: Embedder, sample: readonly string[]): Promise<void>;
}

/** Creates the built-in vector index of a library (LSA embedder fitted on the library itself). */
export function createVectorIndex(
  db: Db,
  options: Partial<VectorIndexOptions> = {},
  external?: ExternalEmbedders,
  hooks: VectorIndexHooks = {},
): LibraryVectorIndex {
  const settings = { ...defaultVectorIndexOptions, ...options };
  const loaded = new Map<string, BuiltinEmbedder>();
  let cache: VectorCache | null = null;

  /** The in-memory vectors of the active embedder (a new cache after a switch). */
  function activeCache(embedder: Pick<Embedder, 'id' | 'dimensions'>): VectorCache {
    const tables = vectorTables(embedder.id);
    if (cache?.tables.floats !== tables.floats) cache = new VectorCache(db, tables);
    return cache;
  }
  const externalLoaded = new Map<string, Embedder>();
  const queryVectors = new Map<string, Float32Array>();
  const builds = new Map<string, Promise<EmbedderSwitchProgress>>();

  function load(row: EmbedderRow): Embedder | null {
    if (row.kind !== builtinEmbedderKind) {
      let embedder = externalLoaded.get(row.id) ?? null;
      if (!embedder) {
        embedder = external?.resolve(row) ?? null;
        if (embedder && external?.wrap) embedder = external.wrap(embedder);
        if (embedder) externalLoaded.set(row.id, embedder);
      }
      return embedder;
    }
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

  function activeModel(): Embedder | null {
    const row = embedderInState(db, 'active');
    return row ? load(row) : null;
  }

  function chunkCount(): number {
    return Number(db.prepare('SELECT count(*) FROM chunks').pluck().get());
  }

  /**
   * The chunks the embedder is fitted on, in an order set by their content alone (the hash of the text
   * they are indexed under), never by chunk id: ids follow the order concurrent reads finish, and the
   * same files ingested in another order must give the same fit, embedder id and vectors (a team's
   * caches then match). Chunks with equal hashes hold equal text, so how their tie breaks changes nothing.
   */
  function sampleTexts(): string[] {
    const ids = db.prepare('SELECT id FROM chunks ORDER BY content_hash, id').pluck().all().map(Number);
    const step = Math.max(1, ids.length / settings.sampleSize);
    const picked: number[] = [];
    for (let position = 0; Math.floor(position) < ids.length && picked.length < settings.sampleSize; position += step)
      picked.push(ids[Math.floor(position)]!);
    const select = db.prepare('SELECT heading_path, text FROM chunks WHERE id = ?');
    return picked.map((id) => {
      const row = select.get(id) as { heading_path: string; text: string };
      return chunkRowIndexingText(row.heading_path, row.text);
    });
  }

  /** Decides whether to (re)fit; returns the embedder to build, or null when the active one is fine. */
  function fitIfDue(force = false): BuiltinEmbedder | null {
    const count = chunkCount();
    const active = embedderInState(db, 'active');
    if (count < settings.minChunks) return null;
    if (!force && active && count < active.chunkCount * settings.growthFactor) return null;
    const fitted = BuiltinEmbedder.fit(sampleTexts());
    if (!fitted) return null;
    if (active && fitted.id === active.id) {
      setEmbedderChunkCount(db, active.id, count);
      return null;
    }
    db.transaction(() => {
      insertBuildingEmbedder(db, {
        id: fitted.id,
        kind: builtinEmbedderKind,
        dimensions: fitted.dimensions,
        model: fitted.blob,
        chunkCount: count,
      });
      createVectorTables(db, vectorTables(fitted.id));
    })();
    loaded.set(fitted.id, fitted);
    return fitted;
  }

  /** Embeds every chunk into the building embedder's tables, resuming after the last one written. */
  async function build(embedder: BuiltinEmbedder, signal?: AbortSignal): Promise<void> {
    const tables = vectorTables(embedder.id);
    const nextBatch = db.prepare('SELECT id, heading_path, text FROM chunks WHERE id > ? ORDER BY id LIMIT ?');
    let cursor = lastVectorChunkId(db, tables);
    for (;;) {
      signal?.throwIfAborted();
      const rows = nextBatch.all(cursor, settings.batchSize) as { id: number; heading_path: string; text: string }[];
      if (rows.length === 0) break;
      const vectors = embedder.embedSync(rows.map((row) => chunkRowIndexingText(row.heading_path, row.text)));
      db.transaction(() =>
        insertVectors(
          db,
          tables,
          rows.map((row) => row.id),
          vectors,
        ),
      )();
      cursor = rows[rows.length - 1]!.id;
      // Let other work (queries, progress events) run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (hooks.beforeActivate) await hooks.beforeActivate(embedder, sampleTexts());
    db.transaction(() => {
      // Chunks that arrived with an id below the cursor (rowid reuse) are caught up before switching.
      const missing = db.prepare(missingSql(tables.floats)).all() as { id: number; heading_path: string; text: string }[];
      if (missing.length > 0) {
        insertVectors(
          db,
          tables,
          missing.map((row) => row.id),
          embedder.embedSync(missing.map((row) => chunkRowIndexingText(row.heading_path, row.text))),
        );
      }
      const previous = embedderInState(db, 'active');
      activateEmbedder(db, embedder.id);
      if (previous && previous.id !== embedder.id) dropVectorTables(db, vectorTables(previous.id));
    })();
  }

  function missingSql(floats: string, limit = ''): string {
    return `SELECT c.id, c.heading_path, c.text FROM chunks c LEFT JOIN ${floats} v ON v.chunk_id = c.id WHERE v.chunk_id IS NULL ORDER BY c.id ${limit}`;
  }

  /**
   * Fills an external embedder's tables (awaiting the model between batches, so queries keep running
   * on the active index), then catches up on chunks ingested meanwhile and activates it in one
   * transaction once none lacks a vector.
   */
  async function buildExternal(embedder: Embedder, signal?: AbortSignal): Promise<EmbedderSwitchProgress> {
    const tables = vectorTables(embedder.id);
    const total = () => chunkCount();
    const done = () => Number(db.prepare(`SELECT count(*) FROM ${tables.floats}`).pluck().get());
    const report = (state: EmbedderSwitchProgress['state'], error: string | null = null): EmbedderSwitchProgress => {
      const progress = { embedderId: embedder.id, state, done: done(), total: total(), error };
      external?.onProgress?.(progress);
      return progress;
    };
    const nextMissing = db.prepare(missingSql(tables.floats, 'LIMIT ?'));
    try {
      for (;;) {
        signal?.throwIfAborted();
        const rows = nextMissing.all(settings.batchSize) as { id: number; heading_path: string; text: string }[];
        if (rows.length === 0) {
          const switched = db.transaction(() => {
            if ((nextMissing.all(1) as unknown[]).length > 0) return false;
            const previous = embedderInState(db, 'active');
            activateEmbedder(db, embedder.id);
            setEmbedderChunkCount(db, embedder.id, total());
            if (previous && previous.id !== embedder.id) dropVectorTables(db, vectorTables(previous.id));
            return true;
          })();
          if (switched) return report('active');
          continue;
        }
        const vectors = await embedder.embed(
          rows.map((row) => chunkRowIndexingText(row.heading_path, row.text)),
          { kind: 'document', ...(signal ? { signal } : {}) },
        );
        // Chunks deleted while their batch was embedding are skipped: their vector would point nowhere.
        db.transaction(() => {
          const present = new Set(
            db
              .prepare('SELECT id FROM chunks WHERE id IN (SELECT value FROM json_each(?))')
              .pluck()
              .all(JSON.stringify(rows.map((r) => r.id))) as number[],
          );
          const keep = rows.map((row, index) => [row.id, vectors[index]!] as const).filter(([id]) => present.has(id));
          insertVectors(
            db,
            tables,
            keep.map(([id]) => id),
            keep.map(([, vector]) => vector),
          );
        })();
        report('building');
      }
    } catch (error) {
      const cancelled = signal?.aborted ?? false;
      report(cancelled ? 'cancelled' : 'failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  function runBuild(embedder: Embedder, signal?: AbortSignal): Promise<EmbedderSwitchProgress> {
    let running = builds.get(embedder.id);
    if (!running) {
      running = buildExternal(embedder, signal).finally(() => builds.delete(embedder.id));
      builds.set(embedder.id, running);
    }
    return running;
  }

  return {
    async prepare(texts: readonly string[], signal?: AbortSignal): Promise<PreparedVectors | null> {
      const embedder = activeModel();
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
          // An external model cannot embed inside a transaction: its build fills the gap later.
          if (!(embedder instanceof BuiltinEmbedder)) continue;
          const texts = target.prepare('SELECT heading_path, text FROM chunks WHERE id = ?');
          vectors = embedder.embedSync(
            chunkIds.map((id) => {
              const chunk = texts.get(id) as { heading_path: string; text: string };
              return chunkRowIndexingText(chunk.heading_path, chunk.text);
            }),
          );
        }
        const tables = vectorTables(row.id);
        insertVectors(target, tables, chunkIds, vectors);
        if (cache?.tables.floats === tables.floats) cache.set(chunkIds, vectors);
      }
    },

    remove(target: Db, chunkIds: readonly number[]): void {
      if (chunkIds.length === 0) return;
      cache?.delete(chunkIds);
      for (const row of liveEmbedders(target)) deleteVectors(target, vectorTables(row.id), chunkIds);
    },

    async afterIngest(signal?: AbortSignal): Promise<void> {
      const building = embedderInState(db, 'building');
      const active = embedderInState(db, 'active');
      // A model the user chose is never replaced by a refit; its missing vectors are filled instead.
      const chosen =
        building && building.kind !== builtinEmbedderKind ? building : active && active.kind !== builtinEmbedderKind ? active : null;
      if (chosen) {
        // A switch in progress picks up the new chunks itself; ingestion does not wait for it.
        const embedder = builds.has(chosen.id) ? null : load(chosen);
        if (embedder) await runBuild(embedder, signal);
        return;
      }
      const resumed = building ? load(building) : null;
      const embedder = resumed instanceof BuiltinEmbedder ? resumed : fitIfDue();
      if (embedder) await build(embedder, signal);
    },

    activeEmbedderId(): string | null {
      return embedderInState(db, 'active')?.id ?? null;
    },

    activeModel,
    activeEmbedder() {
      const embedder = activeModel();
      return embedder instanceof BuiltinEmbedder ? embedder : null;
    },

    async prepareQuery(query, signal) {
      const embedder = activeModel();
      if (!embedder || embedder instanceof BuiltinEmbedder || queryVectors.has(`${embedder.id}\n${query}`)) return;
      const [vector] = await embedder.embed([query], { kind: 'query', ...(signal ? { signal } : {}) });
      if (queryVectors.size > 256) queryVectors.delete(queryVectors.keys().next().value!);
      if (vector) queryVectors.set(`${embedder.id}\n${query}`, vector);
    },

    async switchTo(embedder, spec, signal) {
      if (embedder === null) {
        const progress = (
          embedderId: string,
          state: EmbedderSwitchProgress['state'],
          error: string | null = null,
        ): EmbedderSwitchProgress => {
          const value = { embedderId, state, done: state === 'active' ? chunkCount() : 0, total: chunkCount(), error };
          external?.onProgress?.(value);
          return value;
        };
        const fitted = fitIfDue(true);
        if (!fitted) return progress('builtin', 'failed', 'The library has too few passages to fit the built-in embedder.');
        progress(fitted.id, 'building');
        try {
          await build(fitted, signal);
        } catch (error) {
          progress(fitted.id, signal?.aborted ? 'cancelled' : 'failed', error instanceof Error ? error.message : String(error));
          throw error;
        }
        return progress(fitted.id, 'active');
      }
      const row = embedderInState(db, 'active');
      if (row?.id === embedder.id)
        return { embedderId: embedder.id, state: 'active', done: chunkCount(), total: chunkCount(), error: null };
      db.transaction(() => {
        insertBuildingEmbedder(db, {
          id: embedder.id,
          kind: spec?.kind ?? 'external',
          dimensions: embedder.dimensions,
          model: spec?.model ?? Buffer.alloc(0),
          chunkCount: chunkCount(),
        });
        createVectorTables(db, vectorTables(embedder.id));
      })();
      const used = external?.wrap ? external.wrap(embedder) : embedder;
      externalLoaded.set(embedder.id, used);
      return runBuild(used, signal);
    },

    embedQuery(query) {
      const active = activeModel();
      if (active && !(active instanceof BuiltinEmbedder)) return queryVectors.get(`${active.id}\n${query}`) ?? null;
      const vector = active?.embedSync([query])[0];
      return vector && vector.some((value) => value !== 0) ? vector : null;
    },

    activeVectors() {
      const embedder = activeModel();
      return embedder ? activeCache(embedder) : null;
    },

    fitSample: sampleTexts,

    chunkVectors(chunkIds) {
      const embedder = activeModel();
      if (!embedder) return new Map();
      const vectors = activeCache(embedder).current();
      return new Map(chunkIds.flatMap((id): [number, Float32Array][] => (vectors.has(id) ? [[id, vectors.get(id)!]] : [])));
    },
  };
}
