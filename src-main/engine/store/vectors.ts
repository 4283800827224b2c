import { createHash } from 'node:crypto';
import type { Db } from './database';

/**
 * The vector table of one embedder: a plain table of float32 BLOBs keyed by chunk id. Queries never
 * read it: they scan the vectors held in memory (embedding/vector-cache.ts), a first pass over the
 * leading dimensions then exact re-scoring, because sqlite-vec's KNN costs 205 ms at k = 1000 and vec0
 * point look-ups are slow. So no sqlite-vec table is kept (migration 19 dropped the old `bit[]` ones).
 */
export interface VectorTables {
  readonly floats: string;
}

/** Table names derived from the embedder id, which may hold characters SQL identifiers cannot. */
export function vectorTables(embedderId: string): VectorTables {
  const suffix = createHash('sha256').update(embedderId).digest('hex').slice(0, 16);
  return { floats: `vec_floats_${suffix}` };
}

export function createVectorTables(db: Db, tables: VectorTables): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${tables.floats} (chunk_id INTEGER PRIMARY KEY, embedding BLOB NOT NULL)`);
}

export function dropVectorTables(db: Db, tables: VectorTables): void {
  db.exec(`DROP TABLE IF EXISTS ${tables.floats}`);
}

export function floatBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

export function blobFloats(blob: Buffer): Float32Array {
  // Copy: SQLite BLOBs are not 4-byte aligned, and a view would pin the whole row buffer.
  const out = new Float32Array(blob.length / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

/** Writes vectors of chunks (replacing any already there). */
export function insertVectors(db: Db, tables: VectorTables, chunkIds: readonly number[], vectors: readonly Float32Array[]): void {
  const insertFloats = db.prepare(`INSERT OR REPLACE INTO ${tables.floats} (chunk_id, embedding) VALUES (?, ?)`);
  chunkIds.forEach((chunkId, index) => insertFloats.run(chunkId, floatBlob(vectors[index]!)));
}

export function deleteVectors(db: Db, tables: VectorTables, chunkIds: readonly number[]): void {
  const deleteFloats = db.prepare(`DELETE FROM ${tables.floats} WHERE chunk_id = ?`);
  for (const chunkId of chunkIds) deleteFloats.run(chunkId);
}

/** Float vectors of the given chunks (those that have one). */
export function readFloatVectors(db: Db, tables: VectorTables, chunkIds: readonly number[]): Map<number, Float32Array> {
  const out = new Map<number, Float32Array>();
  const select = db.prepare(`SELECT embedding FROM ${tables.floats} WHERE chunk_id = ?`).pluck();
  for (const chunkId of chunkIds) {
    const blob = select.get(chunkId) as Buffer | undefined;
    if (blob) out.set(chunkId, blobFloats(blob));
  }
  return out;
}

/** Every stored float vector, in chunk id order (used for exact search over small libraries). */
export function* allFloatVectors(db: Db, tables: VectorTables): Generator<[number, Float32Array]> {
  for (const row of db.prepare(`SELECT chunk_id, embedding FROM ${tables.floats}`).raw().iterate() as Iterable<[number, Buffer]>) {
    yield [row[0], blobFloats(row[1])];
  }
}

/** Largest chunk id that has a vector: the resume point of an interrupted build. */
export function lastVectorChunkId(db: Db, tables: VectorTables): number {
  return Number(db.prepare(`SELECT coalesce(max(chunk_id), 0) FROM ${tables.floats}`).pluck().get());
}
