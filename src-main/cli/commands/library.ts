import { DocumentFilter } from '../../../src-shared/schemas/library';
import type { Command } from 'commander';
import { printJson, withEngine, type GlobalOptions } from '../context';

export function registerLibraryCommands(program: Command): void {
  program
    .command('docs')
    .description('List the documents in the library')
    .option('-c, --collection <name>', 'only this collection')
    .action(async (options: { collection?: string }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const documents = engine.library.documents(DocumentFilter.parse(options.collection ? { collection: options.collection } : {}));
        if (global.json) return printJson(documents);
        if (documents.length === 0) process.stdout.write('The library is empty. Add files with: quarry ingest <path…>\n');
        for (const doc of documents) {
          process.stdout.write(
            `${String(doc.id).padStart(5)}  ${doc.fileType.padEnd(4)} ${String(doc.chunks).padStart(5)} chunks  [${doc.collection}] ${doc.path}\n`,
          );
        }
      });
    });

  program
    .command('rm')
    .description('Remove a document (by path or id) with all its passages and vectors')
    .argument('<ref>', 'document path or id')
    .action(async (ref: string, _options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const result = engine.library.remove(ref);
        if (global.json) return printJson(result);
        for (const path of result.paths) process.stdout.write(`Removed ${path}\n`);
      });
    });

  program
    .command('stats')
    .description('Library size and database integrity')
    .action(async (_options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const stats = engine.library.stats();
        if (global.json) return printJson(stats);
        process.stdout.write(
          `${stats.documents} documents, ${stats.chunks} chunks in ${stats.collections} collections; ${(stats.dbBytes / 1048576).toFixed(1)} MB; integrity ${stats.integrity}; embedder ${stats.embedder}\n`,
        );
      });
    });

  const collection = program.command('collection').description('List collections and mark them private or public');
  collection
    .command('list', { isDefault: true })
    .description('List collections')
    .action(async (_options: unknown, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const list = engine.library.collections();
        if (global.json) return printJson(list);
        for (const c of list)
          process.stdout.write(`${c.name}${c.private ? ' (private)' : ''}: ${c.documents} documents, ${c.chunks} chunks\n`);
      });
    });
  for (const [name, isPrivate] of [
    ['private', true],
    ['public', false],
  ] as const) {
    collection
      .command(name)
      .description(
        isPrivate ? 'Never send this collection’s text to a cloud provider' : 'Allow cloud providers for this collection (when enabled)',
      )
      .argument('<collection>', 'collection name')
      .action(async (collectionName: string, _options: unknown, command: Command) => {
        const global = command.optsWithGlobals<GlobalOptions>();
        await withEngine(global, async (engine) => {
          const result = engine.library.setCollectionPrivate(collectionName, isPrivate);
          if (global.json) return printJson(result);
          process.stdout.write(`Collection '${result.name}' is now ${result.private ? 'private' : 'public'}.\n`);
        });
      });
  }

  program
    .command('jobs')
    .description('List ingestion jobs; --resume finishes the ones a crash interrupted')
    .option('--resume', 'resume interrupted jobs and wait for them')
    .action(async (options: { resume?: boolean }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        if (options.resume) for (const id of engine.library.resumeJobs()) await engine.library.waitForJob(id);
        const jobs = engine.library.jobs(50);
        if (global.json) return printJson(jobs);
        for (const job of jobs) {
          process.stdout.write(
            `${job.jobId}  ${job.status.padEnd(9)} ${job.filesDone}/${job.filesTotal} files, ${job.chunks} chunks, ${job.failed.length} failed\n`,
          );
        }
      });
    });
}
