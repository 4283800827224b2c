import { AskRequest } from '../../../src-shared/schemas/answer';
import type { Command } from 'commander';
import { SearchMode } from '../../../src-shared/schemas/search';
import { positiveInteger, printJson, withEngine, type GlobalOptions } from '../context';

export function registerAskCommand(program: Command): void {
  program
    .command('ask')
    .description('Answer a question from the library, streaming the answer, then list its sources')
    .argument('<question>', 'the question, in quotes')
    .option('-c, --collection <name>', 'only use this collection')
    .option('-m, --mode <mode>', 'retrieval: keyword, dense or hybrid', 'hybrid')
    .option('-k, --top <n>', 'passages given to the answerer', positiveInteger('--top'), 6)
    .option('--model <provider:model>', 'answer with this provider and model instead of the router’s choice')
    .action(async (question: string, options: { collection?: string; mode: string; top: number; model?: string }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>();
      await withEngine(global, async (engine) => {
        const started = engine.answers.ask(
          AskRequest.parse({
            question,
            mode: SearchMode.parse(options.mode),
            topK: options.top,
            ...(options.collection ? { collection: options.collection } : {}),
            ...(options.model ? { override: options.model } : {}),
          }),
        );
        const stop = global.json
          ? () => undefined
          : engine.events.on('answer.token', (token) => {
              if (token.answerId === started.answerId) process.stdout.write(token.delta);
            });
        const interrupt = () => engine.answers.cancel(started.answerId);
        process.once('SIGINT', interrupt);
        try {
          const result = await started.done;
          if (global.json) {
            printJson(result);
            return;
          }
          process.stdout.write('\n');
          if (result.citations.length > 0) {
            process.stdout.write('\nSources:\n');
            for (const c of result.citations) {
              process.stdout.write(`  [${c.n}] ${c.path}${c.page ? `, page ${c.page}` : ''} (chars ${c.start}–${c.end})\n`);
            }
          }
          process.stdout.write(`\n${result.route.provider} · ${result.route.model} — ${result.route.reason}\n`);
          if (result.cache === 'hit') {
            const similar = result.cachedQuestion ? `, for the similar question "${result.cachedQuestion}"` : '';
            process.stdout.write(`(cached answer from ${result.cacheTier ?? 'cache'}${similar})\n`);
          }
        } finally {
          stop();
          process.off('SIGINT', interrupt);
        }
      });
    });
}
