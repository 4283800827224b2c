import { MaintenanceRequest } from '../../../src-shared/schemas/cache';
import type { Command } from 'commander';
import { positiveInteger, printJson, withEngine, type GlobalOptions } from '../context';

export function registerMaintenanceCommand(program: Command): void {
  program
    .command('maintenance')
    .description('Housekeeping, safe while Quarry runs: expired cache entries, index optimize, WAL checkpoint, backup, log rotation')
    .option('--no-backup', 'skip the backup copy of the library')
    .option('--keep-backups <n>', 'backups kept in <data-dir>/backups', positiveInteger('--keep-backups'), 3)
    .option('--rotate-log-mb <n>', 'rotate the log once it is this many MB (0: always)', (raw) => Number(raw), 10)
    .option('--keep-logs <n>', 'rotated logs kept', positiveInteger('--keep-logs'), 5)
    .action(async (options: { backup: boolean; keepBackups: number; rotateLogMb: number; keepLogs: number }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const report = await engine.maintenance.run(
          MaintenanceRequest.parse({
            backup: options.backup,
            keepBackups: options.keepBackups,
            rotateLogBytes: Math.max(0, Math.round(options.rotateLogMb * 1048576)),
            keepLogs: options.keepLogs,
          }),
        );
        if (global.json) return printJson(report);
        const lines = [
          `Expired answers removed: ${report.expiredAnswers}; stale retrievals ${report.staleRetrievals}; unused embeddings pruned: ${report.prunedEmbeddings}`,
          `Keyword index merged in ${report.ftsOptimizeMs.toFixed(0)} ms; PRAGMA optimize ${report.optimizeMs.toFixed(0)} ms`,
          `WAL checkpoint: ${report.checkpoint.checkpointedFrames}/${report.checkpoint.walFrames} frames${report.checkpoint.busy ? ' (busy: readers still active; it completes on a later run)' : ''}`,
          report.backup
            ? `Backup: ${report.backup.path} (${(report.backup.bytes / 1048576).toFixed(1)} MB, check ${report.backup.check})${report.backup.removedOld.length ? `; removed ${report.backup.removedOld.length} older` : ''}`
            : 'Backup: skipped',
          report.logs.rotated.length ? `Log rotated to ${report.logs.rotated.join(', ')}` : 'Log: below the rotation size',
          `Done in ${(report.totalMs / 1000).toFixed(1)} s`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
