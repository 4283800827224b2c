import { IngestRequest } from '../../../src-shared/schemas/library';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import type { JobProgress } from '../../../src-shared/schemas/library';
import { printJson, withEngine, type GlobalOptions } from '../context';

function summary(progress: JobProgress) {
  return {
    job: progress.jobId,
    status: progress.status,
    files: progress.filesTotal,
    documents: progress.documents,
    chunks: progress.chunks,
    skipped: progress.skipped,
    failed: progress.failed.map((f) => ({ path: f.path, code: f.code, error: f.error })),
    warnings: progress.warned.map((w) => ({ path: w.path, warning: w.warning })),
  };
}

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('Read files and folders (recursively) into the library; unchanged files are skipped')
    .argument('<paths...>', 'files or folders to ingest')
    .option('-c, --collection <name>', 'collection to put the documents in', 'default')
    .option('-f, --force', 're-read files even when their content is unchanged (re-index)')
    .action(async (paths: string[], options: { collection: string; force?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(
        global,
        async (engine) => {
          const resumed = engine.library.resumeJobs();
          const { jobId } = await engine.library.ingest(
            IngestRequest.parse({ paths, collection: options.collection, force: options.force === true }),
          );
          const showBar = !global.json && process.stderr.isTTY;
          const bar = showBar
            ? new SingleBar(
                { format: '{bar} {value}/{total} files | {chunks} chunks | ETA {eta_formatted} | {file}', hideCursor: true },
                Presets.shades_classic,
              )
            : null;
          const stopListening = engine.events.on('ingest.progress', (progress) => {
            if (progress.jobId !== jobId || !bar) return;
            if (bar.getTotal() !== progress.filesTotal) bar.start(progress.filesTotal, progress.filesDone, { chunks: 0, file: '' });
            bar.update(progress.filesDone, { chunks: progress.chunks, file: progress.currentFile?.split('/').pop() ?? '' });
          });
          const interrupt = () => engine.library.cancelJob(jobId);
          process.once('SIGINT', interrupt);
          for (const id of resumed) await engine.library.waitForJob(id);
          const final = await engine.library.waitForJob(jobId);
          process.off('SIGINT', interrupt);
          stopListening();
          bar?.stop();
          if (global.json) {
            printJson(summary(final));
            return;
          }
          if (resumed.length > 0) process.stdout.write(`Resumed ${resumed.length} interrupted ingestion job(s).\n`);
          process.stdout.write(
            `${final.status === 'cancelled' ? 'Cancelled' : 'Done'}: ${final.documents} documents (${final.chunks} chunks) indexed, ${final.skipped} unchanged, ${final.failed.length} failed.\n`,
          );
          for (const failure of final.failed) process.stdout.write(`  ✗ ${failure.path}: ${failure.error}\n`);
          for (const warned of final.warned) process.stdout.write(`  ! ${warned.path}: ${warned.warning}\n`);
        },
        { resumeJobs: false },
      );
    });
}
