import { SearchRequest } from '../../../src-shared/schemas/search';
import type { Command } from 'commander';
import { SearchMode } from '../../../src-shared/schemas/search';
import { FileType } from '../../../src-shared/schemas/library';
import { positiveInteger, printJson, withEngine, type GlobalOptions } from '../context';

export function registerSearchCommand(program: Command): void {
  program
    .command('search')
    .description('Find the passages that best match a query')
    .argument('<query>', 'words or a question, in quotes')
    .option('-m, --mode <mode>', 'keyword, dense or hybrid', 'hybrid')
    .option('-n, --limit <n>', 'how many passages', positiveInteger('--limit'), 10)
    .option('-c, --collection <name>', 'only this collection')
    .option('-t, --type <types>', 'only these file types, comma-separated (pdf,md,…)')
    .option('-p, --path <prefix>', 'only files under this path')
    .action(
      async (
        query: string,
        options: { mode: string; limit: number; collection?: string; type?: string; path?: string },
        command: Command,
      ) => {
        const global = command.optsWithGlobals<GlobalOptions>();
        await withEngine(global, async (engine) => {
          const result = await engine.search.query(
            SearchRequest.parse({
              query,
              mode: SearchMode.parse(options.mode),
              limit: options.limit,
              ...(options.collection ? { collection: options.collection } : {}),
              ...(options.type ? { fileTypes: options.type.split(',').map((t) => FileType.parse(t.trim())) } : {}),
              ...(options.path ? { pathPrefix: options.path } : {}),
            }),
          );
          if (global.json) {
            printJson(result);
            return;
          }
          if (result.hits.length === 0) process.stdout.write('No passages match.\n');
          result.hits.forEach((hit, i) => {
            const where = `${hit.path}${hit.page ? `, page ${hit.page}` : ''}${hit.headingPath.length ? ` — ${hit.headingPath.join(' › ')}` : ''}`;
            const excerpt = hit.text.replace(/\s+/g, ' ').slice(0, 240);
            process.stdout.write(`${i + 1}. ${where}  (score ${hit.score.toFixed(4)})\n   ${excerpt}${hit.text.length > 240 ? '…' : ''}\n`);
          });
        });
      },
    );
}
