import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';

/** The engine's log goes to a file in the data folder: stdout belongs to the CLI's output. */
export function createFileLogger(dataDir: string, level = process.env.QUARRY_LOG_LEVEL ?? 'info'): Logger {
  const folder = join(dataDir, 'logs');
  mkdirSync(folder, { recursive: true });
  return pino({ level }, pino.destination({ dest: join(folder, 'quarry.log'), sync: true }));
}
