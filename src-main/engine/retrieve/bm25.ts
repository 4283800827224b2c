import type { Db } from '../store/database';

/**
 * BM25 exactly as FTS5's built-in `bm25()` computes it (k1 = 1.2, b = 0.75, idf floored at 1e-6), so a
 * term scored in JavaScript adds to an FTS5 rank on the same scale. FTS5 keeps the figures it needs in
 * its own shadow tables (`_data` row 1: row count and total tokens; `_docsize`: each row's length as
 * SQLite varints); they are read from there rather than recounted.
 */
const k1 = 1.2;
const b = 0.75;

/** What BM25 needs of the whole library. */
export interface Bm25Library {
  readonly rows: number;
  readonly averageLength: number;
}

/** FTS5's idf: log((N − df + 0.5) / (df + 0.5)), floored at 1e-6 as FTS5 does for terms in over half the rows. */
export function bm25Idf(documentFrequency: number, rows: number): number {
  const idf = Math.log((rows - documentFrequency + 0.5) / (documentFrequency + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

/** One term's BM25 contribution to one document (before multiplying by the query's count of the term). */
export function bm25TermScore(termFrequency: number, documentLength: number, averageLength: number, idf: number): number {
  if (termFrequency <= 0) return 0;
  const norm = k1 * (1 - b + (b * documentLength) / Math.max(averageLength, 1e-9));
  return (idf * termFrequency * (k1 + 1)) / (termFrequency + norm);
}

/** Reads one SQLite varint (big-endian groups of 7 bits, the 9th byte whole) at an offset. */
export function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) return { value, next: offset + i };
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { value, next: offset + i + 1 };
  }
  const last = bytes[offset + 8] ?? 0;
  return { value: value * 256 + last, next: offset + 9 };
}

/** Row count and mean length (tokens) of the one-column `chunks_fts` table. */
export function fts5Averages(db: Db): Bm25Library {
  const block = db.prepare('SELECT block FROM chunks_fts_data WHERE id = 1').pluck().get() as Buffer | undefined;
  if (!block || block.length === 0) return { rows: 0, averageLength: 0 };
  const rows = readVarint(block, 0);
  const tokens = readVarint(block, rows.next);
  return { rows: rows.value, averageLength: rows.value > 0 ? tokens.value / rows.value : 0 };
}

/** A row's length in tokens from its `_docsize` BLOB (one varint per column; the table has one). */
export function fts5DocumentLength(size: Uint8Array): number {
  return readVarint(size, 0).value;
}
