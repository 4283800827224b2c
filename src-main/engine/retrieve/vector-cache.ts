import type { Db } from '../store/database';
import { allFloatVectors, type VectorTables } from '../store/vectors';

/**
 * The active embedder's float vectors held in memory, for exact scans of small libraries and for
 * re-scoring first-pass candidates (reading BLOBs back from SQLite costs ~8 µs a row; a Map lookup
 * costs nothing). Writes through this process update it; a commit by another connection (the CLI
 * while the app runs) changes `PRAGMA data_version`, and the cache then reloads.
 */
export class VectorCache {
  private vectors: Map<number, Float32Array> | null = null;
  private dataVersion = -1;

  constructor(
    private readonly db: Db,
    readonly tables: VectorTables,
  ) {}

  /** All vectors, reloaded when another connection has committed since the last load. */
  current(): ReadonlyMap<number, Float32Array> {
    const version = Number(this.db.pragma('data_version', { simple: true }));
    if (!this.vectors || version !== this.dataVersion) {
      this.vectors = new Map(allFloatVectors(this.db, this.tables));
      this.dataVersion = version;
    }
    return this.vectors;
  }

  set(chunkIds: readonly number[], vectors: readonly Float32Array[]): void {
    if (!this.vectors) return;
    chunkIds.forEach((chunkId, index) => this.vectors!.set(chunkId, vectors[index]!));
  }

  delete(chunkIds: readonly number[]): void {
    if (!this.vectors) return;
    for (const chunkId of chunkIds) this.vectors.delete(chunkId);
  }
}
