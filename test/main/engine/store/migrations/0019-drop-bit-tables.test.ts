import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../../../src-main/engine/store/database';
import { migrations } from '../../../../../src-main/engine/store/migrations';
import { blobFloats, floatBlob, vectorTables } from '../../../../../src-main/engine/store/vectors';
import { tempDir } from '../../../../helpers/temp';

describe('migration 19', () => {
  it('drops the sqlite-vec bit tables an older release wrote, with their shadow tables, and keeps the float vectors', () => {
    const file = join(tempDir('quarry-migration-19-'), 'library.sqlite');
    const tables = vectorTables('builtin-lsa-16@old');
    const bits = 'vec_bits_0123456789abcdef';
    const old = new Database(file);
    sqliteVec.load(old);
    migrate(
      old,
      migrations.filter((migration) => migration.version !== 19),
    );
    // What the release before this migration wrote for every chunk of an embedder.
    old.exec(`CREATE VIRTUAL TABLE ${bits} USING vec0(chunk_id INTEGER PRIMARY KEY, embedding bit[16])`);
    old.exec(`CREATE TABLE ${tables.floats} (chunk_id INTEGER PRIMARY KEY, embedding BLOB NOT NULL)`);
    const vector = Float32Array.from({ length: 16 }, (_, i) => (i % 3) - 1);
    old.prepare(`INSERT INTO ${bits} (chunk_id, embedding) VALUES (?, vec_quantize_binary(?))`).run(5n, floatBlob(vector));
    old.prepare(`INSERT INTO ${tables.floats} (chunk_id, embedding) VALUES (?, ?)`).run(5, floatBlob(vector));
    expect(old.prepare(`SELECT count(*) FROM sqlite_schema WHERE name GLOB '${bits}_*'`).pluck().get()).toBeGreaterThan(0);
    old.close();

    const db = openDatabase(file);
    try {
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE name GLOB 'vec_*'").pluck().all()).toEqual([tables.floats]);
      expect(blobFloats(db.prepare(`SELECT embedding FROM ${tables.floats} WHERE chunk_id = 5`).pluck().get() as Buffer)).toEqual(vector);
      expect(db.prepare('SELECT count(*) FROM schema_migrations WHERE version = 19').pluck().get()).toBe(1);
    } finally {
      db.close();
    }
  });
});
