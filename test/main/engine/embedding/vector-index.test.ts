import { searchDense } from '../../../../src-main/engine/retrieve/searcher';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestRecordsDirectly } from '../../../../src-main/engine/eval/direct-ingest';
import { createVectorIndex } from '../../../../src-main/engine/embedding/vector-index';
import { openDatabase, type Db } from '../../../../src-main/engine/store/database';
import { vectorTables } from '../../../../src-main/engine/store/vectors';
import { tempDir } from '../../../helpers/temp';

const topics = [
  ['wing', 'lift of a swept wing in a propeller slipstream at high angle of attack'],
  ['shell', 'buckling of thin cylindrical shells under axial compression loads'],
  ['heat', 'heat transfer in a hypersonic laminar boundary layer on a blunt body'],
  ['flutter', 'flutter and aeroelastic divergence of wings at transonic speed'],
] as const;

/** Records cycling through the topics, each with a distinguishing number. */
function records(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const [title, text] = topics[(from + i) % topics.length]!;
    return {
      _id: String(from + i),
      title: `${title} study ${from + i}`,
      text: `${text}; experiment number ${from + i} with ${title} data`,
    };
  });
}

function tableExists(db: Db, name: string): boolean {
  return db.prepare('SELECT count(*) FROM sqlite_master WHERE name = ?').pluck().get(name) === 1;
}

describe('vector index', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = tempDir('quarry-vectors-');
    db = openDatabase(join(dir, 'library.sqlite'));
  });
  afterEach(() => {
    db.close();
  });

  it('fits on first ingest, finds chunks by meaning, and removes their vectors', async () => {
    const index = createVectorIndex(db);
    expect(index.activeEmbedderId()).toBeNull();
    expect(await index.prepare(['anything'])).toBeNull();
    await ingestRecordsDirectly(db, index, records(0, 40));
    const id = index.activeEmbedderId();
    expect(id).toMatch(/^builtin-lsa-/);
    const hits = searchDense(db, index, index.embedQuery('cylindrical shell buckling')!, { limit: 5, filters: {} });
    expect(hits).toHaveLength(5);
    const shellIds = db
      .prepare("SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.title LIKE 'shell%'")
      .pluck()
      .all();
    for (const hit of hits) expect(shellIds).toContain(hit.chunkId);

    const tables = vectorTables(id!);
    db.transaction(() => index.remove(db, [hits[0]!.chunkId]))();
    expect(db.prepare(`SELECT count(*) FROM ${tables.floats} WHERE chunk_id = ?`).pluck().get(hits[0]!.chunkId)).toBe(0);
    // Vectors live in one plain table per embedder; no sqlite-vec table is written (queries never read one).
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name GLOB 'vec_*'").pluck().all()).toEqual([tables.floats]);
  });

  it('fits the same embedder and vectors whatever order the same documents arrive in', async () => {
    const corpus = records(0, 60);
    const shuffled = [...corpus].sort((x, y) => ((Number(x._id) * 37) % 61) - ((Number(y._id) * 37) % 61));
    expect(shuffled.map((r) => r._id)).not.toEqual(corpus.map((r) => r._id));
    const other = openDatabase(join(dir, 'other.sqlite'));
    try {
      const first = createVectorIndex(db);
      const second = createVectorIndex(other);
      await ingestRecordsDirectly(db, first, corpus);
      await ingestRecordsDirectly(other, second, shuffled);
      expect(first.activeEmbedderId()).toMatch(/^builtin-lsa-/);
      expect(second.activeEmbedderId()).toBe(first.activeEmbedderId());
      // Same record → same vector, although its chunk id differs between the two libraries.
      const byRecord = (target: Db, index: ReturnType<typeof createVectorIndex>) => {
        const rows = target.prepare('SELECT c.id, d.path FROM chunks c JOIN documents d ON d.id = c.document_id').all() as {
          id: number;
          path: string;
        }[];
        const vectors = index.chunkVectors(rows.map((row) => row.id));
        return new Map(rows.map((row) => [row.path, Array.from(vectors.get(row.id)!)]));
      };
      const a = byRecord(db, first);
      const b = byRecord(other, second);
      expect(a.size).toBe(60);
      for (const [path, vector] of a) expect(b.get(path)).toEqual(vector);
      const chunkIdOf = (target: Db) =>
        target.prepare("SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.path = '5.md'").pluck().get();
      expect(chunkIdOf(db)).not.toBe(chunkIdOf(other));
    } finally {
      other.close();
    }
  });

  it('embeds new chunks with the active embedder and refits when the library doubles', async () => {
    const index = createVectorIndex(db);
    await ingestRecordsDirectly(db, index, records(0, 20));
    const first = index.activeEmbedderId()!;
    const firstTables = vectorTables(first);

    await ingestRecordsDirectly(db, index, records(20, 10)); // 30 < 2 × 20: no refit
    expect(index.activeEmbedderId()).toBe(first);
    expect(db.prepare(`SELECT count(*) FROM ${firstTables.floats}`).pluck().get()).toBe(30);

    await ingestRecordsDirectly(db, index, records(30, 10)); // 40 ≥ 2 × 20: refit and switch
    const second = index.activeEmbedderId()!;
    expect(second).not.toBe(first);
    expect(tableExists(db, firstTables.floats)).toBe(false);
    const secondTables = vectorTables(second);
    expect(db.prepare(`SELECT count(*) FROM ${secondTables.floats}`).pluck().get()).toBe(40);
    const states = db.prepare('SELECT id, state FROM embedders ORDER BY created_at').all();
    expect(states).toEqual([
      { id: first, state: 'retired' },
      { id: second, state: 'active' },
    ]);
  });

  it('resumes an interrupted build in a new process and switches only when complete', async () => {
    const index = createVectorIndex(db, { batchSize: 5 });
    await ingestRecordsDirectly(db, index, records(0, 10));
    const first = index.activeEmbedderId()!;
    // A signal that lets the first batch through and then fails, as a crash mid-build would.
    let checks = 0;
    const crashing = {
      throwIfAborted: () => {
        if (++checks > 1) throw new Error('crash');
      },
    } as unknown as AbortSignal;
    await expect(ingestRecordsDirectly(db, index, records(10, 20), { signal: crashing })).rejects.toThrow('crash');
    const building = db.prepare("SELECT id FROM embedders WHERE state = 'building'").pluck().get() as string;
    expect(building).toMatch(/^builtin-lsa-/);
    expect(index.activeEmbedderId()).toBe(first);

    const restarted = createVectorIndex(db, { batchSize: 5 });
    const buildingTables = vectorTables(building);
    expect(db.prepare(`SELECT count(*) FROM ${buildingTables.floats}`).pluck().get()).toBe(5);
    await restarted.afterIngest();
    expect(restarted.activeEmbedderId()).toBe(building);
    expect(db.prepare(`SELECT count(*) FROM ${buildingTables.floats}`).pluck().get()).toBe(30);
  });
});
