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
  /** The leading dimensions of every vector packed in one array, built on the first search after a change. */
  private prefix: LeadingDimensions | null = null;

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
      this.prefix = null;
    }
    return this.vectors;
  }

  set(chunkIds: readonly number[], vectors: readonly Float32Array[]): void {
    if (!this.vectors) return;
    chunkIds.forEach((chunkId, index) => this.vectors!.set(chunkId, vectors[index]!));
    this.prefix = null;
  }

  delete(chunkIds: readonly number[]): void {
    if (!this.vectors) return;
    for (const chunkId of chunkIds) this.vectors.delete(chunkId);
    this.prefix = null;
  }

  /**
   * The k chunks nearest the query on the vectors' leading dimensions (see leadingDimensionCount): one
   * pass over a packed Float32Array, then the caller re-scores the candidates on the whole vectors.
   * A Hamming pass over sign bits was 3.5 ms but kept only 0.69 of the exact top 10 at 100k chunks.
   */
  nearestByLeadingDimensions(query: Float32Array, k: number): number[] {
    const { ids, values, width } = this.leading();
    return nearestOnPrefix(query, ids, values, width, k);
  }

  private leading(): LeadingDimensions {
    if (this.prefix) return this.prefix;
    const vectors = this.current();
    const first = vectors.values().next().value;
    const width = leadingDimensionCount(first?.length ?? 0);
    const ids = new Float64Array(vectors.size);
    const values = new Float32Array(vectors.size * width);
    let i = 0;
    for (const [chunkId, vector] of vectors) {
      ids[i] = chunkId;
      values.set(vector.subarray(0, width), i * width);
      i++;
    }
    this.prefix = { ids, values, width };
    return this.prefix;
  }
}

interface LeadingDimensions {
  readonly ids: Float64Array;
  readonly values: Float32Array;
  readonly width: number;
}

/**
 * How many leading dimensions the first pass reads. The built-in embedder's dimensions come in order
 * of singular value, so the first quarter carries most of a vector's energy; 64 of 256 kept ≥ 0.95
 * of the exact top 10 at 100k chunks with a few thousand candidates re-scored (test/bench/ingest.ts).
 */
export function leadingDimensionCount(dimensions: number): number {
  return Math.min(dimensions, Math.max(16, Math.ceil(dimensions / 4)));
}

/** Ids of the k largest dot products of the query's first `width` values with each packed row. */
export function nearestOnPrefix(query: Float32Array, ids: Float64Array, values: Float32Array, width: number, k: number): number[] {
  const count = ids.length;
  if (k >= count) return Array.from(ids);
  const scores = new Float32Array(count);
  const head = query.slice(0, width);
  // Four running sums let the CPU overlap the multiply-adds; width is a multiple of 4 for every embedder
  // in use (LSA 256 → 64, models 384/768/1536), and the tail loop covers any other.
  const blocks = width - (width % 4);
  for (let i = 0, offset = 0; i < count; i++, offset += width) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let d = 0;
    for (; d < blocks; d += 4) {
      s0 += head[d]! * values[offset + d]!;
      s1 += head[d + 1]! * values[offset + d + 1]!;
      s2 += head[d + 2]! * values[offset + d + 2]!;
      s3 += head[d + 3]! * values[offset + d + 3]!;
    }
    for (; d < width; d++) s0 += head[d]! * values[offset + d]!;
    scores[i] = s0 + s1 + s2 + s3;
  }
  const threshold = kthLargest(Float32Array.from(scores), k);
  const nearest: number[] = [];
  // Everything above the threshold, then ties at it up to k.
  for (let i = 0; i < count; i++) if (scores[i]! > threshold) nearest.push(ids[i]!);
  for (let i = 0; i < count && nearest.length < k; i++) if (scores[i] === threshold) nearest.push(ids[i]!);
  return nearest;
}

/** The k-th largest value (k from 1) by quickselect; reorders the array it is given. */
export function kthLargest(values: Float32Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  const target = k - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1]!;
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  return values[target]!;
}
