import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openDatabase, type Db } from '../../src-main/engine/store/database';

export const silentLogger = pino({ level: 'silent' });

/** A real library file in a fresh temporary folder, removed by `cleanup`. */
export function tempDatabase(): { db: Db; dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'quarry-monitor-'));
  const file = join(dir, 'library.sqlite');
  const db = openDatabase(file);
  return {
    db,
    dir,
    file,
    cleanup: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
