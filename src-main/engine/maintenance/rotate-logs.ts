import { createReadStream, createWriteStream, existsSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

export interface LogRotation {
  readonly rotated: string[];
  readonly removed: string[];
}

/**
 * Rotates `<folder>/quarry.log` by copy-and-truncate: the log is compressed to `quarry.log.1.gz`
 * (older copies move up one number, those past `keep` are deleted), then emptied in place. Processes
 * that have the log open keep their descriptor and, since pino appends, write at the new end — so
 * rotation is safe while the app runs (lines written during the copy itself can be lost).
 */
export async function rotateLogs(folder: string, options: { readonly minBytes: number; readonly keep: number }): Promise<LogRotation> {
  const log = join(folder, 'quarry.log');
  if (!existsSync(log)) return { rotated: [], removed: [] };
  const size = statSync(log).size;
  if (size === 0 || size < options.minBytes) return { rotated: [], removed: [] };
  const numbered = (n: number) => join(folder, `quarry.log.${n}.gz`);
  const removed: string[] = [];
  for (let n = options.keep; n >= 1; n--) {
    if (!existsSync(numbered(n))) continue;
    if (n === options.keep) {
      rmSync(numbered(n), { force: true });
      removed.push(numbered(n));
    } else {
      renameSync(numbered(n), numbered(n + 1));
    }
  }
  const partial = `${numbered(1)}.partial`;
  await pipeline(createReadStream(log, { start: 0, end: size - 1 }), createGzip(), createWriteStream(partial));
  renameSync(partial, numbered(1));
  truncateSync(log, 0);
  return { rotated: [numbered(1)], removed };
}
