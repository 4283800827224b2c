import { join } from 'node:path';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { MaintenanceReport, MaintenanceRequest } from '../../../src-shared/schemas/cache';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../store/database';
import type { AnswerCache } from '../cache/answer-cache';
import type { EmbeddingCache } from '../embedding/embedding-cache';
import type { RetrievalMemo } from '../cache/retrieval-memo';
import { backupLibrary } from './backup-library';
import { rotateLogs } from './rotate-logs';

export interface MaintenanceDeps {
  readonly db: Db;
  readonly dataDir: string;
  readonly answerCache: AnswerCache;
  readonly embeddingCache: EmbeddingCache;
  readonly retrievalMemo: RetrievalMemo;
  readonly logger: Logger;
  readonly audit: AuditLog;
}

const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Merges the keyword index's segments in small steps, each its own short write transaction, so
 * other processes' writes interleave instead of waiting behind one long `optimize`.
 */
async function optimizeKeywordIndex(db: Db): Promise<void> {
  const merge = db.prepare("INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('merge', -64)");
  const changes = db.prepare<[], number>('SELECT total_changes()').pluck();
  for (let step = 0; step < 10_000; step++) {
    const before = changes.get()!;
    merge.run();
    if (changes.get()! - before < 2) return;
    await yieldToOthers();
  }
}

/**
 * Checkpoints the WAL without blocking the app: a passive checkpoint first (never waits); only when
 * it copied everything is the WAL truncated, with a short busy wait so no writer is held up for long.
 */
function checkpoint(db: Db): MaintenanceReport['checkpoint'] {
  type Row = { busy: number; log: number; checkpointed: number };
  const passive = db.pragma('wal_checkpoint(PASSIVE)') as Row[];
  let result = passive[0] ?? { busy: 0, log: 0, checkpointed: 0 };
  if (result.busy === 0 && result.log === result.checkpointed) {
    const previous = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 200');
    try {
      result = (db.pragma('wal_checkpoint(TRUNCATE)') as Row[])[0] ?? result;
    } finally {
      db.pragma(`busy_timeout = ${previous}`);
    }
  }
  return { busy: result.busy !== 0, walFrames: Math.max(0, result.log), checkpointedFrames: Math.max(0, result.checkpointed) };
}

/** Housekeeping that is safe while the app is in use: expired cache entries, indexes, WAL, a backup, logs. */
export async function runMaintenance(deps: MaintenanceDeps, request: z.output<typeof MaintenanceRequest>): Promise<MaintenanceReport> {
  const started = performance.now();
  const expiredAnswers = deps.answerCache.deleteExpired();
  const staleRetrievals = deps.retrievalMemo.deleteStale();
  const prunedEmbeddings = deps.embeddingCache.prune(Date.now() - request.embeddingMaxAgeDays * 86_400_000);
  let mark = performance.now();
  await optimizeKeywordIndex(deps.db);
  const ftsOptimizeMs = performance.now() - mark;
  mark = performance.now();
  deps.db.pragma('optimize');
  const optimizeMs = performance.now() - mark;
  const walCheckpoint = checkpoint(deps.db);
  const backup = request.backup ? await backupLibrary(deps.db, join(deps.dataDir, 'backups'), request.keepBackups) : null;
  const logs = await rotateLogs(join(deps.dataDir, 'logs'), { minBytes: request.rotateLogBytes, keep: request.keepLogs });
  const report: MaintenanceReport = {
    expiredAnswers,
    staleRetrievals,
    prunedEmbeddings,
    ftsOptimizeMs,
    optimizeMs,
    checkpoint: walCheckpoint,
    backup,
    logs,
    totalMs: performance.now() - started,
  };
  deps.logger.info({ report }, 'maintenance done');
  // A backup is a full copy of the library: an export worth recording.
  deps.audit.record({
    action: backup ? 'library.backup' : 'maintenance.run',
    target: backup?.path ?? '',
    details: { backupBytes: backup?.bytes ?? 0, expiredAnswers },
  });
  return report;
}
