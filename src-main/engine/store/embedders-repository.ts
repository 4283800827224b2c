import type { Db } from './database';

/** building: its vector table is being filled; active: queries use it; retired: replaced, tables dropped. */
export type EmbedderState = 'building' | 'active' | 'retired';

export interface EmbedderRow {
  readonly id: string;
  readonly kind: string;
  readonly dimensions: number;
  readonly state: EmbedderState;
  /** Chunks in the library when the embedder was fitted (or its build began). */
  readonly chunkCount: number;
  readonly createdAt: number;
  readonly activatedAt: number | null;
}

interface RawRow {
  id: string;
  kind: string;
  dimensions: number;
  state: EmbedderState;
  chunk_count: number;
  created_at: number;
  activated_at: number | null;
}

const columns = 'id, kind, dimensions, state, chunk_count, created_at, activated_at';

function toRow(raw: RawRow): EmbedderRow {
  return {
    id: raw.id,
    kind: raw.kind,
    dimensions: raw.dimensions,
    state: raw.state,
    chunkCount: raw.chunk_count,
    createdAt: raw.created_at,
    activatedAt: raw.activated_at,
  };
}

/** Embedders whose vector tables exist and must follow every chunk write: the active one and any in build. */
export function liveEmbedders(db: Db): EmbedderRow[] {
  return (db.prepare(`SELECT ${columns} FROM embedders WHERE state IN ('active', 'building') ORDER BY created_at`).all() as RawRow[]).map(
    toRow,
  );
}

export function embedderInState(db: Db, state: EmbedderState): EmbedderRow | null {
  const raw = db.prepare(`SELECT ${columns} FROM embedders WHERE state = ? ORDER BY created_at DESC LIMIT 1`).get(state) as
    RawRow | undefined;
  return raw ? toRow(raw) : null;
}

export function embedderModel(db: Db, id: string): Buffer | null {
  return (db.prepare('SELECT model FROM embedders WHERE id = ?').pluck().get(id) as Buffer | null | undefined) ?? null;
}

export function insertBuildingEmbedder(
  db: Db,
  row: { id: string; kind: string; dimensions: number; model: Buffer; chunkCount: number },
): void {
  db.prepare(
    `INSERT INTO embedders (id, kind, dimensions, state, model, chunk_count, created_at) VALUES (?, ?, ?, 'building', ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET state = 'building', model = excluded.model, chunk_count = excluded.chunk_count, activated_at = NULL`,
  ).run(row.id, row.kind, row.dimensions, row.model, row.chunkCount, Date.now());
}

/** Makes `id` the active embedder and retires the previous one (its model is dropped to free space). */
export function activateEmbedder(db: Db, id: string): void {
  db.prepare(`UPDATE embedders SET state = 'retired', model = NULL WHERE state = 'active' AND id != ?`).run(id);
  db.prepare(`UPDATE embedders SET state = 'active', activated_at = ? WHERE id = ?`).run(Date.now(), id);
}

export function setEmbedderChunkCount(db: Db, id: string, chunkCount: number): void {
  db.prepare('UPDATE embedders SET chunk_count = ? WHERE id = ?').run(chunkCount, id);
}
