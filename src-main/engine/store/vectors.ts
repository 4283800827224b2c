import { createHash } from 'node:crypto';
import type { Db } from './database';

/**
 * Vector tables of one embedder: a sqlite-vec `bit[]` table for a fast Hamming first pass, and a plain
 * table of float32 BLOBs to re-score the candidates exactly (FINDINGS: vec0 point look-ups are slow,
 * a rowid table's are not; exact float scans in vec0 take ~57 ms at 100k × 384).
 */
export interface VectorTables {
  readonly bits: string;
  readonly floats: string;
  readonly bitDimensions: number;
}

/** Table names derived from the embedder id, which may hold characters SQL identifiers cannot. */
export function vectorTables(embedderId: string, dimensions: number): VectorTables {
  const suffix = createHash('sha256').update(embedderId).digest('hex').slice(0, 16);
  return { bits: `vec_bits_${suffix}`, floats: `vec_floats_${suffix}`, bitDimensions: Math.max(8, Math.ceil(dimensions / 8) * 8) };
}

export function createVectorTables(db: Db, tables: VectorTables): void {
  db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS ${tables.bits} USING vec0(chunk_id INTEGER PRIMARY KEY, embedding bit[${tables.bitDimensions}])`,
  );
  db.exec(`CREATE TABLE IF NOT EXISTS ${tables.floats} (chunk_id INTEGER PRIMARY KEY, embedding BLOB NOT NULL)`);
}

export function dropVectorTables(db: Db, tables: VectorTables): void {
  db.exec(`DROP TABLE IF EXISTS ${tables.bits}`);
  db.exec(`DROP TABLE IF EXISTS ${tables.floats}`);
}

/** Sign bits of a vector, least significant bit first, as sqlite-vec's `vec_quantize_binary` packs them. */
export function signBits(vector: Float32Array, bitDimensions: number): Buffer {
  const bytes = Buffer.alloc(bitDimensions / 8);
  for (let i = 0; i < vector.length; i++) if (vector[i]! > 0) bytes[i >> 3]! |= 1 << (i & 7);
  return bytes;
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
  const deleteBits = db.prepare(`DELETE FROM ${tables.bits} WHERE chunk_id = ?`);
  const insertBits = db.prepare(`INSERT INTO ${tables.bits} (chunk_id, embedding) VALUES (?, vec_bit(?))`);
  const insertFloats = db.prepare(`INSERT OR REPLACE INTO ${tables.floats} (chunk_id, embedding) VALUES (?, ?)`);
  chunkIds.forEach((chunkId, index) => {
    const vector = vectors[index]!;
    const id = BigInt(chunkId);
    deleteBits.run(id);
    insertBits.run(id, signBits(vector, tables.bitDimensions));
    insertFloats.run(id, floatBlob(vector));
  });
}

export function deleteVectors(db: Db, tables: VectorTables, chunkIds: readonly number[]): void {
  const deleteBits = db.prepare(`DELETE FROM ${tables.bits} WHERE chunk_id = ?`);
  const deleteFloats = db.prepare(`DELETE FROM ${tables.floats} WHERE chunk_id = ?`);
  for (const chunkId of chunkIds) {
    deleteBits.run(BigInt(chunkId));
    deleteFloats.run(chunkId);
  }
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
