import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/database';

export interface BackupResult {
  readonly path: string;
  readonly bytes: number;
  /** `ok` or what SQLite's quick_check found wrong in the copy. */
  readonly check: string;
  readonly removedOld: string[];
}

const backupPattern = /^library-\d{8}T\d{9}Z(-\d+)?\.sqlite$/;

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/**
 * A consistent copy of the library through SQLite's online backup API: it copies a snapshot page by
 * page without blocking the app (other connections keep reading and writing; a write by another
 * process restarts the copy). The copy is then checked, and backups beyond `keep` are deleted.
 */
export async function backupLibrary(db: Db, folder: string, keep: number, now = new Date()): Promise<BackupResult> {
  mkdirSync(folder, { recursive: true });
  let path = join(folder, `library-${stamp(now)}.sqlite`);
  for (let n = 1; existsFile(path); n++) path = join(folder, `library-${stamp(now)}-${n}.sqlite`);
  await db.backup(path);
  // The copy inherits WAL mode from the library; a backup should be one self-contained file.
  const copy = new Database(path);
  let check: string;
  try {
    copy.pragma('journal_mode = DELETE');
    sqliteVec.load(copy);
    const problems = copy.prepare<[], string>('PRAGMA quick_check').pluck().all();
    check = problems.length === 1 && problems[0] === 'ok' ? 'ok' : problems.join('; ');
  } finally {
    copy.close();
  }
  const backups = readdirSync(folder)
    .filter((name) => backupPattern.test(name))
    .map((name) => ({ name, mtime: statSync(join(folder, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime || (a.name < b.name ? 1 : -1))
    .map((entry) => entry.name);
  const removedOld: string[] = [];
  for (const name of backups.slice(keep)) {
    rmSync(join(folder, name), { force: true });
    removedOld.push(join(folder, name));
  }
  return { path, bytes: statSync(path).size, check, removedOld };
}

function existsFile(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
