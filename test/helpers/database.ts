import { join } from 'node:path';
import pino from 'pino';
import { openDatabase, type Db } from '../../src-main/engine/store/database';
import { tempDir } from './temp';

export const silentLogger = pino({ level: 'silent' });

/** A real library file in a fresh temporary folder; `cleanup` closes it (tempDir removes the folder). */
export function tempDatabase(): { db: Db; dir: string; file: string; cleanup: () => void } {
  const dir = tempDir('quarry-monitor-');
  const file = join(dir, 'library.sqlite');
  const db = openDatabase(file);
  return {
    db,
    dir,
    file,
    cleanup: () => {
      db.close();
    },
  };
}
