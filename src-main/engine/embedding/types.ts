import type { Db } from '../store/database';

/** Vectors computed for a document's chunks before its write transaction opens. */
export interface PreparedVectors {
  readonly embedderId: string;
  readonly vectors: readonly Float32Array[];
}

/**
 * The dense side of the library: which embedder is active, its vector tables, and rebuilding them.
 * The ingest pipeline calls it in this order for each document: `prepare` (async, outside any
 * transaction), then `write` / `remove` inside the document's transaction, and `afterIngest` once a
 * job has finished.
 */
export interface VectorIndex {
  /** Embeds chunk texts with the active embedder; null when no embedder is ready (the index is built later). */
  prepare(texts: readonly string[], signal?: AbortSignal): Promise<PreparedVectors | null>;
  /** Stores vectors for freshly inserted chunks; call inside the document's transaction. */
  write(db: Db, chunkIds: readonly number[], prepared: PreparedVectors | null): void;
  /** Deletes the vectors of chunks about to be deleted, from every vector table; inside the transaction. */
  remove(db: Db, chunkIds: readonly number[]): void;
  /** After ingestion: (re)builds the index when the library changed enough, then switches atomically. */
  afterIngest(signal?: AbortSignal): Promise<void>;
  /** The id of the embedder queries use now, or null when there is no dense index yet. */
  activeEmbedderId(): string | null;
}
